"""Harbour's ontology: the Turtle files and the namespaces the rest of the code writes with."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

HB = Namespace("https://w3id.org/harbour/ns#")
SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

#: The named graph the ontology is loaded into, so rdfs:subClassOf* resolves in queries.
ONTOLOGY_GRAPH = "https://w3id.org/harbour/ns"

#: Prefixes used by serialisations, the query page and the named queries.
PREFIXES: dict[str, str] = {
    "hb": str(HB),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def ontology_path() -> Path:
    """The ontology in Turtle."""
    return Path(str(files(__name__) / "harbour.ttl"))


def shapes_path() -> Path:
    """The SHACL shapes in Turtle."""
    return Path(str(files(__name__) / "shapes.ttl"))


__all__ = ["HB", "SCHEMA", "NIF", "ITSRDF", "PROV", "RDF", "RDFS", "SKOS", "OWL", "XSD",
           "ONTOLOGY_GRAPH", "PREFIXES", "ontology_path", "shapes_path"]
