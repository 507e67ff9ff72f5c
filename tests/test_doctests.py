"""The doctests of the pure modules run as part of the suite."""

import doctest
import importlib

import pytest

MODULES = ["harbour.graph.identity", "harbour.graph.queries", "harbour.graph.store", "harbour.extract",
           "harbour.extract.dates", "harbour.extract.quantities", "harbour.extract.labels",
           "harbour.extract.pipeline", "harbour.extract.text", "harbour.extract.gazetteer",
           "harbour.extract.consistency", "harbour.extract.sentences", "harbour.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0
