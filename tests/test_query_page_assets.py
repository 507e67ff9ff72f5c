"""The query page's vendored YASGUI bundle and its template, checked without a browser or Flask.

The template is rendered with a plain jinja2 Environment (autoescape on, as Flask does for
.html) and a stub ``url_for``; hostile example text must not be able to break out of the
inline <script>.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "server"
STATIC = SERVER / "static"
VENDOR = STATIC / "vendor" / "yasgui"
TEMPLATES = SERVER / "templates"
TEMPLATE = TEMPLATES / "query.html"

HOSTILE = "</script><script>alert(1)</script>"


def stub_url_for(endpoint: str, **values: str) -> str:
    assert endpoint == "static", endpoint
    return "/static/" + values["filename"]


def render(**context) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
    )
    env.globals["url_for"] = stub_url_for
    return env.get_template("query.html").render(**context)


def example(name: str, title: str, query: str) -> SimpleNamespace:
    return SimpleNamespace(name=name, title=title, query=query)


PREFIXES = {
    "hb": "https://w3id.org/harbour/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
EXAMPLES = [
    example(
        "entities",
        "Entities and labels / エンティティ",
        "PREFIX hb: <https://w3id.org/harbour/ns#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "# every entity & its label\n"
        "SELECT ?e ?label WHERE { ?e a hb:Entity ; rdfs:label ?label } LIMIT 20",
    ),
    example(
        "hostile" + HOSTILE,
        "Hostile " + HOSTILE,
        'SELECT * WHERE { ?s ?p "' + HOSTILE + "' \u2028 <!-- -->\" }",
    ),
]


def inline_examples(html: str) -> list[dict]:
    """The EXAMPLES array of the inline script, parsed as JSON."""
    match = re.search(r"var EXAMPLES = (\[.*?\]);\n", html, re.S)
    assert match, "EXAMPLES array not found in the inline script"
    return json.loads(match.group(1))


# ---- vendored files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "min_bytes"),
    [
        ("yasgui.min.js", 300_000),
        ("yasgui.min.css", 10_000),
        ("LICENSE", 500),
        ("SOURCE.md", 200),
    ],
)
def test_vendored_file_exists_and_is_not_trivial(name: str, min_bytes: int) -> None:
    path = VENDOR / name
    assert path.is_file(), f"missing {path}"
    assert path.stat().st_size >= min_bytes, f"{path} is only {path.stat().st_size} bytes"


def test_vendored_bundle_looks_like_yasgui() -> None:
    js = (VENDOR / "yasgui.min.js").read_text(encoding="utf-8")
    assert "Yasgui" in js and "Yasqe" in js and "Yasr" in js
    assert "CodeMirror" in (VENDOR / "yasgui.min.css").read_text(encoding="utf-8")


def test_license_and_source_notes() -> None:
    assert "MIT" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    source = (VENDOR / "SOURCE.md").read_text(encoding="utf-8")
    assert "@zazuko/yasgui" in source
    assert re.search(r"Version: \d+\.\d+\.\d+", source)
    assert "npm install" in source


def test_vendored_files_match_source_md() -> None:
    """SOURCE.md's table records size and sha256 of each file; keep them in step."""
    source = (VENDOR / "SOURCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (yasgui\.min\.(?:js|css)) \| (\d+) \| ([0-9a-f]{64}) \|$", source, re.M)
    assert {name for name, _, _ in rows} == {"yasgui.min.js", "yasgui.min.css"}
    for name, size, digest in rows:
        data = (VENDOR / name).read_bytes()
        assert len(data) == int(size), name
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_no_node_modules_in_repository() -> None:
    assert not (ROOT / "node_modules").exists()
    assert not (STATIC / "node_modules").exists()


# ---- template source -------------------------------------------------------------------


def test_template_references_vendored_assets_via_url_for() -> None:
    source = TEMPLATE.read_text(encoding="utf-8")
    for filename in ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css", "harbour.css"):
        pattern = r"url_for\(\s*['\"]static['\"]\s*,\s*filename\s*=\s*['\"]" + re.escape(filename) + r"['\"]\s*\)"
        assert re.search(pattern, source), f"query.html does not load {filename} through url_for('static')"
    # Served from the package: no CDN.
    assert not re.search(r"(src|href)=\"(https?:)?//", source)


def test_css_font_stack_covers_japanese() -> None:
    css = (STATIC / "harbour.css").read_text(encoding="utf-8")
    for family in ("system-ui", '"Hiragino Sans"', '"Noto Sans CJK JP"', "sans-serif"):
        assert family in css


# ---- rendering -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> str:
    return render(
        endpoint="/sparql",
        examples=EXAMPLES,
        prefixes=PREFIXES,
        stats={"documents": 3, "entities": 1234, "triples": 56789},
    )


def test_renders_assets_and_header(page: str) -> None:
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in page
    assert 'href="/static/vendor/yasgui/yasgui.min.css"' in page
    assert 'href="/static/harbour.css"' in page
    assert "Harbour — SPARQL" in page
    for href in ("/documents", "/api/openapi.json", "/ontology"):
        assert f'href="{href}"' in page
    assert re.search(r'<form[^>]*action="/search"[^>]*method="get"', page)
    assert 'name="q"' in page


def test_hostile_example_cannot_break_out(page: str) -> None:
    assert "</script><script>alert(1)" not in page
    assert "<script>alert(1)" not in page
    # Only the two script elements of the template: the bundle and the inline init code.
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    # The title and name are HTML-escaped where they appear as text / attributes.
    assert "Hostile &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_examples_reach_javascript_intact(page: str) -> None:
    parsed = inline_examples(page)
    assert parsed == [{"name": e.name, "title": e.title, "query": e.query} for e in EXAMPLES]


def test_yasgui_configuration(page: str) -> None:
    assert 'var ENDPOINT = "/sparql";' in page
    prefixes = re.search(r"var PREFIXES = (\{.*?\});\n", page)
    assert prefixes and json.loads(prefixes.group(1)) == PREFIXES
    assert "new Yasgui(" in page
    assert 'method: "POST"' in page
    assert "application/sparql-results+json" in page
    assert "persistenceId: null" in page
    # The first example is the initial query.
    assert "EXAMPLES[0].query" in page
    # One button per example, wired by index.
    assert page.count('class="hb-example" data-example=') == len(EXAMPLES)


def test_stats_are_shown(page: str) -> None:
    assert "1,234" in page and "56,789" in page


def test_noscript_fallback_posts_query(page: str) -> None:
    noscript = re.findall(r"<noscript>(.*?)</noscript>", page, re.S)
    assert noscript
    forms = "".join(noscript)
    assert re.search(r'<form action="/sparql" method="post">', forms)
    assert 'name="query"' in forms
    # The textarea holds the first example, HTML-escaped.
    assert "PREFIX hb: &lt;https://w3id.org/harbour/ns#&gt;" in forms
    assert "# every entity &amp; its label" in forms


def test_renders_without_examples_or_stats() -> None:
    html = render(endpoint="http://127.0.0.1:5000/sparql", examples=[], prefixes={}, stats={})
    assert inline_examples(html) == []
    assert 'var ENDPOINT = "http://127.0.0.1:5000/sparql";' in html
    assert "hb-stats" not in html
    assert "No example queries are available." in html
    assert html.count("<script") == 2
