"""Every named query of the product (graph/queries/*.rq) parses and runs on a store holding the sample."""

from __future__ import annotations

from importlib.resources import files

import pytest

from harbour.graph import queries
from harbour.graph.store import HarbourStore

NAMES = sorted(entry.name[:-3] for entry in files("harbour.graph").joinpath("queries").iterdir()
               if entry.name.endswith(".rq"))


def test_there_are_named_queries() -> None:
    assert len(NAMES) > 30 and "doc-page" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_a_named_query_parses_and_runs_on_the_sample(name: str, loaded_store: HarbourStore) -> None:
    """A syntax error or an evaluation error raises; the answers' shape is the rest of the suite's business."""
    text = queries.get(name)
    body = "\n".join(line for line in text.splitlines() if not line.startswith(("#", "PREFIX")))
    kind = body.split(None, 1)[0]
    assert kind in ("SELECT", "CONSTRUCT"), f"{name}: a {kind} query"
    if kind == "SELECT":
        assert all(isinstance(row, dict) for row in loaded_store.select(text))
    else:
        assert all(hasattr(triple, "subject") for triple in loaded_store.construct(text))
