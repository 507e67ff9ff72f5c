"""A remote SPARQL 1.1 server as Harbour's store: Query, Update and the Graph Store HTTP Protocol over HTTP.

``RemoteSparqlStore`` answers the part of ``pyoxigraph.Store``'s interface that ``HarbourStore`` and the rest
of ``graph/`` use (``query``, ``update``, ``quads_for_pattern``, ``contains_named_graph``, ``extend``,
``remove_graph``, ``dump``, ``bulk_load``, ``len``), so every command and the server run unchanged on it.
Answers come back as pyoxigraph's own objects (``parse_query_results``, ``parse``), so the code that reads
them cannot tell the backends apart.

* **Writes** are one HTTP request each: a document is ``DROP SILENT GRAPH`` + ``INSERT DATA`` in one
  SPARQL Update request, which SPARQL 1.1 servers apply as one transaction (Oxigraph, Fuseki, GraphDB). A batch
  of documents is one request too (:func:`document_updates`), split into several where it would pass the
  server's body limit (``oxigraph serve`` refuses SPARQL bodies over 1 MiB), each document whole in one.
* **Union default graph**: Harbour's queries read the union of the document graphs. Oxigraph takes
  ``union-default-graph`` as a request parameter (``HARBOUR_STORE_UNION=param``, the default); for servers
  configured that way already (Fuseki's ``unionDefaultGraph``, GraphDB) set ``HARBOUR_STORE_UNION=server``.
* **Bindings** (pyoxigraph's ``substitutions``) become a ``VALUES`` block at the start of the query's outer
  ``WHERE`` group: the variable is bound before anything else in the pattern is joined, as with a substitution.
* **Time limit**: ``timeout_for`` sets the HTTP timeout of the queries of one thread; the remote server's
  own limit (``oxigraph serve --timeout-s``) stops the evaluation there.

Settings (environment): ``HARBOUR_STORE_USER`` / ``HARBOUR_STORE_PASSWORD`` (HTTP basic) or
``HARBOUR_STORE_TOKEN`` (bearer); ``HARBOUR_STORE_QUERY_PATH`` / ``_UPDATE_PATH`` / ``_GSP_PATH`` (default
``/query``, ``/update``, ``/store`` as ``oxigraph serve``); ``HARBOUR_STORE_TIMEOUT`` (seconds, 60).

>>> is_remote("http://127.0.0.1:7878"), is_remote("data/store")
(True, False)
>>> with_bindings("SELECT ?h WHERE { GRAPH ?doc { ?doc hb:contentHash ?h } }", {"doc": "<urn:d>"})
'SELECT ?h WHERE { VALUES ?doc { <urn:d> } GRAPH ?doc { ?doc hb:contentHash ?h } }'
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pyoxigraph as ox

from .sparql_text import tokens

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"
_CHUNK = 1 << 16
#: The largest SPARQL Update a batch write sends (bytes): ``oxigraph serve`` refuses bodies over 1 MiB; set
#: ``HARBOUR_STORE_MAX_UPDATE_BYTES`` for servers that take more (fewer requests) or less.
MAX_UPDATE_BYTES = 1_000_000


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    """A store location is remote when it is an http(s) URL."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class RemoteOptions:
    """How to reach the server: endpoint paths, credentials, the union-default-graph mode and the timeout."""

    query_path: str = "/query"
    update_path: str = "/update"
    store_path: str = "/store"
    user: str | None = None
    password: str | None = None
    token: str | None = None
    union: str = "param"  # "param": send union-default-graph=true; "server": the server already does it
    timeout: float = 60.0

    @classmethod
    def from_env(cls) -> "RemoteOptions":
        env = os.environ
        return cls(query_path=env.get("HARBOUR_STORE_QUERY_PATH", "/query"),
                   update_path=env.get("HARBOUR_STORE_UPDATE_PATH", "/update"),
                   store_path=env.get("HARBOUR_STORE_GSP_PATH", "/store"),
                   user=env.get("HARBOUR_STORE_USER") or None, password=env.get("HARBOUR_STORE_PASSWORD") or None,
                   token=env.get("HARBOUR_STORE_TOKEN") or None, union=env.get("HARBOUR_STORE_UNION", "param"),
                   timeout=float(env.get("HARBOUR_STORE_TIMEOUT", "60")))


def search_index_path(url: str) -> Path:
    """Where the search index of a remote store lives: ``HARBOUR_SEARCH_INDEX``, else under ./data keyed by
    the URL (the index is derived data, rebuilt from the store when it differs)."""
    path = Path(os.environ.get("HARBOUR_SEARCH_INDEX")
                or Path("data") / f"search-{hashlib.sha256(url.encode()).hexdigest()[:16]}.sqlite")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class RemoteStoreError(OSError):
    """The remote server could not be reached or refused a request for a reason other than its syntax."""


