"""The row cap of ``graph/evaluation.py``: answers pyoxigraph writes directly must never pass the limit, and long
answers are cut from what was written, not evaluated twice."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from harbour.graph.evaluation import SOLUTION_FORMATS, QueryRequest, _solutions, evaluate

STORE = ox.Store()
STORE.extend([ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)) for i in range(12)])


def rows_of(body: bytes, name: str) -> int:
    if name == "json":
        return len(json.loads(body)["results"]["bindings"])
    if name == "xml":
        return body.count(b"<result>") + body.count(b"<result/>")
    return len(body.decode().splitlines()) - 1  # the header line


@pytest.mark.parametrize("name", sorted(SOLUTION_FORMATS))
@pytest.mark.parametrize("unbound", [False, True])
def test_the_cap_holds_for_small_and_empty_rows_in_every_format(name: str, unbound: bool) -> None:
    for rows in range(8):
        for limit in range(7):
            check_cap(rows, limit, unbound, name)


def check_cap(rows: int, limit: int, unbound: bool, name: str) -> None:
    # Rows with nothing bound are the shortest a format can write: the bound on bytes per row must hold for them.
    pattern = "OPTIONAL { ?s <urn:nothing> ?o }" if unbound else "?s <urn:p> ?o"
    query = f"SELECT ?o WHERE {{ {{ SELECT ?s WHERE {{ ?s <urn:p> ?any }} LIMIT {rows} }} {pattern} }}"
    outcome = evaluate(STORE, QueryRequest(query, {"solutions": name, "boolean": name}, result_limit=limit))
    assert outcome.truncated == (rows > limit)
    assert rows_of(outcome.body, name) == min(rows, limit)
    if rows <= limit:  # written by pyoxigraph as it is
        assert outcome.body == STORE.query(query).serialize(format=SOLUTION_FORMATS[name][1])


LONG = ox.Store()
LONG.extend([ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(f"{i} " + "長い文" * 200))
             for i in range(12)])


@pytest.mark.parametrize("name", sorted(SOLUTION_FORMATS))
@pytest.mark.parametrize("limit", [3, 12, 20])
def test_long_rows_are_counted_from_the_written_answer_not_evaluated_again(name: str, limit: int) -> None:
    # Twelve rows of over 600 bytes are far more bytes than the limit times the shortest row, so the written
    # answer must be read back to know whether it passes the limit; only CSV, which pyoxigraph cannot read
    # back, is evaluated again.
    query = "SELECT ?s ?o WHERE { ?s <urn:p> ?o } ORDER BY ?s"
    evaluations = []

    def again() -> ox.QuerySolutions:
        evaluations.append(1)
        return LONG.query(query)

    request = QueryRequest(query, {"solutions": name, "boolean": name}, result_limit=limit)
    outcome = _solutions(LONG.query(query), request, again)
    assert len(evaluations) == (1 if name == "csv" else 0)
    assert outcome.truncated == (limit < 12)
    assert rows_of(outcome.body, name) == min(limit, 12)
    if limit >= 12:
        assert outcome.body == LONG.query(query).serialize(format=SOLUTION_FORMATS[name][1])
    if name == "json" and limit < 12:
        assert json.loads(outcome.body)["truncated"] is True
