"""Graph-level operations of the SPARQL 1.1 Graph Store HTTP Protocol on a ``HarbourStore``.

A graph is named by its IRI, or ``None`` for the store's default graph. Every write is one SPARQL
update, so it is atomic and goes through ``HarbourStore.update`` like any other write (the search index
and the query snapshots notice it). Payloads are parsed completely before anything is written: a syntax
error changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .evaluation import DATASET_FORMATS, GRAPH_FORMATS
from .store import HarbourStore

#: Serialisations a graph is written in by GET: short name -> (media type, pyoxigraph format).
READ_FORMATS = GRAPH_FORMATS


class PayloadError(ValueError):
    """The request body is not RDF in the format it claims to be."""


class UnsupportedMediaType(ValueError):
    """The request body's media type is not an RDF format the store reads."""


def rdf_format(media_type: str) -> ox.RdfFormat:
    """The RDF format of a media type (parameters such as charset ignored)."""
    found = ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) if media_type else None
    if found is None or found == ox.RdfFormat.N3:
        readable = ", ".join(media for media, _ in GRAPH_FORMATS.values())
        raise UnsupportedMediaType(f"unsupported media type {media_type or '(none)'}: send one of {readable}")
    return found


def rdf_format_of_file(media_type: str, filename: str | None) -> ox.RdfFormat:
    """A multipart part's format: its media type, else its file name's extension."""
    try:
        return rdf_format(media_type)
    except UnsupportedMediaType:
        extension = (filename or "").rsplit(".", 1)[-1] if filename and "." in filename else ""
        found = ox.RdfFormat.from_extension(extension) if extension else None
        if found is None:
            raise
        return found


#: Deepest JSON nesting a JSON-LD payload may have: pyoxigraph's JSON-LD parser overflows its thread's stack
#: (a segfault of the server, not an error) at a few thousand levels.
MAX_JSON_NESTING = 256
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _refuse_deep_json(data: bytes, fmt: ox.RdfFormat) -> None:
    """PayloadError if ``data`` is JSON-LD nested deeper than MAX_JSON_NESTING (strings do not count)."""
    if fmt != ox.RdfFormat.JSON_LD:
        return
    depth = 0
    for byte in _JSON_STRING.sub(b"", data).translate(None, delete=bytes(set(range(256)) - set(b"[]{}"))):
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_JSON_NESTING:
            raise PayloadError(f"the JSON-LD payload nests objects or arrays more than {MAX_JSON_NESTING} deep")


def parse_triples(data: bytes, fmt: ox.RdfFormat, base_iri: str | None) -> list[ox.Triple]:
    """The triples of a graph payload; blank nodes get fresh labels (they never merge with stored ones)."""
    _refuse_deep_json(data, fmt)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=base_iri, rename_blank_nodes=True,
                              without_named_graphs=fmt.supports_datasets))
    except (SyntaxError, ValueError) as error:
        raise PayloadError(f"the {fmt.name} payload does not parse: {error}") from error
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def parse_quads(data: bytes, fmt: ox.RdfFormat, base_iri: str | None) -> list[ox.Quad]:
    """The quads of a dataset payload (a triple format puts everything in the default graph)."""
    _refuse_deep_json(data, fmt)
    try:
        return list(ox.parse(data, format=fmt, base_iri=base_iri, rename_blank_nodes=True))
    except (SyntaxError, ValueError) as error:
        raise PayloadError(f"the {fmt.name} payload does not parse: {error}") from error


def checked_iri(iri: str) -> str:
    """``iri`` if it is a valid absolute IRI; ValueError otherwise."""
    try:
        return ox.NamedNode(iri).value
    except ValueError as error:
        raise ValueError(f"not an IRI: {iri!r} ({error})") from error


def _graph_term(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def _target(graph: str | None) -> str:
    return "DEFAULT" if graph is None else f"GRAPH {ox.NamedNode(graph)}"


def _data_block(triples: Iterable[ox.Triple], graph: str | None) -> str:
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return body if graph is None else f"GRAPH {ox.NamedNode(graph)} {{\n{body}\n}}"


def graph_exists(store: HarbourStore, graph: str | None) -> bool:
    """The default graph always exists; a named graph exists once created, even empty."""
    return graph is None or store.oxigraph.contains_named_graph(ox.NamedNode(graph))


def graph_triples(store: HarbourStore, graph: str | None) -> Iterator[ox.Triple]:
    for quad in store.oxigraph.quads_for_pattern(None, None, None, _graph_term(graph)):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def serialize_graph(store: HarbourStore, graph: str | None, format_name: str,
                    prefixes: dict[str, str] | None = None) -> bytes:
    """A graph in a format (short name); N-Quads and TriG keep its name."""
    fmt = READ_FORMATS[format_name][1]
    if format_name in DATASET_FORMATS:
        items: Iterable = store.oxigraph.quads_for_pattern(None, None, None, _graph_term(graph))
    else:
        items = graph_triples(store, graph)
    extra = {"prefixes": prefixes} if prefixes and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(items, format=fmt, **extra)


def replace_graph(store: HarbourStore, graph: str | None, triples: list[ox.Triple]) -> bool:
    """PUT: the graph holds exactly ``triples`` afterwards. True if it did not exist before."""
    created = not graph_exists(store, graph)
    create = "" if graph is None else f"CREATE SILENT {_target(graph)} ;\n"
    store.update(f"DROP SILENT {_target(graph)} ;\n{create}INSERT DATA {{\n{_data_block(triples, graph)}\n}}")
    return created


def add_to_graph(store: HarbourStore, graph: str | None, triples: list[ox.Triple]) -> bool:
    """POST: merge ``triples`` into the graph. True if it did not exist before."""
    created = not graph_exists(store, graph)
    create = "" if graph is None else f"CREATE SILENT {_target(graph)} ;\n"
    store.update(f"{create}INSERT DATA {{\n{_data_block(triples, graph)}\n}}")
    return created


def add_quads(store: HarbourStore, quads: list[ox.Quad]) -> None:
    """POST of a dataset: each quad into its own graph, in one transaction."""
    by_graph: dict[str | None, list[ox.Triple]] = {}
    for quad in quads:
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        by_graph.setdefault(name, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
    blocks = "\n".join(_data_block(triples, graph) for graph, triples in by_graph.items())
    store.update(f"INSERT DATA {{\n{blocks}\n}}")


def delete_graph(store: HarbourStore, graph: str | None) -> bool:
    """DELETE: drop a named graph, or empty the default graph. False if a named graph did not exist."""
    if not graph_exists(store, graph):
        return False
    store.update(f"DROP {_target(graph)}")
    return True


def dataset_quads(store: HarbourStore) -> Iterator[ox.Quad]:
    """Every quad of the store (GET on the graph store itself)."""
    return store.oxigraph.quads_for_pattern(None, None, None, None)


def serialize_quads(quads: Iterable[ox.Quad], format_name: str, chunk: int = 10_000) -> Iterator[bytes]:
    """Quads in N-Quads or TriG, ``chunk`` quads at a time, so a big store streams in bounded memory."""
    fmt = READ_FORMATS[format_name][1]
    batch: list[ox.Quad] = []
    for quad in quads:
        batch.append(quad)
        if len(batch) >= chunk:
            yield ox.serialize(batch, format=fmt)
            batch = []
    if batch:
        yield ox.serialize(batch, format=fmt)
