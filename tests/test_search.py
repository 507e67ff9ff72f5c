"""Entity search: the SQLite FTS5 (trigram) index beside a real on-disk store, kept in step by loads and deletes."""

from __future__ import annotations

import gc
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from harbour.graph.search import SearchIndex
from harbour.graph.store import HarbourStore

from .conftest import run_harbour
from .entity_documents import Doc

HARBOUR_PORT = Doc("news/port.txt", [("Facility", "デジタル港"), ("Facility", "デジタル港"), ("Place", "香港"),
                                     ("GovernmentOrganization", "香港特別行政区政府"), ("Place", "港")])
PEOPLE = Doc("news/people.txt", [("Person", "李家超"), ("Person", "陳細明"), ("Company", "Votee AI"),
                                 ("Company", "ACME Holdings")],
             aliases={("Person", "李家超"): ["John Lee"]}, roles=[("李家超", "行政長官", "ACME Holdings")])


def labels(page) -> list[str]:
    return [hit.label for hit in page.hits]


@pytest.fixture
def indexed(store: HarbourStore) -> HarbourStore:
    HARBOUR_PORT.put(store)
    PEOPLE.put(store)
    return store


def test_the_index_lives_beside_the_store(store: HarbourStore):
    assert store.search.path == store.path.with_name("store.search.sqlite")
    assert store.search.path.exists()
    assert HarbourStore(None).search.path is None  # in-memory store, in-memory index


@pytest.mark.parametrize("query, expected", [
    ("李家", "李家超"),          # two characters of a Japanese name: below the trigram size
    ("家超", "李家超"),          # … not only a prefix
    ("細", "陳細明"),            # one character
    ("李家超", "李家超"),
    ("ホールディングス", None),
    ("acme", "ACME Holdings"),   # case-folded
    ("ａｃｍｅ", "ACME Holdings"),  # NFKC: full-width letters
    ("john", "李家超"),          # an alias finds the entity, shown by its label
    ("oldings", "ACME Holdings"),
])
def test_finds_names_by_any_substring(indexed: HarbourStore, query: str, expected: str | None):
    found = indexed.search.search(query, store=indexed)
    assert (labels(found)[:1] or [None])[0] == expected


def test_ranks_exact_then_prefix_then_substring_then_mentions(indexed: HarbourStore):
    found = indexed.search.search("港", store=indexed)
    # 港 is exact; 香港… contain it; デジタル港 has two mentions, so it leads the substring matches.
    assert labels(found) == ["港", "デジタル港", "香港", "香港特別行政区政府"]
    assert [hit.match for hit in found.hits] == ["exact", "substring", "substring", "substring"]
    prefix = indexed.search.search("香港", store=indexed)
    assert labels(prefix) == ["香港", "香港特別行政区政府"]
    assert [hit.match for hit in prefix.hits] == ["exact", "prefix"]


def test_filters_by_class_with_subclasses(indexed: HarbourStore):
    assert labels(indexed.search.search("港", ["Place"], store=indexed)) == ["港", "デジタル港", "香港"]  # Facility ⊑ Place
    assert labels(indexed.search.search("港", ["governmentorganization"], store=indexed)) == ["香港特別行政区政府"]
    organisations = indexed.search.search("", ["Organization"], store=indexed)
    assert set(labels(organisations)) == {"香港特別行政区政府", "Votee AI", "ACME Holdings"}
    assert indexed.search.class_counts(indexed)["person"] == 2
    assert indexed.search.class_counts(indexed, "港") == {"entity": 4, "place": 3, "facility": 1,
                                                         "governmentorganization": 1, "organization": 1}


def test_pages_and_totals(indexed: HarbourStore):
    everything = indexed.search.search("", store=indexed, limit=100)
    assert everything.total == len(everything.hits) == 8
    assert labels(everything)[0] == "デジタル港"  # most mentions first when browsing
    first, second = (indexed.search.search("", store=indexed, limit=5, offset=o) for o in (0, 5))
    assert labels(first) + labels(second) == labels(everything)


@pytest.mark.parametrize("query", ['"', "%", "_", "*", "NEAR(a b)", "a OR b", "'; DROP TABLE names; --", "李\"家",
                                   "http://x\x00", "\x1b[31m", "\u200b"])
def test_query_syntax_is_text(indexed: HarbourStore, query: str):
    assert indexed.search.search(query, store=indexed).total == 0
    assert indexed.search.class_counts(indexed, query) == {}
    assert indexed.search.search("李家", store=indexed).total == 1


