"""The ontology page: every class, property and individual of ``hb:`` with its labels and comments in English
and Japanese, one anchor per term, so ``https://w3id.org/harbour/ns#Person`` resolves (through the w3id
redirect) to ``/ontology#Person``. The same URL gives the ontology as RDF by Accept or suffix."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request

from harbour.graph import entities as views
from harbour.ontology import ONTOLOGY_GRAPH

from .renderers import SUFFIXES, Alternate, resource_response

bp = Blueprint("ontology_page", __name__)


@bp.route("/ontology")
@bp.route("/ontology.<suffix>")
def ontology(suffix: str | None = None) -> Response:
    if suffix is not None and suffix.lower() not in SUFFIXES:
        abort(404)
    store = current_app.extensions["harbour"].store
    local = request.script_root + "/ontology"

    def html(links: list[Alternate]) -> str:
        terms = views.ontology_terms(store)
        sections = {"classes": [], "properties": [], "individuals": []}
        for term in terms.values():
            sections[term.section].append(term)
        counts = store.search.class_counts(store)
        return render_template("ontology.html", sections=sections, terms=terms, alternates=links,
                               namespace=str(views.HB), graph=ONTOLOGY_GRAPH, counts=counts, page_url=local)

    return resource_response(local, SUFFIXES[suffix.lower()] if suffix else None, html,
                             lambda fmt: views.ontology_rdf(store, fmt))
