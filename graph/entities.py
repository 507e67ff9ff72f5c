"""What entity pages, document pages, the ontology page and the JSON API show, read from the store.

Each view is assembled from named queries (``queries/entity-*.rq``, ``queries/page-*.rq``); the server
renders them as HTML or JSON and the CLI can print them. Everything here returns plain dataclasses.

>>> local_name("https://w3id.org/harbour/ns#Person"), local_name("http://x/entity/person/ab12")
('Person', 'ab12')
>>> restrict("SELECT * WHERE { VALUES ?e { UNDEF } ?e ?p ?o }", "e", ["http://x/a", "http://x/b"])
'SELECT * WHERE { VALUES ?e { <http://x/a> <http://x/b> } ?e ?p ?o }'
>>> primary_label([Name("Hong Kong's", "en", "label", 1), Name("Hong Kong", "en", "label", 1)]).value
'Hong Kong'
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox

from harbour.graph import queries
from harbour.ontology import PREFIXES

if TYPE_CHECKING:
    from harbour.graph.store import HarbourStore

HB = "https://w3id.org/harbour/ns#"

#: Which class names an entity's kind when it has several, for colours and badges: organisations before
#: places (something with officers is first an organisation), specific before general.
CLASS_PRIORITY = ("Person", "Company", "GovernmentOrganization", "Organization", "Facility", "City", "Country",
                  "AdministrativeArea", "Place", "Product", "CreativeWork", "Event", "Entity")

#: The longest sentence shown whole in a snippet; longer ones are cut around the mentions.
SNIPPET_CONTEXT = 60


# --- small helpers shared with the search index ---------------------------------------------------

def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", iri)[-1]


def sparql_iri(iri: str) -> str:
    """``<iri>`` for SPARQL text; raises ValueError for anything that is not a valid IRI."""
    return str(ox.NamedNode(iri))


def is_iri(text: str) -> bool:
    """Whether ``text`` is a valid IRI (a URL path can hold spaces or angle brackets that are not)."""
    try:
        sparql_iri(text)
    except ValueError:
        return False
    return True


def restrict(query: str, variable: str, iris: Iterable[str]) -> str:
    """The query with its ``VALUES ?variable { UNDEF }`` lines bound to ``iris`` (one query for many IRIs).

    Every such line is bound: a query whose sub-selects each start from the entity repeats the line in each,
    since a sub-select does not see bindings from outside it."""
    marker = f"VALUES ?{variable} {{ UNDEF }}"
    if marker not in query:
        raise ValueError(f"the query has no '{marker}' to restrict")
    return query.replace(marker, f"VALUES ?{variable} {{ {' '.join(sparql_iri(i) for i in iris)} }}")


def paged(query: str, offset: int) -> str:
    """A capped named query (``LIMIT n OFFSET 0`` in its ranking sub-select) from its ``offset``-th item on."""
    if offset < 0:
        raise ValueError("offset must not be negative")
    marker = re.search(r"LIMIT (\d+) OFFSET 0\b", query)
    if marker is None:
        raise ValueError("the query has no 'LIMIT n OFFSET 0' to page")
    return query[:marker.start()] + f"LIMIT {marker.group(1)} OFFSET {offset}" + query[marker.end():]


def page_size(name: str) -> int:
    """How many items a capped named query returns per page (its ``LIMIT n OFFSET 0``)."""
    return int(re.search(r"LIMIT (\d+) OFFSET 0\b", queries.get(name)).group(1))


def bound(name: str, variable: str, iri: str) -> str:
    """The named query with ``?variable`` bound to one IRI: runnable as it is, and what the pages link to."""
    return restrict(queries.get(name), variable, [iri])


@dataclass(frozen=True)
class Name:
    """A name of an entity as the store gives it: the text, its language tag, label or alias, in how many
    documents."""

    value: str
    lang: str
    kind: str
    graphs: int = 1


def primary_label(names: Sequence[Name]) -> Name:
    """The name to show: the label most documents give, then the shortest, then the first in order."""
    return min(names, key=lambda n: (n.kind != "label", -n.graphs, len(n.value), n.value))


def main_class(classes: Iterable[str]) -> str:
    """The class that names an entity's kind, among its asserted classes (local names)."""
    present = set(classes)
    return next((c for c in CLASS_PRIORITY if c in present), next(iter(sorted(present)), "Entity"))


