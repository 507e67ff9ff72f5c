"""HTML pages: the query page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from harbour.graph import queries
from harbour.ontology import PREFIXES

bp = Blueprint("pages", __name__)


@bp.route("/")
def query_page() -> str:
    harbour = current_app.extensions["harbour"]
    return render_template("query.html", endpoint=url_for("sparql.query"), examples=queries.examples(),
                           prefixes=PREFIXES, stats=harbour.stats())
