"""The Flask application: ``create_app`` builds it around one :class:`Harbour`."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable

from flask import Flask, Response

from harbour.config import Settings
from harbour.graph import queries
from harbour.graph.query_runner import QueryRunner, query_runner_for
from harbour.graph.store import HarbourStore

from . import api, documents, entities, ontology_page, pages, sparql
from . import graph_store, void
from .cors import install_cors


class Harbour:
    """Owns the settings, the store and the app; views reach it as ``current_app.extensions["harbour"]``."""

    def __init__(self, settings: Settings, store: HarbourStore | None = None) -> None:
        self.settings = settings
        self.store = store if store is not None else HarbourStore(settings.store)
        self.store.ensure_ontology()
        self._queries: QueryRunner | None = None
        self._queries_lock = threading.Lock()
        #: Called by close(): blueprints that own processes (the documents' extraction worker) register here.
        self.on_close: list[Callable[[], None]] = []

    @property
    def queries(self) -> QueryRunner:
        """Runs clients' SPARQL queries with the time, memory and size limits (started on first use)."""
        return self.start_query_workers(all_of_them=False)

    def start_query_workers(self, all_of_them: bool = True) -> QueryRunner:
        """Start the query runner now; a server starts every worker, so none is ever waited for."""
        with self._queries_lock:
            if self._queries is None:
                started = self.settings.query_workers if all_of_them else min(4, self.settings.query_workers)
                self._queries = query_runner_for(self.store, self.settings.query_workers,
                                                 self.settings.query_memory_mb * 2**20, started)
                weakref.finalize(self, self._queries.close)  # in case no one calls close()
            return self._queries

    def close(self) -> None:
        """Stop the query workers and the extraction worker (the store itself belongs to whoever opened it)."""
        with self._queries_lock:
            if self._queries is not None:
                self._queries.close()
                self._queries = None
        for stop in self.on_close:
            stop()

    def stats(self) -> dict[str, int]:
        rows = self.store.select(queries.get("stats"))
        return {k: int(v) for k, v in rows[0].items()} if rows else {}

    def app(self) -> Flask:
        app = Flask(__name__)
        app.config["MAX_CONTENT_LENGTH"] = int(self.settings.max_body_mb * 2**20)
        app.extensions["harbour"] = self
        app.register_blueprint(sparql.bp)
        app.register_blueprint(graph_store.bp)
        app.register_blueprint(void.bp)
        app.register_blueprint(pages.bp)
        app.register_blueprint(entities.bp)  # /entity/…, /doc/…, /search
        app.register_blueprint(ontology_page.bp)
        app.register_blueprint(api.bp)
        app.register_blueprint(documents.bp)

        install_cors(app, self.settings.cors_origins)

        @app.errorhandler(413)
        def too_large(_error: Exception) -> Response:
            return Response(f"request body too large: the limit is {self.settings.max_body_mb:g} MB\n", status=413,
                            mimetype="text/plain")

        return app


def create_app(settings: Settings | None = None, store: HarbourStore | None = None) -> Flask:
    return Harbour(settings or Settings.from_env(), store).app()