# --- entities -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntityRef:
    """An entity as other pages link to it."""

    iri: str
    label: str
    lang: str
    classes: tuple[str, ...]

    @property
    def kind(self) -> str:
        return main_class(self.classes)


def entity_refs(store: "HarbourStore", iris: Iterable[str]) -> dict[str, EntityRef]:
    """Label and classes of each of ``iris`` that is an entity (two queries whatever their number)."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    names: dict[str, list[Name]] = defaultdict(list)
    for row in store.select(restrict(queries.get("entity-names"), "entity", wanted)):
        names[row["entity"]].append(Name(row["name"], row.get("lang", ""), row["kind"], int(row["graphs"])))
    classes: dict[str, set[str]] = defaultdict(set)
    for row in store.select(restrict(queries.get("entity-classes"), "entity", wanted)):
        if row["asserted"] == "true":
            classes[row["entity"]].add(local_name(row["class"]))
    refs = {}
    for iri, entity_names in names.items():
        shown = primary_label(entity_names)
        refs[iri] = EntityRef(iri, shown.value, shown.lang, ordered_classes(classes[iri]))
    return refs


def ordered_classes(classes: Iterable[str]) -> tuple[str, ...]:
    """Class local names, the one naming the entity's kind first (CLASS_PRIORITY), then by name."""
    rank = {c: i for i, c in enumerate(CLASS_PRIORITY)}
    return tuple(sorted(classes, key=lambda c: (rank.get(c, len(rank)), c)))


@dataclass(frozen=True)
class FactValue:
    """One value of a fact's property: an entity, another IRI (with a label when the ontology has one) or text."""

    text: str
    iri: str | None = None
    entity: EntityRef | None = None


@dataclass(frozen=True)
class Sentence:
    iri: str
    text: str
    begin: int
    document: str


@dataclass
class Fact:
    """A fact node: its type (local name), how the viewed entity takes part (``part``, a local name, or None
    on a document page), its other properties, and the sentence that states it."""

    iri: str
    type: str
    part: str | None
    values: dict[str, list[FactValue]] = field(default_factory=dict)
    sentence: Sentence | None = None

    def first(self, prop: str) -> FactValue | None:
        found = self.values.get(prop)
        return found[0] if found else None

    def entities(self, prop: str) -> list[EntityRef]:
        return [v.entity for v in self.values.get(prop, []) if v.entity is not None]

    @property
    def anchor(self) -> str:
        """The fragment of the fact's IRI (``role-1``): its anchor on the document page."""
        return self.iri.rpartition("#")[2]


def merge_repeated(facts: Sequence[Fact]) -> list[tuple[Fact, list[Fact]]]:
    """Facts saying the same thing as one entry with every fact that states it, in first-seen order.

    Same thing: same type, part and values, whatever the wording; and a fact that says less than exactly
    one other (a title without its organisation, where another sentence names it) is folded into it.
    """
    def claims(fact: Fact) -> frozenset:
        return frozenset((prop, v.text) for prop, values in fact.values.items() if prop != "asWritten"
                         for v in values)

    merged: dict[tuple, tuple[Fact, list[Fact]]] = {}
    for fact in facts:
        merged.setdefault((fact.type, fact.part, claims(fact)), (fact, []))[1].append(fact)
    for key in list(merged):
        kind, part, said = key
        fuller = [other for other in merged if other[:2] == (kind, part) and said < other[2]]
        if len(fuller) == 1:
            merged[fuller[0]][1].extend(merged.pop(key)[1])
    return list(merged.values())


@dataclass(frozen=True)
class Segment:
    """A run of text; ``mention`` (a mention IRI) and ``entity`` are set when the run is a mention."""

    text: str
    mention: str | None = None
    entity: EntityRef | None = None

    @property
    def anchor(self) -> str | None:
        return self.mention.rpartition("#")[2] if self.mention else None


