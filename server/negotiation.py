"""Choosing a response format from the ``format`` parameter or the Accept header."""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

from harbour.graph.store import GRAPH_FORMATS, SOLUTION_FORMATS

#: Extra media types clients send for the formats we have.
_ALIASES = {
    "application/json": "json", "text/json": "json", "application/sparql-results+json": "json",
    "application/xml": "xml", "text/xml": "xml", "application/sparql-results+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/n-quads": "nquads", "application/trig": "trig",
    "application/ld+json": "jsonld", "application/rdf+xml": "rdfxml",
}
_SHORT_NAMES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdf": "rdfxml",
                "srj": "json", "srx": "xml"}


def format_from_parameter(value: str) -> str | None:
    value = value.strip().lower()
    if value in SOLUTION_FORMATS or value in GRAPH_FORMATS:
        return value
    return _SHORT_NAMES.get(value) or _ALIASES.get(value)


def negotiate(accept: MIMEAccept, choices: dict[str, tuple[str, object]], default: str,
              parameter: str | None = None) -> str:
    """The short name of the best format among ``choices`` (falls back to ``default``)."""
    if parameter and (name := format_from_parameter(parameter)) in choices:
        return name
    offered = {media: name for name, (media, _) in choices.items()}
    offered.update({media: name for media, name in _ALIASES.items() if name in choices})
    if not accept or accept.best in (None, "*/*"):
        return default
    best = accept.best_match([choices[default][0], *offered], default=None)
    return offered.get(best, default) if best else default


def query_formats(accept: MIMEAccept, parameter: str | None = None) -> dict[str, str]:
    """Formats for each kind of query answer, since the kind is known only after parsing."""
    solutions = negotiate(accept, SOLUTION_FORMATS, "json", parameter)
    return {"solutions": solutions, "boolean": solutions, "graph": negotiate(accept, GRAPH_FORMATS, "turtle", parameter)}
