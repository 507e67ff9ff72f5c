"""A curator's gazetteer: known entities with their class, labels, aliases and an external IRI.

The file is read by the caller (the CLI); this module only parses its text, so extraction stays pure.
CSV columns: ``class,label,aliases,same_as`` (aliases separated by ``|``; ``same_as`` optional, e.g. a
Wikidata IRI). Turtle: entities typed with an ``hb:`` class, ``rdfs:label``, ``skos:altLabel``, ``owl:sameAs``.

>>> g = parse_gazetteer("class,label,aliases,same_as\\n"
...                     "Company,Acme Holdings,Acme|ACME,http://www.wikidata.org/entity/Q1\\n")
>>> g.entries[0].names, g.entries[0].same_as
(('Acme Holdings', 'Acme', 'ACME'), 'http://www.wikidata.org/entity/Q1')
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from . import labels as L


@dataclass(frozen=True)
class GazetteerEntry:
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    same_as: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def as_config(self) -> dict:
        return {"class": self.cls, "label": self.label, "aliases": list(self.aliases), "same_as": self.same_as}


@dataclass(frozen=True)
class Gazetteer:
    entries: tuple[GazetteerEntry, ...] = ()

    def as_config(self) -> list[dict]:
        """The entries as plain data, for ``nlp.add_pipe(..., config=...)``."""
        return [e.as_config() for e in self.entries]

    @classmethod
    def from_config(cls, entries: list[dict]) -> "Gazetteer":
        return cls(tuple(GazetteerEntry(e["class"], e["label"], tuple(e.get("aliases") or ()), e.get("same_as"))
                         for e in entries))


class GazetteerError(ValueError):
    """The gazetteer text is malformed."""


def _check_class(cls: str, where: str) -> str:
    if cls not in L.ENTITY_CLASSES:
        raise GazetteerError(f"{where}: unknown class {cls!r} (one of {', '.join(L.ENTITY_CLASSES)})")
    return cls


def parse_gazetteer(text: str, format: str = "csv") -> Gazetteer:
    """Parse gazetteer text in ``csv`` or ``turtle``."""
    if format == "turtle":
        return _parse_turtle(text)
    entries = []
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        label = (row.get("label") or "").strip()
        if not label:
            raise GazetteerError(f"line {n}: no label")
        cls = _check_class((row.get("class") or "").strip(), f"line {n}")
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        entries.append(GazetteerEntry(cls, label, aliases, (row.get("same_as") or "").strip() or None))
    return Gazetteer(tuple(entries))


def _parse_turtle(text: str) -> Gazetteer:
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    from harbour.ontology import HB

    graph = Graph().parse(data=text, format="turtle")
    entries = []
    for subject, cls_iri in sorted(graph.subject_objects(RDF.type)):
        if not str(cls_iri).startswith(str(HB)):
            continue
        cls = _check_class(str(cls_iri)[len(str(HB)):], str(subject))
        labels = sorted(str(o) for o in graph.objects(subject, RDFS.label))
        if not labels:
            raise GazetteerError(f"{subject}: no rdfs:label")
        aliases = tuple(sorted(str(o) for o in graph.objects(subject, SKOS.altLabel))) + tuple(labels[1:])
        same_as = next((str(o) for o in graph.objects(subject, OWL.sameAs)), None)
        entries.append(GazetteerEntry(cls, labels[0], aliases, same_as))
    return Gazetteer(tuple(entries))