@dataclass(frozen=True)
class Snippet:
    """A sentence (or the part of it around the mentions) with the mentions marked."""

    sentence: str | None
    segments: tuple[Segment, ...]
    cut_before: bool = False
    cut_after: bool = False


@dataclass(frozen=True)
class DocumentRef:
    iri: str
    doc_id: str
    title: str | None = None
    date: str | None = None
    language: str | None = None
    source: str | None = None
    content_hash: str | None = None
    length: int | None = None
    extractor_version: str | None = None
    extraction_started: str | None = None
    extraction_ended: str | None = None
    models: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.title or self.doc_id


@dataclass
class DocumentMentions:
    """The mentions of one entity in one document, as snippets."""

    document: DocumentRef
    count: int
    snippets: list[Snippet]


@dataclass
class EntityView:
    iri: str
    names: list[Name]
    classes: tuple[str, ...]          # asserted, most specific kind first
    superclasses: tuple[str, ...]     # Harbour classes above them
    mention_count: int
    facts: list[Fact]
    documents: list[DocumentMentions]   # a page of them, those with the most mentions first
    document_count: int = 0             # all documents that mention the entity
    fact_count: int = 0                 # all facts it takes part in (``facts`` holds at most a page of them)
    documents_offset: int = 0
    documents_page_size: int = 20

    @property
    def more_documents(self) -> int:
        """How many documents that mention the entity come after this page's."""
        return max(0, self.document_count - self.documents_offset - len(self.documents))

    @cached_property
    def label(self) -> Name:
        return primary_label(self.names)

    @property
    def kind(self) -> str:
        return main_class(self.classes)

    def labels_by_language(self) -> dict[str, list[str]]:
        return _by_language(n for n in self.names if n.kind == "label")

    def aliases_by_language(self) -> dict[str, list[str]]:
        labels = {n.value for n in self.names if n.kind == "label"}
        return _by_language(n for n in self.names if n.kind == "alias" and n.value not in labels)

    def facts_by_part(self) -> dict[str, list[Fact]]:
        grouped: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            grouped[f"{fact.type}.{fact.part}"].append(fact)
        return dict(grouped)


def _by_language(names: Iterable[Name]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names, key=lambda n: (n.lang, -n.graphs, n.value)):
        if name.value not in grouped[name.lang]:
            grouped[name.lang].append(name.value)
    return dict(grouped)


def entity_exists(store: "HarbourStore", iri: str) -> bool:
    return is_iri(iri) and bool(store.select(bound("entity-classes", "entity", iri)))


def entity_view(store: "HarbourStore", iri: str, documents_offset: int = 0) -> EntityView | None:
    """Everything the entity page shows, or None when no document describes ``iri`` as an entity.

    Mentions come for one page of documents (``entity-mentions``: the most mentioning first, from
    ``documents_offset`` on) and facts up to a cap (``entity-facts``); ``entity-totals`` counts them all, so
    the cost follows what the page shows rather than how often the entity is mentioned."""
    if not is_iri(iri):
        return None
    names = [Name(r["name"], r.get("lang", ""), r["kind"], int(r["graphs"]))
             for r in store.select(bound("entity-names", "entity", iri))]
    if not names:
        return None
    asserted, closure = set(), set()
    for row in store.select(bound("entity-classes", "entity", iri)):
        closure.add(local_name(row["class"]))
        if row["asserted"] == "true":
            asserted.add(local_name(row["class"]))
    totals = store.select(bound("entity-totals", "entity", iri))
    fact_rows = store.select(bound("entity-facts", "entity", iri))
    mention_rows = _mentions_in_order(store.select(paged(bound("entity-mentions", "entity", iri), documents_offset)))
    linked = {r["value"] for r in fact_rows if _is_iri(r.get("value", ""))}
    refs = entity_refs(store, linked | {iri})
    documents = document_refs(store, {r["document"] for r in mention_rows})
    return EntityView(
        iri=iri, names=names, classes=ordered_classes(asserted), superclasses=ordered_classes(closure - asserted),
        mention_count=int(totals[0]["mentions"]) if totals else 0,
        facts=sorted(_facts(fact_rows, refs, ontology_terms(store)), key=_in_text_order),
        documents=_mentions_by_document(mention_rows, documents, refs.get(iri)),
        document_count=int(totals[0]["documents"]) if totals else 0,
        fact_count=int(totals[0]["facts"]) if totals else 0,
        documents_offset=documents_offset, documents_page_size=page_size("entity-mentions"))


