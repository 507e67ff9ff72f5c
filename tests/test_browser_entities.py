"""Entity pages in real headless Chromium against a real `harbour serve` on the sample store: a person's page
shows the role and the organisation, the organisation is one click away, a two-character search finds a
Japanese name, and the neighbourhood picture draws nodes that open their entities.

Screenshots go to the test's tmp dir, or to $HARBOUR_SCREENSHOTS when set (to look at them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from harbour.graph import identity

LEE_PATH = "/" + identity.entity_iri(identity.DEFAULT_BASE, "Person", "李家超")[len(identity.DEFAULT_BASE):]

# Chromium and a page come from conftest (`chromium`, `browser_page`), which skip when Chromium is missing.
pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser_page):
    return browser_page


@pytest.fixture
def shots(tmp_path):
    """Save a screenshot under a name; copied to $HARBOUR_SCREENSHOTS when it is set."""
    def save(page, name: str, **options) -> Path:
        path = tmp_path / f"{name}.png"
        (options.pop("locator") if "locator" in options else page).screenshot(path=str(path), **options)
        if target := os.environ.get("HARBOUR_SCREENSHOTS"):
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(target) / path.name)
        assert path.stat().st_size > 5_000
        return path
    return save


def wait_for_picture(page) -> int:
    page.wait_for_selector("#hb-graph[data-rendered]", timeout=20_000)
    return page.evaluate("document.getElementById('hb-graph').harbourGraph.nodes().length")


def painted_pixels(page) -> int:
    """Non-transparent pixels on the picture's canvases: the nodes and edges were really drawn."""
    return page.evaluate("""() => {
        let painted = 0;
        for (const canvas of document.querySelectorAll('#hb-graph canvas')) {
            const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        }
        return painted;
    }""")


def test_person_page_role_organisation_picture_and_search(served_sample, page, shots):
    page.goto(served_sample.url + LEE_PATH)
    assert page.locator("h1").inner_text() == "李家超"
    role = page.locator(".hb-fact-section[data-fact-type='Role'][data-part='holder'] .hb-fact-line",
                        has_text="行政長官", has=page.locator("a.hb-entity")).first
    role.wait_for()
    organisation = role.locator("a.hb-entity").first
    organisation_name = organisation.inner_text()
    assert organisation_name

    nodes = wait_for_picture(page)
    assert nodes >= 3
    assert painted_pixels(page) > 2_000
    shots(page, "entity-person")
    shots(page, "entity-person-picture", locator=page.locator("#hb-graph"))

    organisation.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == organisation_name
    assert page.locator(".hb-fact-section[data-part='organization']", has_text="李家超").count() == 1
    assert wait_for_picture(page) >= 2
    shots(page, "entity-organisation")

    # Autocomplete: two characters from the middle of a Japanese name.
    box = page.locator("header input[name='q']")
    box.fill("家超")
    suggestion = page.locator("#hb-suggestions [role='option']", has_text="李家超")
    suggestion.wait_for(timeout=10_000)
    shots(page, "search-autocomplete", clip={"x": 700, "y": 0, "width": 700, "height": 300})
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**" + LEE_PATH)

    # The search page: the same query submitted.
    page.locator("header input[name='q']").fill("李家")
    page.locator("header button[type='submit']").click()
    page.wait_for_url("**/search?q=*")
    result = page.locator(".hb-result a.hb-result-name", has_text="李家超")
    assert result.count() == 1
    shots(page, "search-results")
    result.click()
    page.wait_for_url("**" + LEE_PATH)
    assert not page.errors, page.errors


def test_clicking_a_node_opens_its_entity(served_sample, page):
    page.goto(served_sample.url + LEE_PATH)
    wait_for_picture(page)
    target = page.evaluate("""() => {
        const cy = document.getElementById('hb-graph').harbourGraph;
        const node = cy.nodes().filter(n => !n.data('center'))[0];
        const at = node.renderedPosition();
        return {page: node.data('page'), x: at.x, y: at.y};
    }""")
    box = page.locator("#hb-graph").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_url("**" + target["page"])
    assert page.locator("h1").inner_text()


def test_document_page_highlights_and_fragment_lands_on_the_mention(served_sample, page, shots):
    doc_path = "/doc/samples/cyberport-ai-2024-11-22.ja.txt"
    page.goto(served_sample.url + LEE_PATH)
    mention = page.locator(".hb-snippets mark.hb-mention a").first
    href = mention.get_attribute("href")
    assert href.startswith(doc_path + "#char=")
    mention.click()
    page.wait_for_url("**" + doc_path + "#char=*")
    target = page.locator(":target")
    assert target.inner_text() == "李家超"
    assert page.locator(".hb-document-text mark.hb-mention").count() > 20
    shots(page, "document")


def test_the_page_query_opens_in_the_editor(served_sample, page):
    page.goto(served_sample.url + LEE_PATH)
    page.locator(".hb-queries summary").click()
    page.locator(".hb-queries a", has_text="Open in the query editor").nth(2).click()  # the facts query
    page.wait_for_selector(".CodeMirror", timeout=20_000)
    editor = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "hb:Fact" in editor and identity.entity_iri(identity.DEFAULT_BASE, "Person", "李家超") in editor
