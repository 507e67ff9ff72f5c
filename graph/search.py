"""Entity search: an SQLite FTS5 index beside the store, derived from it and rebuildable at any time.

pyoxigraph has no text index, and Japanese or Chinese names have no word boundaries, so names are
indexed with FTS5's trigram tokenizer (any substring of three characters or more). Shorter queries
("李家", "港") use a table of every one- and two-character substring of every name. Names are
matched in their normalised form (NFKC, case-folded), so ｄｉｇｉｔａｌ finds Digital.

Ranking: exact name > name starts with the query > name contains it; then entities with more
mentions; then shorter labels.

>>> index = SearchIndex(None)
>>> index.search("x").total
0
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from harbour.graph import queries
from harbour.graph.entities import EntityRef, Name, local_name, ordered_classes, primary_label, restrict
from harbour.graph.identity import normalise_name

if TYPE_CHECKING:
    from harbour.graph.store import HarbourStore

log = logging.getLogger(__name__)

#: Bump when the tables or what goes into them change: an index of another version is rebuilt.
INDEX_VERSION = "2"

#: More rows than any index holds: bounds ``limit`` and ``offset`` from requests.
MAX_ROWS = 2**40

#: A change to at least one in this many of the store's documents rebuilds the index (see ``documents_changed``).
REBUILD_SHARE = 3

#: Shortest query the trigram index can answer; shorter ones use the ``short_grams`` table.
TRIGRAM = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    iri TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    lang TEXT NOT NULL,
    classes TEXT NOT NULL,          -- asserted Harbour classes, space separated local names
    mentions INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_classes (   -- asserted classes and every Harbour class above them
    class TEXT NOT NULL,            -- lower-case local name, as in entity IRIs
    entity INTEGER NOT NULL,
    PRIMARY KEY (class, entity)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_classes_entity ON entity_classes (entity);
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY,
    entity INTEGER NOT NULL,
    name TEXT NOT NULL,
    norm TEXT NOT NULL,
    lang TEXT NOT NULL,
    kind TEXT NOT NULL              -- label | alias
);
CREATE INDEX IF NOT EXISTS names_entity ON names (entity);
CREATE INDEX IF NOT EXISTS names_norm ON names (norm);
CREATE VIRTUAL TABLE IF NOT EXISTS names_fts USING fts5 (norm, tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS short_grams (
    gram TEXT NOT NULL,
    name INTEGER NOT NULL,
    PRIMARY KEY (gram, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS short_grams_name ON short_grams (name);
CREATE TABLE IF NOT EXISTS documents (iri TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document_entities (
    document TEXT NOT NULL,
    entity TEXT NOT NULL,
    PRIMARY KEY (document, entity)
) WITHOUT ROWID;
"""

#: Bound parameters per SQL statement (SQLite before 3.32 allows 999).
_SQL_PARAMETERS = 500

#: How ``_insert`` writes each table (ids given: see there).
_INSERTS = {
    "entities": "INSERT INTO entities (id, iri, label, lang, classes, mentions) VALUES (?, ?, ?, ?, ?, ?)",
    "entity_classes": "INSERT OR IGNORE INTO entity_classes VALUES (?, ?)",
    "names": "INSERT INTO names (id, entity, name, norm, lang, kind) VALUES (?, ?, ?, ?, ?, ?)",
    "names_fts": "INSERT INTO names_fts (rowid, norm) VALUES (?, ?)",
    "short_grams": "INSERT OR IGNORE INTO short_grams VALUES (?, ?)",
}

_TABLES = ("entities", "entity_classes", "names", "names_fts", "short_grams", "documents", "document_entities")


@dataclass(frozen=True)
class SearchHit(EntityRef):
    """One entity found: an entity reference, its mention count and the name that matched, and how."""

    mentions: int
    matched: str
    match: str  # exact | prefix | substring | all

    def as_json(self) -> dict:
        return {"iri": self.iri, "label": self.label, "lang": self.lang, "classes": list(self.classes),
                "mentions": self.mentions, "matched": self.matched, "match": self.match}


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[SearchHit] = field(default_factory=list)