def _mentions_in_order(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``entity-mentions`` rows (offsets and sentence come on separate rows) as one row per mention with
    offsets, in the query's document order and by offset within each document."""
    merged: dict[str, dict[str, str]] = {}
    for row in rows:
        merged.setdefault(row["mention"], {}).update(row)
    rank = {document: n for n, document in enumerate(dict.fromkeys(row["document"] for row in rows))}
    return sorted((row for row in merged.values() if "begin" in row and "end" in row),
                  key=lambda row: (rank[row["document"]], int(row["begin"])))


def _in_text_order(fact: Fact) -> tuple:
    """Facts without a sentence first, then by document and place in it (as the document states them)."""
    where = (fact.sentence.document, fact.sentence.begin) if fact.sentence else ("", 0)
    return (fact.sentence is not None, *where, fact.iri)


def _is_iri(value: str) -> bool:
    return value.startswith(("http://", "https://", "urn:", "file:"))


def _facts(rows: list[dict[str, str]], refs: dict[str, EntityRef], terms: dict[str, "Term"]) -> list[Fact]:
    """Fact nodes from query rows; a fact the entity takes part in through a property and one of its
    super-properties (hb:accompaniedBy ⊑ hb:participant) is kept once, under the more specific one."""
    labels = {iri: term.label("en") for iri, term in terms.items()}
    parts: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if "part" in row:
            parts[row["fact"]].add(row["part"])
    broader = {fact: {parent for part in found if part in terms for parent in terms[part].parents} & found
               for fact, found in parts.items()}
    rows = [row for row in rows if row.get("part") not in broader.get(row["fact"], ())]
    # The sentence may come on a row of its own (entity-facts) or on every row of the fact (document pages).
    stated: dict[str, Sentence] = {}
    for row in rows:
        if "sentenceText" in row and row["fact"] not in stated:
            stated[row["fact"]] = Sentence(row["sentence"], row["sentenceText"], int(row["sentenceBegin"]),
                                           row.get("document", row["fact"].partition("#")[0]))
    facts: dict[tuple[str, str | None], Fact] = {}
    for row in rows:
        if "property" not in row:
            continue
        key = (row["fact"], row.get("part"))
        fact = facts.get(key)
        if fact is None:
            fact = facts[key] = Fact(row["fact"], local_name(row["type"]),
                                     local_name(row["part"]) if "part" in row else None, {},
                                     stated.get(row["fact"]))
        value = row["value"]
        if value in refs:
            item = FactValue(refs[value].label, value, refs[value])
        elif _is_iri(value):
            item = FactValue(labels.get(value, local_name(value)), value)
        else:
            item = FactValue(value)
        values = fact.values.setdefault(local_name(row["property"]), [])
        if item not in values:
            values.append(item)
    return list(facts.values())


def _mentions_by_document(rows: list[dict[str, str]], documents: dict[str, DocumentRef],
                          entity: EntityRef | None) -> list[DocumentMentions]:
    by_document: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_document[row["document"]].append(row)
    result = []
    for doc_iri, mentions in by_document.items():
        by_sentence: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in mentions:
            by_sentence[row.get("sentence", row["mention"])].append(row)
        snippets = []
        for sentence, members in by_sentence.items():
            first = members[0]
            if "sentenceText" not in first:
                continue
            spans = [(int(m["begin"]), int(m["end"]), m["mention"], entity) for m in members]
            snippets.append(snippet(first["sentenceText"], int(first["sentenceBegin"]), spans, sentence))
        document = documents.get(doc_iri) or DocumentRef(doc_iri, local_name(doc_iri))
        result.append(DocumentMentions(document, len(mentions), snippets))
    result.sort(key=lambda d: (-d.count, d.document.doc_id))
    return result


def snippet(text: str, offset: int, spans: list[tuple[int, int, str, EntityRef | None]],
            sentence: str | None = None, context: int = SNIPPET_CONTEXT) -> Snippet:
    """``text`` (which starts at ``offset`` of its document) with the spans marked, cut to ``context``
    characters around them when it is long."""
    inside = sorted((b - offset, e - offset, m, ref) for b, e, m, ref in spans if b >= offset and e - offset <= len(text))
    start, stop = 0, len(text)
    if inside and len(text) > 2 * context + (inside[-1][1] - inside[0][0]):
        start = max(0, inside[0][0] - context)
        stop = min(len(text), inside[-1][1] + context)
    segments = segments_of(text[start:stop], [(b - start, e - start, m, ref) for b, e, m, ref in inside])
    return Snippet(sentence, tuple(segments), start > 0, stop < len(text))


def segments_of(text: str, spans: Sequence[tuple[int, int, str, EntityRef | None]]) -> list[Segment]:
    """Split ``text`` into plain runs and marked spans; a span overlapping an earlier one is left unmarked."""
    segments: list[Segment] = []
    at = 0
    for begin, end, mention, ref in sorted(spans, key=lambda s: (s[0], -s[1])):
        if begin < at or end > len(text) or begin >= end:
            continue
        if begin > at:
            segments.append(Segment(text[at:begin]))
        segments.append(Segment(text[begin:end], mention, ref))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


def entity_rdf(store: "HarbourStore", iri: str, format_name: str, more: str | None = None) -> tuple[str, bytes]:
    """The entity's description (``entity-describe``, bounded like its page) serialised; returns media type and
    body. ``more``, when given, is where the mentions the description leaves out are listed (rdfs:seeAlso)."""
    return _graph(store, bound("entity-describe", "entity", iri), format_name,
                  [ox.Triple(ox.NamedNode(iri), ox.NamedNode(PREFIXES["rdfs"] + "seeAlso"), ox.NamedNode(more))]
                  if more else [])


def _graph(store: "HarbourStore", query: str, format_name: str,
           extra: Sequence[ox.Triple] = ()) -> tuple[str, bytes]:
    """A CONSTRUCT's triples in a stable order (sorted), serialised: the same graph always gives the same
    bytes, so representations can be compared, diffed and revalidated by ETag."""
    from harbour.graph.store import GRAPH_FORMATS  # here: the store module imports this one (via search)

    outcome = store.run_query(query, {"graph": "ntriples", "solutions": "json", "boolean": "json"})
    lines = sorted(set(outcome.body.splitlines()))
    triples = list(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)) + list(extra)
    media_type, rdf_format = GRAPH_FORMATS[format_name]
    prefixes = {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return media_type, ox.serialize(triples, format=rdf_format, **prefixes)


def entity_page_queries(iri: str) -> list[tuple[str, str]]:
    """The SPARQL that produced an entity page, each standalone with the entity bound: (title, query)."""
    return [(title, bound(name, "entity", iri)) for title, name in (
        ("Names", "entity-names"), ("Classes", "entity-classes"), ("Totals", "entity-totals"),
        ("Facts", "entity-facts"), ("Mentions", "entity-mentions"), ("RDF description", "entity-describe"))]


# --- the neighbourhood picture --------------------------------------------------------------------

@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str          # Role, Visit, ProductOffering, a property's local name, or "mentionedWith"
    label: str
    fact: str | None = None


@dataclass
class Neighbourhood:
    center: str
    nodes: list[EntityRef]
    edges: list[Edge]


def neighbourhood(store: "HarbourStore", iri: str, limit: int = 40) -> Neighbourhood | None:
    """The entity, the entities that share a fact or a link with it, and those most often mentioned in the
    same sentences; with every fact link among them and a "mentioned with" edge for the co-mentions."""
    if not entity_exists(store, iri):
        return None
    linked = [r["other"] for r in store.select(bound("entity-neighbours", "entity", iri))]
    comentioned = {r["other"]: int(r["sentences"]) for r in store.select(bound("entity-comentions", "entity", iri))}
    members = list(dict.fromkeys([iri, *linked, *comentioned]))[:limit]
    refs = entity_refs(store, members)
    members = [m for m in members if m in refs]
    edges: dict[tuple[str, str], Edge] = {}
    for row in store.select(restrict(queries.get("entity-edges"), "source", members)):
        source, target = row["source"], row["target"]
        if target not in refs or source == target:
            continue
        kind = local_name(row["kind"])
        edge = Edge(source, target, kind, row.get("label") or _EDGE_LABELS.get(kind, kind), row.get("fact"))
        # A fact edge wins over the shortcut triple that repeats it (hb:worksFor, hb:manufacturer).
        if (source, target) not in edges or edges[(source, target)].fact is None:
            edges[(source, target)] = edge
    connected = {end for pair in edges for end in pair}
    for other, sentences in comentioned.items():
        if other in refs and (iri, other) not in edges and (other, iri) not in edges:
            edges[(iri, other)] = Edge(iri, other, "mentionedWith", f"×{sentences}")
            connected.add(other)
    nodes = [refs[m] for m in members if m == iri or m in connected]
    return Neighbourhood(iri, nodes, list(edges.values()))


_EDGE_LABELS = {"Visit": "visit", "ProductOffering": "offers", "Containment": "part of"}


# --- documents ------------------------------------------------------------------------------------

def _document_ref(row: dict[str, str]) -> DocumentRef:
    return DocumentRef(
        iri=row["document"], doc_id=row.get("id") or local_name(row["document"]), title=row.get("title"),
        date=row.get("date"), language=row.get("language"), source=row.get("source"),
        content_hash=row.get("hash"), length=int(row["length"]) if "length" in row else None,
        extractor_version=row.get("version"), extraction_started=row.get("started"),
        extraction_ended=row.get("ended"), models=tuple(row.get("models", "").split()))


def document_refs(store: "HarbourStore", iris: Iterable[str] | None = None) -> dict[str, DocumentRef]:
    """Summaries of the given documents (all when ``iris`` is None), newest first."""
    query = queries.get("page-document-summaries")
    if iris is not None:
        wanted = sorted(set(iris))
        if not wanted:
            return {}
        query = restrict(query, "document", wanted)
    return {row["document"]: _document_ref(row) for row in store.select(query)}


@dataclass
class DocumentView:
    document: DocumentRef
    sentences: list[tuple[str | None, list[Segment]]]   # (sentence anchor or None for text between sentences)
    entities: list[tuple[EntityRef, int]]                # mentioned entities with their mention counts
    facts: list[Fact]


def document_view(store: "HarbourStore", iri: str) -> DocumentView | None:
    """A document's metadata, its text split into sentences with the mentions linked, and its facts."""
    if not is_iri(iri):
        return None
    refs = document_refs(store, [iri])
    if iri not in refs:
        return None
    texts = store.select(bound("page-document-text", "document", iri))
    text = texts[0]["text"] if texts else ""
    spans = store.select(bound("page-document-spans", "document", iri))
    fact_rows = store.select(bound("page-document-facts", "document", iri))
    mentioned = {r["entity"] for r in spans if "entity" in r}
    entities = entity_refs(store, mentioned | {r["value"] for r in fact_rows if _is_iri(r["value"])})
    counts: dict[str, int] = defaultdict(int)
    for row in spans:
        if "entity" in row:
            counts[row["entity"]] += 1
    listed = sorted(((entities[e], n) for e, n in counts.items() if e in entities),
                    key=lambda item: (-item[1], item[0].label))
    return DocumentView(refs[iri], _sentences(text, spans, entities), listed,
                        _facts(fact_rows, entities, ontology_terms(store)))


def _sentences(text: str, spans: list[dict[str, str]], entities: dict[str, EntityRef]
               ) -> list[tuple[str | None, list[Segment]]]:
    """The text cut at sentence boundaries; each piece with its mentions as segments."""
    sentences = sorted((int(r["begin"]), int(r["end"]), r["span"]) for r in spans if "entity" not in r)
    mentions = [(int(r["begin"]), int(r["end"]), r["span"], entities.get(r["entity"])) for r in spans
                if "entity" in r]
    pieces: list[tuple[int, int, str | None]] = []
    at = 0
    for begin, end, iri in sentences:
        if begin < at:
            continue
        if begin > at:
            pieces.append((at, begin, None))
        pieces.append((begin, end, iri.rpartition("#")[2]))
        at = end
    if at < len(text):
        pieces.append((at, len(text), None))
    return [(anchor, segments_of(text[b:e], [(mb - b, me - b, m, ref) for mb, me, m, ref in mentions
                                             if b <= mb and me <= e]))
            for b, e, anchor in pieces]


def document_rdf(store: "HarbourStore", iri: str, format_name: str) -> tuple[str, bytes]:
    """Everything in the document's named graph, serialised; returns media type and body."""
    return _graph(store, bound("page-document-graph", "document", iri), format_name)


def document_page_queries(iri: str) -> list[tuple[str, str]]:
    return [(title, bound(name, "document", iri)) for title, name in (
        ("Metadata", "page-document-summaries"), ("Sentences and mentions", "page-document-spans"),
        ("Facts", "page-document-facts"), ("Whole graph", "page-document-graph"))]


# --- the ontology ---------------------------------------------------------------------------------

@dataclass
class Term:
    """A class, property or individual of the ontology."""

    iri: str
    kinds: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)     # rdfs:subClassOf / rdfs:subPropertyOf
    children: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return local_name(self.iri)

    @property
    def section(self) -> str:
        if "Class" in self.kinds:
            return "classes"
        if self.kinds & {"ObjectProperty", "DatatypeProperty"}:
            return "properties"
        return "individuals"

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or next(iter(self.labels.values()), self.name)


