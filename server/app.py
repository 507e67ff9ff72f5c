"""The Flask application: ``create_app`` builds it around one :class:`Harbour`."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.datastructures import MIMEAccept

from harbour.config import Settings
from harbour.graph import queries
from harbour.graph.store import GRAPH_FORMATS, HarbourStore

from . import api, documents, entities, ontology_page, pages, sparql
from .negotiation import negotiate


class Harbour:
    """Owns the settings, the store and the app; views reach it as ``current_app.extensions["harbour"]``."""

    def __init__(self, settings: Settings, store: HarbourStore | None = None) -> None:
        self.settings = settings
        self.store = store if store is not None else HarbourStore(settings.store)
        self.store.ensure_ontology()

    def stats(self) -> dict[str, int]:
        rows = self.store.select(queries.get("stats"))
        return {k: int(v) for k, v in rows[0].items()} if rows else {}

    def service_description(self, accept: MIMEAccept, endpoint_url: str) -> Response:
        name = negotiate(accept, GRAPH_FORMATS, "turtle")
        outcome = self.store.run_query(queries.get("service-description"),
                                       {"graph": name, "solutions": "json", "boolean": "json"}, base_iri=endpoint_url)
        return Response(outcome.body, mimetype=outcome.media_type)

    def app(self) -> Flask:
        app = Flask(__name__)
        app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
        app.extensions["harbour"] = self
        app.register_blueprint(sparql.bp)
        app.register_blueprint(pages.bp)
        app.register_blueprint(entities.bp)  # /entity/…, /doc/…, /search
        app.register_blueprint(ontology_page.bp)
        app.register_blueprint(api.bp)
        app.register_blueprint(documents.bp)

        @app.after_request
        def cors(response: Response) -> Response:
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
            response.headers.setdefault("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept")
            response.headers.setdefault("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
            return response

        return app


def create_app(settings: Settings | None = None, store: HarbourStore | None = None) -> Flask:
    return Harbour(settings or Settings.from_env(), store).app()