@dataclass
class _EntityRecord:
    names: list[Name] = field(default_factory=list)
    asserted: set[str] = field(default_factory=set)
    closure: set[str] = field(default_factory=set)
    mentions: int = 0


_MATCH_NAMES = ("exact", "prefix", "substring")


class SearchIndex:
    """The entity index of one store. ``path=None`` keeps it in memory (for in-memory stores).

    Thread-safe: one connection, serialised by a lock (queries take well under a millisecond).
    """

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        self._db = self._connect()
        self._checked = False

    @classmethod
    def beside(cls, store_path: Path | None) -> "SearchIndex":
        """The index of the store at ``store_path``: ``<store>.search.sqlite`` next to it."""
        if store_path is None:
            return cls(None)
        return cls(store_path.with_name(store_path.name + ".search.sqlite"))

    def _connect(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(str(self.path) if self.path else ":memory:", check_same_thread=False,
                                 isolation_level=None)
            # Derived data, rebuilt when lost: a write-ahead log without an fsync per commit keeps the
            # per-document update of a load to about a millisecond.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.Error as error:
            # Derived data: an unusable file must not stop the store; keep the index in memory instead.
            log.warning("search index %s unusable (%s); using an in-memory index", self.path, error)
            self.path = None
            db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            db.executescript(_SCHEMA)
        return db

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- keeping the index in step with the store -----------------------------------------------

    def documents_changed(self, store: "HarbourStore", hashes: Mapping[str, str | None]) -> None:
        """Re-index the entities some documents described before or describe now, after they were written
        (``hashes``: each document's content hash) or deleted (None), in one SQLite transaction.

        One query gives the entities of all the written documents, three more the records of every entity
        concerned (an entity only a replaced or deleted document mentioned has no record left, so it goes).
        Never raises: the store write has happened, and a failed index update only marks the index stale so
        the next search rebuilds it.
        """
        if not hashes:
            return
        try:
            with self._lock:
                if self._rebuilding_is_cheaper(len(hashes)):
                    self.rebuild(store)
                    return
                before = self._indexed_entities(list(hashes))
                memberships = _memberships(store, [iri for iri, content in hashes.items() if content is not None])
                concerned = before | {entity for _, entity in memberships}
                records = _records(store, concerned)
                with self._transaction():
                    self._drop_entities(concerned)
                    self._insert(records)
                    self._db.executemany("DELETE FROM document_entities WHERE document = ?", [(d,) for d in hashes])
                    self._db.executemany("DELETE FROM documents WHERE iri = ?", [(d,) for d in hashes])
                    self._db.executemany("INSERT INTO documents VALUES (?, ?)",
                                         [(d, content) for d, content in hashes.items() if content is not None])
                    self._db.executemany("INSERT OR IGNORE INTO document_entities VALUES (?, ?)", memberships)
        except Exception:  # noqa: BLE001 - see docstring: the index must never fail a write
            log.exception("search index update for %d documents failed; the index will be rebuilt", len(hashes))
            self.invalidate()

    def _rebuilding_is_cheaper(self, changed: int) -> bool:
        """True when so many documents changed (the first load into a store, a large batch into a small one)
        that indexing the whole store beats re-indexing those documents' entities: a rebuild reads every
        entity in three unrestricted queries, about three times faster per document than the restricted
        queries of an update (bench/load_bench.py), like rebuilding a database index after a bulk load."""
        indexed = self._db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        return changed * REBUILD_SHARE >= indexed + changed

    def _indexed_entities(self, documents: Sequence[str]) -> set[str]:
        """The entities the index holds as described by these documents."""
        found: set[str] = set()
        for start in range(0, len(documents), _SQL_PARAMETERS):
            chunk = documents[start:start + _SQL_PARAMETERS]
            found.update(row[0] for row in self._db.execute(
                f"SELECT entity FROM document_entities WHERE document IN ({', '.join('?' * len(chunk))})", chunk))
        return found

    def invalidate(self) -> None:
        """Mark the index stale (after a write that bypassed the document path, e.g. SPARQL Update)."""
        with self._lock:
            self._checked = False
            try:
                self._db.execute("DELETE FROM meta WHERE key = 'version'")
            except sqlite3.Error:
                log.exception("cannot mark the search index stale")

    def is_current(self, store: "HarbourStore") -> bool:
        """True when the index was built by this version and reflects exactly the store's documents."""
        with self._lock:
            version = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if version is None or version[0] != INDEX_VERSION:
                return False
            indexed = dict(self._db.execute("SELECT iri, hash FROM documents").fetchall())
        stored = {row["doc"]: row["hash"] for row in store.select(queries.get("document-hash"))}
        return indexed == stored

    def ensure_current(self, store: "HarbourStore") -> bool:
        """Rebuild the index when it is missing or stale; True if it rebuilt."""
        with self._lock:
            if self.is_current(store):
                self._checked = True
                return False
            started = time.perf_counter()
            count = self.rebuild(store)
            log.info("search index %s rebuilt: %d entities in %.2f s", self.path or "(memory)", count,
                     time.perf_counter() - started)
            return True

    def _ensure_checked(self, store: "HarbourStore | None") -> None:
        """Check freshness once per process (and again after ``invalidate``), not on every search."""
        if store is not None and not self._checked:
            self.ensure_current(store)

    def rebuild(self, store: "HarbourStore") -> int:
        """Index every entity of the store from scratch, in one transaction; returns the entity count."""
        with self._lock:
            records = _records(store, None)
            documents = store.select(queries.get("document-hash"))
            hashed = {row["doc"] for row in documents}
            memberships = [m for m in _memberships(store, None) if m[0] in hashed]
            with self._transaction():
                for table in _TABLES:
                    self._db.execute(f"DELETE FROM {table}")
                self._insert(records)
                self._db.executemany("INSERT INTO documents VALUES (?, ?)",
                                     [(row["doc"], row["hash"]) for row in documents])
                self._db.executemany("INSERT OR IGNORE INTO document_entities VALUES (?, ?)", memberships)
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
            self._checked = True
            return len(records)

    # --- searching ------------------------------------------------------------------------------

    def search(self, text: str, classes: Sequence[str] = (), limit: int = 20, offset: int = 0,
               store: "HarbourStore | None" = None) -> SearchPage:
        """Entities whose label or alias contains ``text``, best first; ``classes`` filters by class
        (local names, any case; subclasses count). An empty ``text`` lists entities by mentions."""
        self._ensure_checked(store)
        query = searchable(text)
        class_filter = [c.lower() for c in classes if c]
        limit, offset = (min(max(0, n), MAX_ROWS) for n in (limit, offset))  # SQLite integers are 64-bit
        with self._lock:
            if not query:
                return self._browse(class_filter, limit, offset)
            candidates, parameters = self._candidates(query)
            where, class_params = _class_clause(class_filter)
            ranked = f"""
                WITH hits AS (
                    SELECT n.entity AS entity, n.name AS matched,
                           MIN(CASE WHEN n.norm = :q THEN 0 WHEN substr(n.norm, 1, length(:q)) = :q THEN 1
                                    ELSE 2 END) AS rank
                    FROM names n WHERE n.id IN ({candidates}) GROUP BY n.entity)
                SELECT e.iri, e.label, e.lang, e.classes, e.mentions, hits.matched, hits.rank
                FROM hits JOIN entities e ON e.id = hits.entity {where}"""
            arguments = {"q": query, **parameters, **class_params}
            total = self._db.execute(f"SELECT COUNT(*) FROM ({ranked})", arguments).fetchone()[0]
            rows = self._db.execute(f"{ranked} ORDER BY hits.rank, e.mentions DESC, length(e.label), e.label "
                                    "LIMIT :limit OFFSET :offset",
                                    {**arguments, "limit": limit, "offset": offset}).fetchall()
        return SearchPage(total, [SearchHit(iri, label, lang, tuple(cls.split()), mentions, matched,
                                            _MATCH_NAMES[rank])
                                  for iri, label, lang, cls, mentions, matched, rank in rows])

    def _candidates(self, query: str) -> tuple[str, dict[str, str]]:
        """SQL selecting the ids of names containing ``query`` (index-backed for every length)."""
        if len(query) >= TRIGRAM:
            return "SELECT rowid FROM names_fts WHERE names_fts MATCH :phrase", {
                "phrase": '"' + query.replace('"', '""') + '"'}
        return "SELECT name FROM short_grams WHERE gram = :q", {}

    def _browse(self, class_filter: list[str], limit: int, offset: int) -> SearchPage:
        where, class_params = _class_clause(class_filter)
        listing = f"SELECT e.iri, e.label, e.lang, e.classes, e.mentions FROM entities e {where}"
        total = self._db.execute(f"SELECT COUNT(*) FROM ({listing})", class_params).fetchone()[0]
        rows = self._db.execute(f"{listing} ORDER BY e.mentions DESC, length(e.label), e.label "
                                "LIMIT :limit OFFSET :offset",
                                {**class_params, "limit": limit, "offset": offset}).fetchall()
        return SearchPage(total, [SearchHit(iri, label, lang, tuple(cls.split()), mentions, label, "all")
                                  for iri, label, lang, cls, mentions in rows])

    def class_counts(self, store: "HarbourStore | None" = None, text: str = "") -> dict[str, int]:
        """Entities per class (lower-case local name, subclasses included), among those matching ``text``."""
        self._ensure_checked(store)
        query = searchable(text)
        with self._lock:
            if not query:
                return dict(self._db.execute("SELECT class, COUNT(*) FROM entity_classes GROUP BY class").fetchall())
            candidates, parameters = self._candidates(query)
            return dict(self._db.execute(
                f"""SELECT class, COUNT(*) FROM entity_classes WHERE entity IN
                    (SELECT entity FROM names WHERE id IN ({candidates})) GROUP BY class""",
                {"q": query, **parameters}).fetchall())

    # --- writing rows ---------------------------------------------------------------------------

    def _transaction(self):
        return _Transaction(self._db)

    def _drop_entities(self, iris: Iterable[str]) -> None:
        """Remove these entities and their names, set by set (a batch concerns hundreds of entities)."""
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS dropped (id INTEGER PRIMARY KEY)")
        self._db.execute("DELETE FROM dropped")
        iris = list(iris)
        for start in range(0, len(iris), _SQL_PARAMETERS):
            chunk = iris[start:start + _SQL_PARAMETERS]
            self._db.execute(f"INSERT INTO dropped SELECT id FROM entities WHERE iri IN ({', '.join('?' * len(chunk))})",
                             chunk)
        names = "SELECT id FROM names WHERE entity IN (SELECT id FROM dropped)"
        self._db.execute(f"DELETE FROM names_fts WHERE rowid IN ({names})")
        self._db.execute(f"DELETE FROM short_grams WHERE name IN ({names})")
        for table, column in (("names", "entity"), ("entity_classes", "entity"), ("entities", "id")):
            self._db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM dropped)")

    def _insert(self, records: dict[str, _EntityRecord]) -> None:
        """Insert the entities' rows, numbered here so that each table is one ``executemany``."""
        entity = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM entities").fetchone()[0]
        name_id = self._db.execute("SELECT COALESCE(MAX(id), 0) FROM names").fetchone()[0]
        rows: dict[str, list[tuple]] = defaultdict(list)
        for iri, record in records.items():
            labels = [n for n in record.names if n.kind == "label"] or record.names
            if not labels:
                continue
            shown, entity = primary_label(labels), entity + 1
            rows["entities"].append((entity, iri, shown.value, shown.lang, " ".join(ordered_classes(record.asserted)),
                                     record.mentions))
            rows["entity_classes"] += [(c.lower(), entity) for c in record.closure]
            for name in {(n.value, n.lang, n.kind): n for n in record.names}.values():
                norm, name_id = searchable(name.value), name_id + 1
                rows["names"].append((name_id, entity, name.value, norm, name.lang, name.kind))
                rows["names_fts"].append((name_id, norm))
                rows["short_grams"] += [(gram, name_id) for gram in _short_grams(norm)]
        for table, statement in _INSERTS.items():
            self._db.executemany(statement, rows[table])


