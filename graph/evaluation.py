"""One SPARQL query evaluated on a pyoxigraph store into a serialised answer, with an optional row cap.

Used in-process (the CLI, the product's named queries) and by the query worker processes of
``query_runner``; it imports nothing heavier than pyoxigraph, so a worker starts in a few milliseconds.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.extend([ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)) for i in range(5)])
>>> outcome = evaluate(store, QueryRequest("SELECT ?s WHERE { ?s ?p ?o }", formats=ALL_JSON, result_limit=3))
>>> outcome.truncated, len(json.loads(outcome.body)["results"]["bindings"]), json.loads(outcome.body)["truncated"]
(True, 3, True)
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from .sparql_text import declares_dataset

#: Result formats by short name: media type and pyoxigraph format.
SOLUTION_FORMATS: dict[str, tuple[str, ox.QueryResultsFormat]] = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    "csv": ("text/csv", ox.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
}
GRAPH_FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "nquads": ("application/n-quads", ox.RdfFormat.N_QUADS),
    "trig": ("application/trig", ox.RdfFormat.TRIG),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "rdfxml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
}
DATASET_FORMATS = {"nquads", "trig"}
#: Formats that can shorten IRIs with prefixes.
_PREFIXED_FORMATS = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}
#: The fewest bytes one solution takes in each format (a row with nothing bound: ``{},`` ``<result></result>``
#: ``,\r\n`` ``\n``), so an answer of at most ``limit`` times this many bytes has at most ``limit`` rows.
_FEWEST_ROW_BYTES = {"json": 2, "xml": 17, "csv": 2, "tsv": 1}
#: An answer is written whole into memory up to this many bytes, then read back if it may be over the row limit.
WHOLE_ANSWER_BYTES = 32 * 2**20
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class QueryError(ValueError):
    """The query or update is malformed; the message is the parser's."""


class NotAcceptable(Exception):
    """The client accepts no format this kind of answer can be written in."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind

    def __str__(self) -> str:
        offered = SOLUTION_FORMATS if self.kind in ("solutions", "boolean") else GRAPH_FORMATS
        return (f"no acceptable format for a {self.kind} answer; this endpoint offers "
                + ", ".join(media for media, _ in offered.values()))


class QueryTimeout(Exception):
    """The query ran past its time limit and was stopped."""


class QueryFailed(Exception):
    """The query could not be evaluated (a store error, a failed SERVICE call, a worker that crashed)."""


@dataclass(frozen=True)
class QueryOutcome:
    """A query's serialised answer: ``kind`` is "solutions", "boolean" or "graph".

    ``truncated`` is True when the answer was cut at the result limit.
    """

    kind: str
    media_type: str
    body: bytes
    truncated: bool = False


#: Every kind of answer in JSON (graphs in JSON-LD).
ALL_JSON: Mapping[str, str | None] = {"solutions": "json", "boolean": "json", "graph": "jsonld"}


@dataclass(frozen=True)
class QueryRequest:
    """A query and how to evaluate and write it.

    ``formats`` maps each kind of answer to a short format name (None: nothing acceptable).
    ``default_graph_uris`` / ``named_graph_uris`` are the protocol's dataset (None: not given); without
    them the default graph is the union of all graphs when ``union_default_graph`` is set and the
    query names no dataset of its own. ``result_limit`` caps rows (or triples); ``deadline`` is a
    ``time.monotonic()`` value checked between rows.
    """

    query: str
    formats: Mapping[str, str | None]
    default_graph_uris: tuple[str, ...] | None = None
    named_graph_uris: tuple[str, ...] | None = None
    base_iri: str | None = None
    prefixes: Mapping[str, str] = field(default_factory=dict)
    union_default_graph: bool = True
    result_limit: int | None = None
    deadline: float | None = None


def dataset_options(request: QueryRequest) -> dict:
    """pyoxigraph ``Store.query`` options for the request's dataset, base IRI and prefixes."""
    options: dict = {"prefixes": dict(request.prefixes), "base_iri": request.base_iri}
    try:
        if request.default_graph_uris is not None or request.named_graph_uris is not None:
            # A protocol dataset replaces the query's own FROM / FROM NAMED (SPARQL 1.1 Protocol §2.1.4).
            options["default_graph"] = [ox.NamedNode(iri) for iri in request.default_graph_uris or ()]
            options["named_graphs"] = [ox.NamedNode(iri) for iri in request.named_graph_uris or ()]
        elif request.union_default_graph and not declares_dataset(request.query):
            options["use_default_graph_as_union"] = True
    except ValueError as error:
        raise QueryError(f"invalid graph IRI: {error}") from error
    return options


def evaluate(store: ox.Store, request: QueryRequest) -> QueryOutcome:
    """Evaluate and serialise ``request`` on ``store``."""
    try:
        options = dataset_options(request)
        result = store.query(request.query, **options)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(result, request)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, request, lambda: store.query(request.query, **options))
        return _graph(result, request)
    except SyntaxError as error:
        raise QueryError(str(error)) from error
    except OSError as error:
        raise QueryFailed(str(error)) from error


def _format(request: QueryRequest, kind: str) -> str:
    name = request.formats.get(kind)
    if name is None:
        raise NotAcceptable(kind)
    return name


