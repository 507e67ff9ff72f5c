"""The endpoint's service description (on GET /sparql) and the dataset's VoID description (/void).

The VoID statistics count the whole store, so they are cached until the next write (the store's change
counter) or for ``MAX_AGE`` seconds, whichever comes first.
"""

from __future__ import annotations

import threading
import time

from flask import Blueprint, Response, current_app, request

from harbour.graph.void import EndpointFacts, dataset_description, description_bytes, service_description
from harbour.graph.store import GRAPH_FORMATS

from .negotiation import UnknownFormat, graph_format

bp = Blueprint("void", __name__)

MAX_AGE = 30.0


def endpoint_facts() -> EndpointFacts:
    harbour = current_app.extensions["harbour"]
    settings = harbour.settings
    root = request.url_root
    return EndpointFacts(endpoint=root + "sparql", void=root + "void", base=settings.base,
                         union_default_graph=settings.union_default_graph, federated=settings.allow_service,
                         updates=not settings.read_only and bool(settings.token))


class _DescriptionCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[EndpointFacts, tuple[int, float, list]] = {}

    def dataset(self, facts: EndpointFacts) -> list:
        store = current_app.extensions["harbour"].store
        with self._lock:
            changes, made, triples = self._entries.get(facts, (-1, 0.0, []))
            if changes != store.changes or time.monotonic() - made > MAX_AGE:
                changes = store.changes  # read before computing: a write meanwhile makes the entry stale
                triples = dataset_description(store, facts)
                self._entries = {facts: (changes, time.monotonic(), triples)}
            return triples


def _described(triples_for) -> Response:
    try:
        name = graph_format(request.accept_mimetypes, request.args.get("format"))
    except UnknownFormat as error:
        return Response(f"{error}\n", status=400, mimetype="text/plain")
    if name is None:
        offered = ", ".join(media for media, _ in GRAPH_FORMATS.values())
        return Response(f"not acceptable: this description is available as {offered}\n", status=406,
                        mimetype="text/plain")
    response = Response(description_bytes(triples_for(endpoint_facts()), name), mimetype=GRAPH_FORMATS[name][0])
    response.headers["Vary"] = "Accept"
    return response


def service_description_response() -> Response:
    store = current_app.extensions["harbour"].store
    return _described(lambda facts: service_description(store, facts))


@bp.route("/void", methods=["GET"])
@bp.route("/.well-known/void", methods=["GET"])
def void() -> Response:
    cache = current_app.extensions.setdefault("harbour.void", _DescriptionCache())
    return _described(cache.dataset)