class _Transaction:
    """BEGIN … COMMIT on an autocommit connection, rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")


def searchable(text: str) -> str:
    """The form names are indexed and queries matched in: normalised (NFKC, case-folded, single spaces),
    without control characters or lone surrogates, which no name means and SQLite refuses.

    >>> searchable("  ＡＣＭＥ\\x00 Ltd\\ud800 ")
    'acme ltd'
    """
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs") or ch in "\t\n")
    return normalise_name(kept)


def _class_clause(class_filter: list[str]) -> tuple[str, dict[str, str]]:
    if not class_filter:
        return "", {}
    names = {f"c{i}": c for i, c in enumerate(class_filter)}
    placeholders = ", ".join(f":{k}" for k in names)
    return f"WHERE e.id IN (SELECT entity FROM entity_classes WHERE class IN ({placeholders}))", names


def _short_grams(norm: str) -> set[str]:
    """Every substring of one or two characters."""
    return {norm[i:i + n] for n in (1, 2) for i in range(len(norm) - n + 1)}


def _memberships(store: "HarbourStore", documents: list[str] | None) -> list[tuple[str, str]]:
    """(document, entity) for each entity a document's graph describes, in one query; ``None``: every document.

    For some documents the query starts from each document's graph. For every document it starts from the
    entity classes instead (their instances, read from the type index), which takes half the time of going
    graph by graph; for a few documents of a large store that would be the slow way (20x at 32,500 documents).
    """
    if documents is not None and not documents:
        return []
    if documents is None:
        classes = {row["type"] for row in store.select(queries.get("entity-class-hierarchy"))}
        rows = store.select(restrict(queries.get("search-all-memberships"), "class", sorted(classes)))
    else:
        rows = store.select(restrict(queries.get("search-document-entities"), "document", documents))
    return [(row["document"], row["entity"]) for row in rows]


def _records(store: "HarbourStore", iris: set[str] | None) -> dict[str, _EntityRecord]:
    """What the index holds about each entity, read from the store; ``None`` means every entity."""
    if iris is not None and not iris:
        return {}
    records: dict[str, _EntityRecord] = defaultdict(_EntityRecord)

    def rows(name: str) -> list[dict[str, str]]:
        text = queries.get(name)
        return store.select(text if iris is None else restrict(text, "entity", sorted(iris)))

    for row in rows("entity-names"):
        records[row["entity"]].names.append(Name(row["name"], row.get("lang", ""), row["kind"],
                                                 int(row["graphs"])))
    above: dict[str, set[str]] = defaultdict(set)
    for row in store.select(queries.get("entity-class-hierarchy")):
        above[row["type"]].add(local_name(row["class"]))
    for row in rows("entity-types"):
        record = records[row["entity"]]
        record.asserted.add(local_name(row["type"]))
        record.closure.update(above[row["type"]])
    for row in rows("entity-mention-counts"):
        records[row["entity"]].mentions = int(row["mentions"])
    return dict(records)
