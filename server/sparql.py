"""The SPARQL 1.1 Protocol: queries at /sparql, updates at /update (and at /sparql, for one-URL clients).

Queries run through the ``Harbour.queries`` runner (worker processes with a time limit, a memory
budget and a result cap, see ``graph/query_runner.py``); updates run in this process, for token
holders only. Errors are plain text with the reason, the parser's message for a malformed request.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from harbour.graph.evaluation import NotAcceptable, QueryFailed, QueryRequest, QueryTimeout
from harbour.graph.query_runner import QueryMemoryExceeded
from harbour.graph.sparql_text import (MAX_NESTING, UpdateDatasetConflict, fetches_urls, nesting_depth,
                                        with_update_dataset, without_silent_loads)
from harbour.graph.store import QueryError
from harbour.ontology import PREFIXES

from .auth import write_refusal
from .negotiation import UnknownFormat, query_formats_for
from .void import service_description_response

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"
#: Header telling whether an answer was cut at the result limit ("true"/"false").
TRUNCATED_HEADER = "Harbour-Results-Truncated"


class ProtocolError(Exception):
    """The request is not a valid SPARQL Protocol operation; carries the status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> Response:
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


def _check_charset() -> None:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset {charset}: send the request in UTF-8")


def _body_text() -> str:
    _check_charset()
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as decode_error:
        raise ProtocolError(400, f"the request body is not valid UTF-8: {decode_error}") from decode_error


def _values(name: str) -> list[str]:
    """A parameter's values from the URL and, for a form POST, from the body."""
    values = request.args.getlist(name)
    if request.method == "POST" and request.mimetype == FORM:
        values += request.form.getlist(name)
    return values


def _single(name: str) -> str | None:
    values = _values(name)
    if len(values) > 1:
        raise ProtocolError(400, f"more than one '{name}' parameter: send exactly one")
    return values[0] if values else None


def _operation() -> tuple[str, str] | None:
    """("query" or "update", text) of this request, None for none; raises ProtocolError."""
    if request.method == "POST":
        if request.mimetype == QUERY_MEDIA:
            return "query", _body_text()
        if request.mimetype == UPDATE_MEDIA:
            return "update", _body_text()
        if request.mimetype != FORM:
            raise ProtocolError(415, f"unsupported media type {request.mimetype or '(none)'}: send "
                                  f"{QUERY_MEDIA}, {UPDATE_MEDIA} or {FORM}")
        _check_charset()
    query, update = _single("query"), _single("update")
    if query is not None and update is not None:
        raise ProtocolError(400, "a request carries either a query or an update, not both")
    if update is not None and request.method != "POST":
        raise ProtocolError(400, "a SPARQL update must be sent with POST")
    if query is not None:
        return "query", query
    return ("update", update) if update is not None else None


def _graph_parameters(name: str) -> tuple[str, ...]:
    return tuple(_values(name))


@bp.errorhandler(ProtocolError)
def _protocol_error(exception: ProtocolError) -> Response:
    return error(exception.status, str(exception))


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def query() -> Response:
    operation = _operation()
    if operation is None:
        if request.method == "GET" and set(request.args) <= {"format"}:
            return service_description_response()
        raise ProtocolError(400, "missing the 'query' parameter (or an 'update', sent with POST)")
    kind, text = operation
    return run_update(text) if kind == "update" else run_query(text)


@bp.route("/update", methods=["POST"])
@bp.route("/update/", methods=["POST"])
def update() -> Response:
    operation = _operation()
    if operation is None or operation[0] != "update":
        raise ProtocolError(400, "missing the 'update' parameter")
    return run_update(operation[1])


def _refuse_deep_nesting(text: str) -> None:
    if nesting_depth(text) > MAX_NESTING:
        raise ProtocolError(400, f"the request nests groups, brackets or parentheses more than {MAX_NESTING} deep")


def _refuse_fetching(text: str) -> None:
    settings = current_app.extensions["harbour"].settings
    if not settings.allow_service and fetches_urls(text):
        raise ProtocolError(400, "SERVICE and LOAD are disabled on this server: they would make it fetch URLs "
                              "(start it with --allow-service to enable federated queries)")


def run_query(text: str) -> Response:
    harbour = current_app.extensions["harbour"]
    settings = harbour.settings
    _refuse_deep_nesting(text)  # before a parser sees it: pyoxigraph's would overflow its stack
    _refuse_fetching(text)
    try:
        formats = query_formats_for(request.headers.get("Accept", ""), _single("format"))
    except UnknownFormat as unknown:
        raise ProtocolError(400, str(unknown)) from unknown
    default_graphs, named_graphs = _graph_parameters("default-graph-uri"), _graph_parameters("named-graph-uri")
    dataset = default_graphs or named_graphs
    query_request = QueryRequest(text, formats, default_graph_uris=default_graphs if dataset else None,
                                 named_graph_uris=named_graphs if dataset else None, base_iri=request.base_url,
                                 prefixes=PREFIXES, union_default_graph=settings.union_default_graph,
                                 result_limit=settings.result_limit)
    try:
        outcome = harbour.queries.run(query_request, settings.query_timeout)
    except QueryError as malformed:
        return error(400, f"malformed query: {malformed}")
    except NotAcceptable as refused:
        return error(406, f"not acceptable: {refused}")
    except QueryTimeout as late:
        response = error(503, f"{late} (limit: {settings.query_timeout:g} s)")
        response.headers["Retry-After"] = "5"
        return response
    except QueryMemoryExceeded as big:
        return error(503, str(big))
    except QueryFailed as failed:
        return error(500, f"the query failed: {failed}")
    response = Response(outcome.body, mimetype=outcome.media_type)
    response.headers["Vary"] = "Accept"
    if outcome.kind != "boolean":
        response.headers[TRUNCATED_HEADER] = "true" if outcome.truncated else "false"
        if outcome.truncated:
            response.headers["Harbour-Result-Limit"] = str(settings.result_limit)
    return response


def run_update(text: str) -> Response:
    refusal = write_refusal()
    if refusal is not None:
        return refusal
    if not current_app.extensions["harbour"].settings.allow_service:
        text = without_silent_loads(text)
    _refuse_deep_nesting(text)
    _refuse_fetching(text)
    try:
        text = with_update_dataset(text, _graph_parameters("using-graph-uri"), _graph_parameters("using-named-graph-uri"))
        current_app.extensions["harbour"].store.update(text, base_iri=request.base_url)
    except UpdateDatasetConflict as conflict:
        return error(400, str(conflict))
    except QueryError as malformed:
        return error(400, f"malformed update: {malformed}")
    except OSError as failed:  # e.g. DROP GRAPH of a graph that does not exist, without SILENT
        return error(400, f"the update failed: {failed}")
    return Response(status=204)