@pytest.mark.parametrize("query, same_as", [("\x00", ""), ("李\x00", "李"), ("\ud800家", "家"), ("港\x07", "港")])
def test_control_characters_and_lone_surrogates_are_ignored(indexed: HarbourStore, query: str, same_as: str):
    assert labels(indexed.search.search(query, store=indexed)) == labels(indexed.search.search(same_as, store=indexed))


def test_loads_replacements_and_deletes_keep_the_index_in_step(indexed: HarbourStore):
    search = indexed.search
    again = Doc("news/again.txt", [("Place", "香港"), ("Person", "新しい人")])
    again.put(indexed)
    assert labels(search.search("新しい", store=indexed)) == ["新しい人"]
    assert search.search("香港", store=indexed).hits[0].mentions == 2  # one mention in each document

    renamed = Doc("news/again.txt", [("Place", "香港"), ("Person", "別の人")])
    renamed.put(indexed)  # replaces the document: its old entity goes, the new one comes
    assert search.search("新しい", store=indexed).total == 0
    assert labels(search.search("別の", store=indexed)) == ["別の人"]

    assert indexed.delete_document(again.iri)
    assert search.search("別の", store=indexed).total == 0
    assert search.search("香港", store=indexed).hits[0].mentions == 1  # the other document still mentions it
    assert search.is_current(indexed)


def test_a_missing_or_stale_index_is_rebuilt(tmp_path, indexed: HarbourStore):
    missing = SearchIndex(tmp_path / "elsewhere.search.sqlite")  # as if the file had been deleted
    assert not missing.is_current(indexed)
    assert labels(missing.search("李家", store=indexed)) == ["李家超"]  # rebuilt on first use
    assert missing.is_current(indexed)

    # A SPARQL Update may change anything: the next search re-indexes.
    indexed.update('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
                   f'INSERT DATA {{ GRAPH <{PEOPLE.iri}> {{ <{PEOPLE.entity("Person", "陳細明")}> '
                   'rdfs:label "Paul Chan"@en } }')
    assert labels(indexed.search.search("paul", store=indexed)) == ["陳細明"]


def test_an_index_of_another_version_is_rebuilt(indexed: HarbourStore):
    with sqlite3.connect(indexed.search.path) as db:
        db.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    fresh = SearchIndex(indexed.search.path)
    assert not fresh.is_current(indexed)
    assert fresh.ensure_current(indexed) is True
    assert labels(fresh.search("李家")) == ["李家超"]


def test_an_unusable_index_file_falls_back_to_memory(tmp_path):
    broken = tmp_path / "broken.search.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    index = SearchIndex(broken)
    assert index.path is None
    assert index.search("x").total == 0


def test_the_sample_is_searchable(loaded_store: HarbourStore):
    found = loaded_store.search.search("李家", store=loaded_store)
    assert labels(found) == ["李家超"] and found.hits[0].classes == ("Person",)
    assert loaded_store.search.search("デジタル", ["Organization"], store=loaded_store).total >= 1


NAMES = st.text(alphabet=st.sampled_from("港香李家超デジタルアイウabcXYZ 0"), min_size=1, max_size=12).filter(str.strip)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=5, unique_by=lambda n: " ".join(n.split()).casefold()),
       data=st.data())
def test_every_substring_of_every_name_finds_it(names: list[str], data):
    store = HarbourStore(None)
    store.ensure_ontology()
    Doc("p.txt", [("Organization", n) for n in names]).put(store)
    name = data.draw(st.sampled_from(names))
    clean = " ".join(name.split())
    begin = data.draw(st.integers(0, len(clean) - 1))
    end = data.draw(st.integers(begin + 1, len(clean)))
    part = clean[begin:end]
    if not part.strip():
        return
    found = store.search.search(part, store=store, limit=100)
    assert any(hit.label == clean or hit.label == name for hit in found.hits), (part, names)


def test_cli_reindex_and_search(tmp_path):
    store_path = tmp_path / "store"
    store = HarbourStore(store_path)
    store.ensure_ontology()
    PEOPLE.put(store)
    store.flush()
    del store
    gc.collect()
    (tmp_path / "store.search.sqlite").unlink()

    rebuilt = run_harbour("reindex", store=store_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "indexed 4 entities" in rebuilt.stderr
    found = run_harbour("search", "家超", "--format", "json", store=store_path)
    assert found.returncode == 0, found.stderr
    body = json.loads(found.stdout)
    assert body["total"] == 1 and body["items"][0]["label"] == "李家超"
    table = run_harbour("search", "--class", "Company", store=store_path)
    assert table.stdout.splitlines()[0].startswith("label\t") and len(table.stdout.splitlines()) == 3


@pytest.mark.parametrize("name", ["harbour.graph.entities", "harbour.graph.search", "harbour.server.renderers"])
def test_doctests_of_the_view_and_search_modules(name: str):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
