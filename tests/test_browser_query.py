"""The query page in real headless Chromium against a real `harbour serve` on the sample store: YASGUI
loads from the package, an example query runs through the SPARQL endpoint and its rows show in the table.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_an_example_query_shows_its_rows(served_sample, browser_page) -> None:
    from harbour.graph import queries

    page = browser_page
    answers: list[int] = []
    page.on("response", lambda response: answers.append(response.status) if "/sparql" in response.url else None)
    page.goto(served_sample.url + "/", wait_until="networkidle")
    examples = page.locator("button.hb-example[data-example]")
    assert examples.count() == len(queries.examples())

    examples.nth(0).click()  # people and their roles
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert answers and set(answers) == {200}
    assert rows.count() >= 1
    table = page.locator(".yasr table").inner_text()
    assert "李家超" in table  # a person of the sample, with a role
    assert page.errors == []


def test_a_query_typed_into_the_editor_runs(served_sample, browser_page) -> None:
    page = browser_page
    page.goto(served_sample.url + "/", wait_until="networkidle")
    page.evaluate("""() => { window.harbourYasgui.getTab().setQuery(
        'PREFIX hb: <https://w3id.org/harbour/ns#>\\nSELECT ?doc WHERE { ?doc a hb:Document }'); }""")
    page.locator(".yasqe_queryButton").first.click()
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for(timeout=20_000)
    assert "/doc/" in page.locator(".yasr table").inner_text()
    assert page.errors == []
