"""Choosing a response format from the ``format`` parameter or the Accept header.

A SPARQL answer's kind (solutions, a boolean, a graph) is known only once the query is parsed, so a
format is chosen for each kind up front; ``None`` for a kind means the client accepts nothing we can
write it in (answered 406 if the query turns out to be of that kind).

>>> from werkzeug.datastructures import MIMEAccept
>>> query_formats(MIMEAccept([("text/csv", 1), ("text/turtle", 0.9)]))
{'solutions': 'csv', 'boolean': 'csv', 'graph': 'turtle'}
>>> query_formats(MIMEAccept(), "json")
{'solutions': 'json', 'boolean': 'json', 'graph': 'jsonld'}
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from harbour.graph.store import GRAPH_FORMATS, SOLUTION_FORMATS

#: Media types clients send for our formats, besides the canonical ones: media type -> short names.
_ALIASES: dict[str, tuple[str, ...]] = {
    "application/json": ("json", "jsonld"), "text/json": ("json",),
    "application/xml": ("xml", "rdfxml"), "text/xml": ("xml", "rdfxml"),
    "application/x-turtle": ("turtle",), "text/n3": ("turtle",), "text/rdf+n3": ("turtle",),
    "text/plain": ("ntriples",), "application/x-trig": ("trig",), "text/x-nquads": ("nquads",),
}
#: Short names the ``format`` parameter may use, by kind of answer.
_PARAMETER_NAMES: dict[str, dict[str, str]] = {
    "json": {"solutions": "json", "graph": "jsonld"}, "srj": {"solutions": "json"},
    "xml": {"solutions": "xml", "graph": "rdfxml"}, "srx": {"solutions": "xml"},
    "csv": {"solutions": "csv"}, "tsv": {"solutions": "tsv"},
    "turtle": {"graph": "turtle"}, "ttl": {"graph": "turtle"}, "ntriples": {"graph": "ntriples"},
    "nt": {"graph": "ntriples"}, "n-triples": {"graph": "ntriples"}, "nquads": {"graph": "nquads"},
    "nq": {"graph": "nquads"}, "trig": {"graph": "trig"}, "jsonld": {"graph": "jsonld"},
    "json-ld": {"graph": "jsonld"}, "rdfxml": {"graph": "rdfxml"}, "rdf": {"graph": "rdfxml"},
}
_KIND_CHOICES: dict[str, Mapping[str, tuple[str, object]]] = {
    "solutions": SOLUTION_FORMATS, "boolean": SOLUTION_FORMATS, "graph": GRAPH_FORMATS}
_DEFAULTS = {"solutions": "json", "boolean": "json", "graph": "turtle"}


class UnknownFormat(ValueError):
    """The ``format`` parameter names no format this endpoint has."""


def _parameter_formats(value: str) -> dict[str, str]:
    value = value.strip().lower()
    if value in _PARAMETER_NAMES:
        return _PARAMETER_NAMES[value]
    by_media = {media: name for choices in (SOLUTION_FORMATS, GRAPH_FORMATS) for name, (media, _) in choices.items()}
    names = (by_media[value],) if value in by_media else _ALIASES.get(value, ())
    found = {kind: name for name in names for kind in ("solutions", "graph") if name in _KIND_CHOICES[kind]}
    if not found:
        raise UnknownFormat(f"unknown format {value!r}: use json, xml, csv, tsv, turtle, ntriples, nquads, trig, "
                            "jsonld, rdfxml or a media type")
    return found


def format_from_parameter(value: str) -> str | None:
    """The short name a ``format`` parameter value stands for (preferring a results format), or None."""
    try:
        found = _parameter_formats(value)
    except UnknownFormat:
        return None
    return found.get("solutions") or found.get("graph")


def negotiate(accept: MIMEAccept, choices: Mapping[str, tuple[str, object]], default: str,
              parameter: str | None = None) -> str:
    """The best format among ``choices`` (short names), falling back to ``default``."""
    if parameter and (name := format_from_parameter(parameter)) in choices:
        return name
    return best_format(accept, choices, default) or default


def best_format(accept: MIMEAccept, choices: Mapping[str, tuple[str, object]], default: str) -> str | None:
    """The short name of the best format among ``choices`` for ``accept``; None if none is acceptable."""
    if not accept or not list(accept.values()):
        return default
    # Media type parameters ("text/turtle; charset=utf-8") do not change the format.
    accept = MIMEAccept([(value.split(";")[0].strip(), quality) for value, quality in accept])
    offered = {choices[default][0]: default}
    offered.update({media: name for name, (media, _) in choices.items() if media not in offered})
    offered.update({media: name for media, names in _ALIASES.items() for name in names
                    if name in choices and media not in offered})
    best = accept.best_match(list(offered), default=None)
    return offered[best] if best else None


def query_formats(accept: MIMEAccept, parameter: str | None = None) -> dict[str, str | None]:
    """The format for each kind of answer; ``parameter`` (the ``format`` parameter) wins where it applies.

    Raises ``UnknownFormat`` for a parameter naming no format.
    """
    chosen = _parameter_formats(parameter) if parameter else {}
    formats: dict[str, str | None] = {}
    for kind, choices in _KIND_CHOICES.items():
        named = chosen.get("solutions" if kind == "boolean" else kind)
        formats[kind] = named if named else best_format(accept, choices, _DEFAULTS[kind])
    return formats


@lru_cache(maxsize=256)
def query_formats_for(accept_header: str, parameter: str | None = None) -> dict[str, str | None]:
    """``query_formats`` for a raw Accept header, remembered: clients send the same few headers again and
    again, and negotiating costs more than a small query's evaluation. Do not change the returned dict."""
    return query_formats(parse_accept_header(accept_header, MIMEAccept), parameter)


def graph_format(accept: MIMEAccept, parameter: str | None = None) -> str | None:
    """The format for an RDF graph or dataset (Graph Store Protocol, service and VoID descriptions)."""
    return query_formats(accept, parameter)["graph"]