_TERM_FIELDS = {"label": "labels", "comment": "comments"}
_TERM_LISTS = {"subClassOf": "parents", "subPropertyOf": "parents", "domain": "domains", "range": "ranges"}
_ontology_cache: "weakref.WeakKeyDictionary[HarbourStore, tuple[object, dict[str, Term]]]" = \
    weakref.WeakKeyDictionary()


def ontology_terms(store: "HarbourStore") -> dict[str, Term]:
    """The ontology's terms by IRI, alphabetically; read again only after the store changed (a write may be
    an update of the ontology graph), so pages do not query it on every request."""
    version = getattr(store, "changes", None)
    cached = _ontology_cache.get(store)
    if cached is not None and cached[0] == version and version is not None:
        return cached[1]
    terms: dict[str, Term] = {}
    for row in store.select(queries.get("page-ontology-terms")):
        term = terms.setdefault(row["term"], Term(row["term"]))
        term.kinds.add(local_name(row["kind"]))
        prop = local_name(row.get("property", ""))
        if prop in _TERM_FIELDS:
            getattr(term, _TERM_FIELDS[prop]).setdefault(row.get("lang", ""), row["value"])
        elif prop in _TERM_LISTS and row["value"] not in getattr(term, _TERM_LISTS[prop]):
            getattr(term, _TERM_LISTS[prop]).append(row["value"])
    for term in terms.values():
        for parent in term.parents:
            if parent in terms and term.iri not in terms[parent].children:
                terms[parent].children.append(term.iri)
    _ontology_cache[store] = (version, terms)
    return terms


def entity_classes(store: "HarbourStore") -> list[Term]:
    """The ontology's classes of entities (everything under hb:Entity), in the ontology's order."""
    terms = ontology_terms(store)

    def is_entity_class(iri: str, seen: frozenset[str] = frozenset()) -> bool:
        if iri == HB + "Entity":
            return True
        term = terms.get(iri)
        return term is not None and iri not in seen and any(is_entity_class(p, seen | {iri}) for p in term.parents)

    return [term for term in terms.values() if "Class" in term.kinds and is_entity_class(term.iri)]


def ontology_labels(store: "HarbourStore", lang: str = "en") -> dict[str, str]:
    return {iri: term.label(lang) for iri, term in ontology_terms(store).items()}


def ontology_rdf(store: "HarbourStore", format_name: str) -> tuple[str, bytes]:
    return _graph(store, queries.get("page-ontology-graph"), format_name)