def _boolean(result: ox.QueryBoolean, request: QueryRequest) -> QueryOutcome:
    media, fmt = SOLUTION_FORMATS[_format(request, "boolean")]
    return QueryOutcome("boolean", media, result.serialize(format=fmt))


def _solutions(result: ox.QuerySolutions, request: QueryRequest,
               again: Callable[[], ox.QuerySolutions]) -> QueryOutcome:
    """The solutions in the requested format, cut at the result limit; ``again`` evaluates the query anew."""
    name = _format(request, "solutions")
    media, fmt = SOLUTION_FORMATS[name]
    if request.result_limit is None and request.deadline is None:
        return QueryOutcome("solutions", media, result.serialize(format=fmt))
    if request.deadline is None and request.result_limit is not None:
        # pyoxigraph writes the answer, with no Python object per row. Bytes that cannot hold more rows than
        # the limit are sent as they are; a bigger answer is read back to count (and cut) its rows, which costs
        # far less than evaluating it again. Only an answer past WHOLE_ANSWER_BYTES is evaluated again, row by
        # row, so memory stays bounded whatever the query.
        surely_within = _FEWEST_ROW_BYTES[name] * request.result_limit
        body = _serialized_within(result, fmt, max(WHOLE_ANSWER_BYTES, surely_within))
        if body is not None and len(body) <= surely_within:
            return QueryOutcome("solutions", media, body)
        written = _read_back(body, fmt, request.result_limit) if body is not None else None
        if written is not None and written[1]:
            return QueryOutcome("solutions", media, body)
        result = written[0] if written is not None else again()
    variables = [v.value for v in result.variables]
    rows, truncated = _bounded(result, request)
    document: dict = {"head": {"vars": variables},
                      "results": {"bindings": [_binding_json(row, variables) for row in rows]}}
    if name == "json":
        if truncated:  # an extra member: SPARQL JSON readers ignore members they do not know
            document["truncated"] = True
        return QueryOutcome("solutions", media, _json_bytes(document), truncated)
    # pyoxigraph writes results only from its own objects: read the JSON back, then write the format.
    reparsed = ox.parse_query_results(_json_bytes(document), ox.QueryResultsFormat.JSON)
    return QueryOutcome("solutions", media, reparsed.serialize(format=fmt), truncated)


class _Overflow(Exception):
    """An answer outgrew its byte budget while being written."""


class _BoundedBuffer:
    """A binary writer that raises ``_Overflow`` once more than ``budget`` bytes are written to it."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._parts: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        self._budget -= len(chunk)
        if self._budget < 0:
            raise _Overflow
        self._parts.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def _read_back(body: bytes, fmt: ox.QueryResultsFormat, limit: int) -> tuple[ox.QuerySolutions, bool] | None:
    """The rows of a written answer parsed again and whether they are at most ``limit``, or None for a
    format pyoxigraph cannot read (CSV loses the terms' kinds)."""
    try:
        rows = sum(1 for _ in islice(ox.parse_query_results(body, fmt), limit + 1))
        return ox.parse_query_results(body, fmt), rows <= limit
    except (SyntaxError, ValueError):
        return None


def _serialized_within(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, budget: int) -> bytes | None:
    """The solutions written by pyoxigraph, or None once they take more than ``budget`` bytes."""
    buffer = _BoundedBuffer(budget)
    try:
        result.serialize(buffer, format=fmt)
    except _Overflow:
        return None
    return buffer.getvalue()


def _graph(result: Iterable[ox.Triple], request: QueryRequest) -> QueryOutcome:
    name = _format(request, "graph")
    triples, truncated = _bounded(result, request)
    return QueryOutcome("graph", GRAPH_FORMATS[name][0], graph_bytes(triples, name, request.prefixes), truncated)


def graph_bytes(triples: Iterable[ox.Triple], format_name: str, prefixes: Mapping[str, str] | None = None) -> bytes:
    """Triples in a graph format (short name); in N-Quads and TriG they are the default graph."""
    fmt = GRAPH_FORMATS[format_name][1]
    items: Iterable = triples
    if format_name in DATASET_FORMATS:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    extra = {"prefixes": dict(prefixes)} if fmt in _PREFIXED_FORMATS and prefixes else {}
    return ox.serialize(items, format=fmt, **extra)


def _bounded(items: Iterable, request: QueryRequest) -> tuple[list, bool]:
    """At most ``result_limit`` items, and whether there were more; stops at the deadline."""
    limit = request.result_limit
    iterator: Iterator = iter(items)
    if request.deadline is not None:
        iterator = _until(iterator, request.deadline)
    if limit is None:
        return list(iterator), False
    taken = list(islice(iterator, limit + 1))
    return taken[:limit], len(taken) > limit


def _until(items: Iterator, deadline: float) -> Iterator:
    for count, item in enumerate(items):
        if count % 256 == 0 and time.monotonic() > deadline:
            raise QueryTimeout("the query ran past its time limit")
        yield item


def _binding_json(row: ox.QuerySolution, variables: list[str]) -> dict:
    return {name: term_json(value) for name in variables if (value := row[name]) is not None}


def term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    """An RDF term in the SPARQL 1.1 Query Results JSON Format (triple terms as in SPARQL 1.2)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        encoded = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
            if term.direction is not None:
                encoded["its:dir"] = str(term.direction)
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            encoded["datatype"] = term.datatype.value
        return encoded
    return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                        "object": term_json(term.object)}}


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
