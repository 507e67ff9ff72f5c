"""Conversion between the extractor's rdflib terms and pyoxigraph's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_datatypes: dict[str, ox.NamedNode] = {}


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            datatype = _datatypes.get(str(term.datatype))
            if datatype is None:
                datatype = _datatypes.setdefault(str(term.datatype), ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term), datatype=datatype)
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(triples: Iterable[tuple[Node, Node, Node]], graph: str) -> Iterator[ox.Quad]:
    """The triples as quads in the named graph ``graph``."""
    graph_name = ox.NamedNode(graph)
    for s, p, o in triples:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)
