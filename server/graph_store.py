"""The SPARQL 1.1 Graph Store HTTP Protocol at /store.

* Indirect identification: ``/store?graph=<iri>`` or ``/store?default``.
* Direct identification: ``/store/<path>`` is the graph whose IRI is that URL.
* ``/store`` alone is the whole graph store: GET dumps every graph (N-Quads or TriG), POST of a dataset
  format adds quads to their graphs, POST of a graph format creates a new graph (201 + Location).

GET/HEAD are reads; PUT, POST and DELETE need the bearer token. Status codes follow the protocol:
201 when a graph was created, 204 after a write to an existing graph, 404 for a missing graph.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, current_app, request
from werkzeug.datastructures import FileStorage

from harbour.graph import graph_store as gsp
from harbour.graph.evaluation import GRAPH_FORMATS
from harbour.ontology import PREFIXES

from .auth import require_write_token
from .negotiation import UnknownFormat, best_format, graph_format

bp = Blueprint("graph_store", __name__)

_METHODS = ["GET", "PUT", "POST", "DELETE"]  # Flask adds HEAD and OPTIONS
_DATASET_CHOICES = {name: GRAPH_FORMATS[name] for name in ("nquads", "trig")}


class GraphStoreError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@bp.errorhandler(GraphStoreError)
def _answer_error(exception: GraphStoreError) -> Response:
    return Response(f"{exception}\n", status=exception.status, mimetype="text/plain")


def _indirect_target() -> tuple[bool, str | None]:
    """(whether the request names a graph, its IRI or None for the default graph)."""
    graphs = request.args.getlist("graph")
    if "default" in request.args:
        if graphs:
            raise GraphStoreError(400, "give either ?default or ?graph=<iri>, not both")
        return True, None
    if len(graphs) > 1:
        raise GraphStoreError(400, "give one ?graph=<iri>")
    if graphs:
        return True, _checked_iri(graphs[0])
    return False, None


def _checked_iri(iri: str) -> str:
    try:
        return gsp.checked_iri(iri)
    except ValueError as error:
        raise GraphStoreError(400, str(error)) from error


@bp.route("/store", methods=_METHODS)
@bp.route("/store/", methods=_METHODS)
def graph_store() -> Response:
    named, graph = _indirect_target()
    if named:
        return _graph_resource(graph)
    return _store_resource()


@bp.route("/store/<path:_path>", methods=_METHODS)
def direct_graph(_path: str) -> Response:
    if request.args:
        raise GraphStoreError(400, "a graph named by its URL takes no ?graph or ?default")
    return _graph_resource(_checked_iri(request.base_url))


def _graph_resource(graph: str | None) -> Response:
    if request.method in ("GET", "HEAD"):
        return _read_graph(graph)
    return {"PUT": _put, "POST": _post, "DELETE": _delete}[request.method](graph)


def _read_graph(graph: str | None) -> Response:
    store = current_app.extensions["harbour"].store
    try:
        name = graph_format(request.accept_mimetypes, request.args.get("format"))
    except UnknownFormat as error:
        raise GraphStoreError(400, str(error)) from error
    if name is None:
        raise GraphStoreError(406, "not acceptable: graphs are served as "
                                   + ", ".join(media for media, _ in GRAPH_FORMATS.values()))
    if not gsp.graph_exists(store, graph):
        raise GraphStoreError(404, f"no graph {graph}")
    body = b"" if request.method == "HEAD" else gsp.serialize_graph(store, graph, name, PREFIXES)
    response = Response(body, mimetype=GRAPH_FORMATS[name][0])
    response.headers["Vary"] = "Accept"
    return response


def _payload_triples() -> list:
    """The triples of the request body, or of every file of a multipart/form-data body."""
    base = request.base_url
    if request.mimetype == "multipart/form-data":
        files: list[FileStorage] = [f for name in request.files for f in request.files.getlist(name)]
        if not files:
            raise GraphStoreError(400, "the multipart body has no file parts")
        triples = []
        for part in files:
            try:
                fmt = gsp.rdf_format_of_file(part.mimetype, part.filename)
            except gsp.UnsupportedMediaType as error:
                raise GraphStoreError(415, f"{part.filename or 'a part'}: {error}") from error
            triples += _parsed(lambda: gsp.parse_triples(part.read(), fmt, base))
        return triples
    fmt = _body_format()
    return _parsed(lambda: gsp.parse_triples(request.get_data(), fmt, base))


def _body_format():
    try:
        return gsp.rdf_format(request.content_type or "")
    except gsp.UnsupportedMediaType as error:
        raise GraphStoreError(415, str(error)) from error


def _parsed(parse):
    try:
        return parse()
    except gsp.PayloadError as error:
        raise GraphStoreError(400, str(error)) from error


@require_write_token
def _put(graph: str | None) -> Response:
    created = gsp.replace_graph(current_app.extensions["harbour"].store, graph, _payload_triples())
    return Response(status=201 if created else 204)


@require_write_token
def _post(graph: str | None) -> Response:
    created = gsp.add_to_graph(current_app.extensions["harbour"].store, graph, _payload_triples())
    return Response(status=201 if created else 204)


@require_write_token
def _delete(graph: str | None) -> Response:
    if not gsp.delete_graph(current_app.extensions["harbour"].store, graph):
        raise GraphStoreError(404, f"no graph {graph}")
    return Response(status=204)


def _store_resource() -> Response:
    if request.method in ("GET", "HEAD"):
        return _dump()
    if request.method == "POST":
        return _post_to_store()
    raise GraphStoreError(400, f"{request.method} needs a graph: /store?graph=<iri>, /store?default or /store/<path>")


def _dump() -> Response:
    name = best_format(request.accept_mimetypes, _DATASET_CHOICES, "trig")
    if request.args.get("format") in _DATASET_CHOICES:
        name = request.args["format"]
    if name is None:
        raise GraphStoreError(406, "not acceptable: the whole store is served as application/n-quads or application/trig")
    store = current_app.extensions["harbour"].store
    body = b"" if request.method == "HEAD" else gsp.serialize_quads(gsp.dataset_quads(store), name)
    return Response(body, mimetype=GRAPH_FORMATS[name][0])


@require_write_token
def _post_to_store() -> Response:
    store = current_app.extensions["harbour"].store
    fmt = None if request.mimetype == "multipart/form-data" else _body_format()
    if fmt is not None and fmt.supports_datasets:
        gsp.add_quads(store, _parsed(lambda: gsp.parse_quads(request.get_data(), fmt, request.base_url)))
        return Response(status=204)
    graph = f"{request.url_root}store/{uuid.uuid4().hex}"
    gsp.add_to_graph(store, graph, _payload_triples())
    response = Response(status=201)
    response.headers["Location"] = graph
    return response

