"""The SPARQL 1.1 Protocol: queries at /sparql, updates at /update."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from harbour.graph.store import QueryError

from .auth import require_write_token
from .negotiation import query_formats

bp = Blueprint("sparql", __name__)

_FORM = "application/x-www-form-urlencoded"


def _error(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


def _query_text() -> tuple[str | None, Response | None]:
    """The query from GET, a form POST or a direct POST; or the error response."""
    if request.method == "GET":
        return request.args.get("query"), None
    content_type = request.mimetype
    if content_type == _FORM:
        return request.form.get("query"), None
    if content_type == "application/sparql-query":
        return request.get_data(as_text=True), None
    return None, _error(415, f"unsupported media type {content_type or '(none)'}: send "
                             "application/sparql-query or application/x-www-form-urlencoded")


def _params(name: str) -> list[str]:
    values = request.args.getlist(name)
    if request.method == "POST" and request.mimetype == _FORM:
        values += request.form.getlist(name)
    return values


@bp.route("/sparql", methods=["GET", "POST"])
def query() -> Response:
    harbour = current_app.extensions["harbour"]
    text, error = _query_text()
    if error is not None:
        return error
    if text is None:
        if request.method == "GET" and not request.args:
            return harbour.service_description(request.accept_mimetypes, request.base_url)
        return _error(400, "missing the 'query' parameter")
    formats = query_formats(request.accept_mimetypes, request.values.get("format"))
    try:
        outcome = harbour.store.run_query(text, formats, default_graph_uris=_params("default-graph-uri") or None,
                                          named_graph_uris=_params("named-graph-uri") or None)
    except QueryError as error_:
        return _error(400, f"malformed query: {error_}")
    response = Response(outcome.body, mimetype=outcome.media_type)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/update", methods=["POST"])
@require_write_token
def update() -> Response:
    harbour = current_app.extensions["harbour"]
    if request.mimetype == _FORM:
        text = request.form.get("update")
    elif request.mimetype == "application/sparql-update":
        text = request.get_data(as_text=True)
    else:
        return _error(415, f"unsupported media type {request.mimetype or '(none)'}: send "
                           "application/sparql-update or application/x-www-form-urlencoded")
    if not text:
        return _error(400, "missing the 'update' parameter")
    if _params("using-graph-uri") or _params("using-named-graph-uri"):
        return _error(400, "using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
    try:
        harbour.store.update(text)
    except QueryError as error_:
        return _error(400, f"malformed update: {error_}")
    return Response(status=204)
