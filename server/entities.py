"""Linked Data pages: entity and document IRIs resolve here, and the entity search page.

``/entity/<class>/<id>`` and ``/doc/<id>`` answer for the IRIs Harbour mints under its base (the
IRI is rebuilt from the configured base, never from the request's host). See ``renderers`` for the
representations and how they are chosen.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, url_for

from harbour.graph import entities as views
from harbour.ontology import PREFIXES

from .renderers import Alternate, local_url, minted, not_found, resource_response, split_suffix

bp = Blueprint("linked_data", __name__)

#: Headings of the fact sections of an entity page, by (fact type, how the entity takes part).
FACT_SECTIONS: dict[tuple[str, str], str] = {
    ("Role", "holder"): "Roles",
    ("Role", "organization"): "People with roles here",
    ("Visit", "participant"): "Visits",
    ("Visit", "accompaniedBy"): "Visits, accompanying",
    ("Visit", "location"): "Visits here",
    ("ProductOffering", "offeredBy"): "Products offered",
    ("ProductOffering", "product"): "Offered by",
    ("Quantity", "quantityOf"): "Quantities",
    ("Containment", "contained"): "Part of, or located in",
    ("Containment", "container"): "Contains",
}

SEARCH_PAGE_SIZE = 20


def _store():
    return current_app.extensions["harbour"].store


@bp.record_once
def _index_on_start(state) -> None:
    """Bring the search index up to date when the app is built, not on the first search."""
    harbour = state.app.extensions["harbour"]
    harbour.store.search.ensure_current(harbour.store)


@bp.app_template_filter("local_url")
def _local_url(iri: str) -> str:
    return local_url(iri)


@bp.app_template_filter("class_key")
def _class_key(name: str) -> str:
    """CSS/JS key of a class: its lower-case local name (as in entity IRIs)."""
    return name.lower()


@bp.app_template_filter("prefixed")
def _prefixed(iri: str) -> str:
    """``https://schema.org/Person`` → ``schema:Person`` for the prefixes Harbour declares."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@bp.app_template_filter("decimal")
def _decimal(value: str) -> str:
    """An xsd:decimal with thousands separators: 10000000000 → 10,000,000,000."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    return f"{number:,}" if number == number.to_integral_value() else f"{number:,f}"


def query_links(page_queries: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Each query that produced a page, with links to open it in the editor and to run it."""
    root = request.script_root + "/"
    return [{"title": title, "query": text, "editor": f"{root}#{urlencode({'query': text})}",
             "run": f"{root}sparql?{urlencode({'query': text})}"} for title, text in page_queries]


# --- entities -------------------------------------------------------------------------------------

@bp.route("/entity/<class_name>/<path:ident>")
def entity(class_name: str, ident: str) -> Response:
    ident, chosen = split_suffix(ident)
    path = f"entity/{class_name}/{ident}"
    iri = minted(path)
    store = _store()
    view = views.entity_view(store, iri, documents_offset=documents_offset())
    if view is None:
        return not_found(f"No entity {iri} in this store.", iri)
    local = request.script_root + "/" + path
    api = url_for("api.entity", class_name=class_name, ident=ident)
    extra = [Alternate("json", "application/json", "JSON (API)", api)]

    def html(links: list[Alternate]) -> str:
        labels = views.ontology_labels(store)
        sections = [(FACT_SECTIONS.get(key) or _generic_heading(key, labels), key, views.merge_repeated(facts))
                    for key, facts in _sorted_sections(view.facts_by_part())]
        return render_template("entity.html", view=view, alternates=links, sections=sections,
                               queries=query_links(views.entity_page_queries(iri)), api_url=api,
                               neighbours_url=url_for("api.neighbours", class_name=class_name, ident=ident),
                               page_url=local)

    # The description holds the first page of documents' mentions; the JSON pages on from there.
    more = (url_for("api.entity", class_name=class_name, ident=ident, _external=True,
                    offset=view.documents_page_size)
            if view.document_count > view.documents_page_size else None)
    return resource_response(local, chosen, html, lambda fmt: views.entity_rdf(store, iri, fmt, more), extra)


def documents_offset() -> int:
    """The ``offset`` request parameter: from which document an entity's mentions are listed (bad values: 0)."""
    return max(0, request.args.get("offset", 0, type=int) or 0)


def _sorted_sections(grouped: dict[str, list[views.Fact]]) -> list[tuple[tuple[str, str], list[views.Fact]]]:
    order = list(FACT_SECTIONS)
    items = [((fact_type, part), facts) for key, facts in grouped.items()
             for fact_type, _, part in [key.partition(".")]]
    return sorted(items, key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0]))


def _generic_heading(key: tuple[str, str], labels: dict[str, str]) -> str:
    """A fact type the page has no words for yet: its ontology label, and how the entity takes part."""
    kind, part = (labels.get(str(views.HB) + name, name) for name in key)
    return f"{kind[:1].upper()}{kind[1:]} ({part})"


# --- documents ------------------------------------------------------------------------------------

@bp.route("/doc/<path:doc_path>")
def document(doc_path: str) -> Response:
    store = _store()
    # An id may itself end in ".json" or ".ttl": the whole path names a document first.
    candidates = [(doc_path, None)]
    stem, suffixed = split_suffix(doc_path)
    if suffixed is not None:
        candidates.append((stem, suffixed))
    view, chosen, path = None, None, f"doc/{doc_path}"
    for candidate, representation in candidates:
        view = views.document_view(store, minted(f"doc/{candidate}"))
        if view is not None:
            chosen, path = representation, f"doc/{candidate}"
            break
    iri = minted(path)
    if view is None:
        return not_found(f"No document {iri} in this store.", iri)
    local = request.script_root + "/" + path
    curator = f"{request.script_root}/documents/{view.document.doc_id}"
    api = url_for("api.document", doc_id=view.document.doc_id)
    extra = [Alternate("json", "application/json", "JSON (API)", api)]

    def html(links: list[Alternate]) -> str:
        return render_template("document.html", view=view, alternates=links, api_url=api, curator_url=curator,
                               queries=query_links(views.document_page_queries(iri)), page_url=local)

    return resource_response(local, chosen, html, lambda fmt: views.document_rdf(store, iri, fmt), extra)


# --- search ---------------------------------------------------------------------------------------

@bp.route("/search")
def search() -> str:
    store = _store()
    text = request.args.get("q", "").strip()
    classes = [c for c in request.args.getlist("class") if c]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    found = store.search.search(text, classes, limit=SEARCH_PAGE_SIZE, offset=(page - 1) * SEARCH_PAGE_SIZE,
                                store=store)
    counts = store.search.class_counts(store, text)
    facets = [(term.name, term.label("en"), term.labels.get("ja", ""), counts[term.name.lower()])
              for term in views.entity_classes(store) if term.name.lower() in counts and term.name != "Entity"]
    pages = max(1, -(-found.total // SEARCH_PAGE_SIZE))
    return render_template("search.html", q=text, classes=[c.lower() for c in classes], found=found, facets=facets,
                           page=page, pages=pages, api_url=url_for("api.entities", **request.args))