class RemoteSparqlStore:
    """The subset of ``pyoxigraph.Store`` Harbour uses, over the SPARQL 1.1 protocols."""

    def __init__(self, url: str, options: RemoteOptions | None = None) -> None:
        self.url = url.rstrip("/")
        self.options = options or RemoteOptions.from_env()
        headers = {"Authorization": f"Bearer {self.options.token}"} if self.options.token else {}
        auth = (self.options.user, self.options.password or "") if self.options.user else None
        self._client = httpx.Client(headers=headers, auth=auth, timeout=self.options.timeout)
        self._timeouts = threading.local()

    def __repr__(self) -> str:
        return f"RemoteSparqlStore({self.url!r})"

    # --- reads ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def timeout_for(self, seconds: float) -> Iterator[None]:
        """Queries of this thread give up after ``seconds`` inside the block (httpx.TimeoutException)."""
        previous = getattr(self._timeouts, "value", None)
        self._timeouts.value = max(seconds, 0.001)
        try:
            yield
        finally:
            self._timeouts.value = previous

    def query(self, query: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None,
              use_default_graph_as_union: bool = False, default_graph: list | None = None,
              named_graphs: list | None = None, substitutions: Mapping | None = None):
        if substitutions:
            query = with_bindings(query, {variable.value: str(term) for variable, term in substitutions.items()})
        params: list[tuple[str, str]] = []
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", g.value) for g in default_graph or ()]
            params += [("named-graph-uri", g.value) for g in named_graphs or ()]
        elif use_default_graph_as_union and self.options.union == "param":
            params.append(("union-default-graph", ""))
        response = self._post(self.options.query_path, _prologue(prefixes, base_iri) + query,
                              "application/sparql-query", params, accept=_ACCEPT,
                              timeout=getattr(self._timeouts, "value", None))
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in _RESULT_TYPES:
            return ox.parse_query_results(response.content, _RESULT_TYPES[media])
        if media in _GRAPH_TYPES:
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content,
                                                                                    _GRAPH_TYPES[media])]
        raise RemoteStoreError(f"{self.url}: unexpected answer of type {media!r} to a query")

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> Iterator[ox.Quad]:
        """Quads matching a pattern (None matches anything; ``ox.DefaultGraph()`` is the default graph only)."""
        terms = {"s": subject, "p": predicate, "o": object}
        pattern = " ".join(str(t) if t is not None else f"?{v}" for v, t in terms.items())
        if isinstance(graph_name, ox.DefaultGraph):
            where = f"{{ {pattern} }}"
        elif graph_name is None and self.options.union == "param":
            where = f"{{ {{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }} }}"
        else:  # a server whose default graph is the union: its own default graph cannot be told apart
            where = f"{{ GRAPH {graph_name or '?g'} {{ {pattern} }} }}"
        for row in self.query(f"SELECT * WHERE {where}"):
            graph = graph_name if graph_name is not None else (row["g"] or ox.DefaultGraph())
            yield ox.Quad(subject or row["s"], predicate or row["p"], object or row["o"], graph)

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(rows))["n"].value)

    def dump(self, output: IO[bytes], format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """The whole dataset from the Graph Store endpoint, streamed."""
        with self._client.stream("GET", self.url + self.options.store_path,
                                 headers={"Accept": format.media_type}) as response:
            _check(response, self.url)
            for chunk in response.iter_bytes(_CHUNK):
                output.write(chunk)

    # --- writes -----------------------------------------------------------------------------

    def update(self, update: str, *, prefixes: Mapping[str, str] | None = None, base_iri: str | None = None) -> None:
        self._post(self.options.update_path, _prologue(prefixes, base_iri) + update, "application/sparql-update")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one request (one transaction on the server)."""
        self.update(f"INSERT DATA {{\n{_data_blocks(quads)}\n}}")

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def bulk_load(self, *, path: str, format: ox.RdfFormat) -> None:
        """POST a dump's file to the Graph Store endpoint (the server parses and loads it)."""
        with open(path, "rb") as data:
            response = self._client.post(self.url + self.options.store_path, content=data,
                                         headers={"Content-Type": format.media_type}, timeout=None)
        _check(response, self.url)

    def flush(self) -> None:
        pass

    def backup(self, _target: str) -> None:
        raise RemoteStoreError(f"{self.url}: a remote store cannot be checkpointed locally; use `harbour dump`")

    def close(self) -> None:
        self._client.close()

    def _post(self, path: str, body: str, media_type: str, params: list[tuple[str, str]] | None = None,
              accept: str | None = None, timeout: float | None = None) -> httpx.Response:
        headers = {"Content-Type": f"{media_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        try:
            response = self._client.post(self.url + path, content=body.encode("utf-8"), params=params or None,
                                         headers=headers, **({"timeout": timeout} if timeout else {}))
        except httpx.TimeoutException:
            raise
        except httpx.HTTPError as error:
            raise RemoteStoreError(f"{self.url}: {error}") from error
        _check(response, self.url)
        return response


def _check(response: httpx.Response, url: str) -> None:
    if response.status_code == 400:
        response.read()
        raise SyntaxError(response.text.strip() or "the remote server refused the request (400)")
    if response.status_code >= 300:
        response.read()
        raise RemoteStoreError(f"{url}: {response.status_code} {response.reason_phrase}: {response.text.strip()[:300]}")


def _prologue(prefixes: Mapping[str, str] | None, base_iri: str | None) -> str:
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {name}: <{namespace}>" for name, namespace in (prefixes or {}).items()]
    return "\n".join(lines) + "\n" if lines else ""


def _data_blocks(quads: Iterable[ox.Quad]) -> str:
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    return "\n".join("\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}"
                     for graph, lines in by_graph.items())


def graph_triples_text(iri: str, quads: Sequence[ox.Quad] | bytes) -> str:
    """A document's quads (all in the graph ``iri``; pyoxigraph quads or N-Quads bytes) as the triples of a
    ``GRAPH <iri> { … }`` block of a SPARQL update: N-Quads lines lose their graph name, nothing is parsed.

    >>> graph_triples_text("urn:d", b'<urn:s> <urn:p> "o <urn:d> ." <urn:d> .\\n')
    '<urn:s> <urn:p> "o <urn:d> ." .'
    """
    if isinstance(quads, bytes):
        suffix = f" <{iri}> ."
        lines = quads.decode("utf-8").splitlines()
        if all(line.endswith(suffix) for line in lines):
            return "\n".join(line[:-len(suffix)] + " ." for line in lines)
        quads = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def replacing_update(documents: Sequence[tuple[str, Sequence[ox.Quad] | bytes]], dropped: Iterable[str]) -> str:
    """One SPARQL update (one transaction) that drops the graphs ``dropped`` and inserts every document's graph.

    >>> print(replacing_update([("urn:d", [])], ["urn:d"]))
    DROP SILENT GRAPH <urn:d> ;
    INSERT DATA {
    GRAPH <urn:d> {
    <BLANKLINE>
    }
    }
    """
    drops = "".join(f"DROP SILENT GRAPH <{iri}> ;\n" for iri in dropped)
    graphs = "\n".join(f"GRAPH <{iri}> {{\n{graph_triples_text(iri, quads)}\n}}" for iri, quads in documents)
    return f"{drops}INSERT DATA {{\n{graphs}\n}}"


def document_updates(documents: Iterable[tuple[str, Sequence[ox.Quad] | bytes]],
                     limit: int | None = None) -> Iterator[str]:
    """Updates writing a batch of documents to a remote store, each replacing its documents' graphs: as few
    as the body limit allows (``limit`` bytes, ``HARBOUR_STORE_MAX_UPDATE_BYTES``, :data:`MAX_UPDATE_BYTES`),
    a document never split between two (a document bigger than the limit goes alone, as before batching)."""
    limit = limit or int(os.environ.get("HARBOUR_STORE_MAX_UPDATE_BYTES", MAX_UPDATE_BYTES))
    part: list[tuple[str, Sequence[ox.Quad] | bytes]] = []
    size = 0
    for iri, quads in documents:
        # N-Quads bytes are about the size of their update text; pyoxigraph quads are measured by their text.
        weight = len(quads) if isinstance(quads, bytes) else len(graph_triples_text(iri, quads).encode("utf-8"))
        if part and size + weight > limit:
            yield replacing_update(part, [i for i, _ in part])
            part, size = [], 0
        part.append((iri, quads))
        size += weight
    if part:
        yield replacing_update(part, [i for i, _ in part])


def with_bindings(query: str, bindings: Mapping[str, str]) -> str:
    """``query`` with ``VALUES ?var { term }`` first in its outer WHERE group (``term`` in SPARQL syntax)."""
    items = list(tokens(query))
    where = next((i for i, t in enumerate(items) if t.kind == "word" and t.depth == 0 and t.text.upper() == "WHERE"),
                 None)
    opening = next((t for t in items[(where or -1) + 1:] if t.kind == "open"), None)
    if opening is None:
        raise SyntaxError("a query with bindings needs a WHERE group")
    values = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return f"{query[:opening.end]} {values}{query[opening.end:]}"
