"""W3C SPARQL 1.1 conformance tests, run over HTTP against a server (see tests/w3c/README.md).

One pytest test per W3C test, grouped by kind; ids are ``<manifest folder>/<test name>``.  Tests in
tests/w3c/KNOWN_FAILURES.txt are xfail(strict=False).  Every test empties the server's dataset.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator

import pytest

if __package__:  # tests/ is a package
    from . import w3c_harness as harness
else:  # pytest's default rootdir-relative import of a directory without __init__.py
    import w3c_harness as harness


# ---- The server under test --------------------------------------------------------------------------
# HARBOUR_W3C_URL must name a disposable server: every test runs DROP ALL on it.


@pytest.fixture(scope="session")
def w3c_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[harness.Endpoint]:
    """A fresh `harbour serve` on 127.0.0.1 (its own store's default graph, as the tests assume);
    HARBOUR_W3C_URL (+ HARBOUR_W3C_TOKEN) names another server; HARBOUR_W3C_SERVER=oxigraph runs the
    same suite against `oxigraph serve`, the reference."""
    base_url = os.environ.get("HARBOUR_W3C_URL")
    if base_url:
        yield harness.Endpoint.harbour(base_url, token=os.environ.get("HARBOUR_W3C_TOKEN"))
        return
    if os.environ.get("HARBOUR_W3C_SERVER") == "oxigraph":
        with harness.running_oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as endpoint:
            yield endpoint
        return
    from .conftest import TOKEN, ServedHarbour

    server = ServedHarbour(tmp_path_factory.mktemp("w3c") / "store", "--no-union-default-graph", token=TOKEN)
    try:
        yield harness.Endpoint.harbour(server.url, token=TOKEN)
    finally:
        server.stop()


# ------------------------------------------------------------------------------------------------------

ALL_TESTS = harness.load_all_tests()
KNOWN_FAILURES = harness.KnownFailures.load()

# The size of each group in the copied manifests, so that a test silently dropped by the manifest
# reader (or a changed copy of the suite) shows up.
EXPECTED_GROUP_SIZES = {
    harness.PROTOCOL: 34,
    harness.GRAPH_STORE: 31,
    harness.SERVICE_DESCRIPTION: 3,
    harness.QUERY_EVALUATION: 229,
    harness.UPDATE_EVALUATION: 94,
    harness.SYNTAX: 166,
}


@pytest.fixture(scope="session")
def w3c_server(w3c_endpoint: harness.Endpoint) -> Iterator[harness.SparqlServer]:
    with harness.SparqlServer(w3c_endpoint) as server:
        yield server


def params_for_group(group: str) -> list[pytest.ParameterSet]:
    return [pytest.param(test, id=test.id) for test in ALL_TESTS if test.group == group]


def run_w3c_test(test: harness.W3CTest, server: harness.SparqlServer, request: pytest.FixtureRequest) -> None:
    missing = test.missing_features(server.endpoint)
    if missing:
        pytest.skip(f"the server under test lacks {', '.join(sorted(missing))}")
    known_reason = KNOWN_FAILURES.reason_for(test.id, server.endpoint.server_name)
    if known_reason:
        request.applymarker(pytest.mark.xfail(reason=known_reason, strict=False))
    test.run(server)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.PROTOCOL))
def test_protocol(w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.GRAPH_STORE))
def test_graph_store_protocol(
    w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest
) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.SERVICE_DESCRIPTION))
def test_service_description(
    w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest
) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.QUERY_EVALUATION))
def test_query_evaluation(
    w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest
) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.UPDATE_EVALUATION))
def test_update_evaluation(
    w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest
) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


@pytest.mark.parametrize("w3c_test", params_for_group(harness.SYNTAX))
def test_syntax(w3c_test: harness.W3CTest, w3c_server: harness.SparqlServer, request: pytest.FixtureRequest) -> None:
    run_w3c_test(w3c_test, w3c_server, request)


def test_every_manifest_entry_is_a_test() -> None:
    assert Counter(test.group for test in ALL_TESTS) == EXPECTED_GROUP_SIZES
    assert len({test.id for test in ALL_TESTS}) == len(ALL_TESTS), "test ids must be unique"


def test_known_failures_name_existing_tests() -> None:
    known_ids = {test.id for test in ALL_TESTS}
    assert [entry.test_id for entry in KNOWN_FAILURES.entries if entry.test_id not in known_ids] == []
