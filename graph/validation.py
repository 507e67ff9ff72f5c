"""SHACL validation of a document's graph against Harbour's shapes, before it is committed."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from rdflib import Graph
from rdflib.term import Node

from harbour.ontology import ontology_path, shapes_path


@cache
def _shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@cache
def _ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def validate(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[bool, str]:
    """(conforms, report text). The ontology is supplied so sh:class follows rdfs:subClassOf."""
    from pyshacl import validate as shacl_validate

    data = Graph()
    for triple in triples:
        data.add(triple)
    conforms, _, report = shacl_validate(data, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none",
                                         advanced=False, allow_warnings=True)
    return bool(conforms), str(report)


def first_violation(report: str) -> str:
    """One line from a pyshacl report, for a one-line error."""
    for line in report.splitlines():
        if line.strip().startswith("Message:"):
            return line.strip()
    return report.strip().splitlines()[0] if report.strip() else "does not conform to the shapes"
