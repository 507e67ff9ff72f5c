"""How the endpoint and the dataset describe themselves: SPARQL 1.1 Service Description and VoID.

Both are CONSTRUCTs of named queries (``service-description``, ``void-dataset``, ``void-class-partitions``)
with the URLs bound by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from harbour.ontology import PREFIXES

from . import queries
from .evaluation import graph_bytes
from .store import HarbourStore

_SD = "http://www.w3.org/ns/sparql-service-description#"
_DESCRIPTION_PREFIXES = {**PREFIXES, "sd": _SD, "void": "http://rdfs.org/ns/void#",
                         "formats": "http://www.w3.org/ns/formats/", "dcterms": "http://purl.org/dc/terms/"}


@dataclass(frozen=True)
class EndpointFacts:
    """What a service description says about the endpoint."""

    endpoint: str  # the SPARQL endpoint's URL
    void: str  # the URL of the VoID description, also the dataset's IRI
    base: str  # the IRI space entities and documents are minted in
    union_default_graph: bool = True
    federated: bool = False
    updates: bool = True


def service_description(store: HarbourStore, facts: EndpointFacts) -> list[ox.Triple]:
    optional = {"unionFeature": _SD + "UnionDefaultGraph" if facts.union_default_graph else None,
                "federationFeature": _SD + "BasicFederatedQuery" if facts.federated else None,
                "updateLanguage": _SD + "SPARQL11Update" if facts.updates else None}
    return store.construct(queries.get("service-description"), service=facts.endpoint, void=facts.void,
                           **{name: iri for name, iri in optional.items() if iri})


def dataset_description(store: HarbourStore, facts: EndpointFacts) -> list[ox.Triple]:
    """VoID: triples, entities, documents, classes and properties, and a partition per class."""
    dataset = store.construct(queries.get("void-dataset"), union_default_graph=False, dataset=facts.void,
                              endpoint=facts.endpoint, uriSpace=ox.Literal(facts.base))
    partitions = store.construct(queries.get("void-class-partitions"), union_default_graph=False,
                                 dataset=facts.void)
    return dataset + partitions


def description_bytes(triples: list[ox.Triple], format_name: str) -> bytes:
    return graph_bytes(triples, format_name, _DESCRIPTION_PREFIXES)
