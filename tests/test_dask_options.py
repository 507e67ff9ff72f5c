"""`harbour load --dask local` takes --gazetteer and --extract-timeout exactly as a local load does.

One folder is loaded twice with the same options, `--gazetteer known.csv --extract-timeout 1`: locally and on a
LocalCluster of 2 workers. It holds a text naming the gazetteer's entities, a short English text, and a Japanese
text of 14,000 characters that runs past its limit of 2.4 s for certain (see test_extraction_limits). Both loads
are run once for the module (about 8 s and 11 s at a load average of 5 on the 2-core machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from harbour.graph.extraction_workers import extraction_limit
from harbour.graph.identity import DEFAULT_BASE, document_iri
from harbour.graph.store import HarbourStore

from .conftest import run_harbour
from .test_extract_quality import GAZETTEER_CSV
from .test_extraction_limits import LIMIT, LONG_TEXT, SHORT_TEXTS
from .test_lifecycle import everything

pytest.importorskip("distributed")

FENNEL = "https://www.wikidata.org/wiki/Q000001"
INPUTS = {"1-known.txt": "Fennel demonstrated a drone at Kestrel Bay. Fennel Robotics said sales rose 5%.",
          "2-short.txt": SHORT_TEXTS[0], "3-long.txt": LONG_TEXT}


@dataclass
class Loaded:
    store: Path
    returncode: int
    stderr: str

    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> dict[str, Loaded]:
    """The folder loaded locally and with --dask local (2 workers), both with the gazetteer and the limit."""
    root = tmp_path_factory.mktemp("dask-options")
    (root / "docs").mkdir()
    for name, text in INPUTS.items():
        (root / "docs" / name).write_text(text, encoding="utf-8")
    (root / "known.csv").write_text(GAZETTEER_CSV, encoding="utf-8")
    options = ("--gazetteer", "known.csv", "--extract-timeout", str(LIMIT))
    loaded = {}
    for name, extra in (("local", ()), ("dask", ("--dask", "local", "--jobs", "2"))):
        result = run_harbour("load", "docs", *options, *extra, store=root / name, cwd=root)
        loaded[name] = Loaded(root / name, result.returncode, result.stderr)
    return loaded


def test_a_gazetteer_entry_is_linked_on_dask_workers_with_the_same_quads_as_a_local_load(loads) -> None:
    local, dask = (HarbourStore(loads[name].store) for name in ("local", "dask"))
    linked = f"SELECT ?label WHERE {{ ?e owl:sameAs <{FENNEL}> ; rdfs:label ?label }}"
    assert [row["label"] for row in dask.select(linked)] == ["Fennel Robotics Ltd"]
    assert everything(dask) == everything(local)


def test_a_document_past_the_limit_on_dask_fails_in_one_line_and_the_others_load(loads) -> None:
    dask = loads["dask"]
    assert dask.returncode == 1, dask.stderr
    limit = extraction_limit(LIMIT, len(LONG_TEXT))
    assert dask.errors() == loads["local"].errors() == [
        f"error: docs/3-long.txt: extraction took longer than the limit of {limit:.1f} s ({len(LONG_TEXT):,} "
        "characters); nothing written"], dask.stderr
    assert "2 loaded, 0 replaced, 0 unchanged, 1 failed" in dask.stderr
    assert "Traceback" not in dask.stderr
    store = HarbourStore(dask.store)
    assert set(store.document_iris()) == {document_iri(DEFAULT_BASE, f"docs/{name}")
                                          for name in ("1-known.txt", "2-short.txt")}
    assert next(iter(store.document_triples(document_iri(DEFAULT_BASE, "docs/3-long.txt"))), None) is None
