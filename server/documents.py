"""Documents over HTTP: list and read them (public), load, replace and delete them (bearer token).

Writes go through :func:`harbour.graph.documents.load_documents`, the function `harbour load` uses, so an
upload is read, extracted, validated and written exactly like a file on the command line: extraction runs in a
killable worker process with the time limit (``--extract-timeout``), so a document that spins or is too long is
answered 422 and the server goes on serving.

- ``GET /documents``: JSON list, or an HTML table for browsers (which links its JSON twin).
- ``GET /documents/<id>``: metadata and text as JSON, an HTML page, or the document's graph in any
  RDF format by Accept (or ``?format=turtle|ntriples|nquads|trig|jsonld|rdfxml|json|html``).
- ``POST /documents``: a multipart file (field ``file``; optional fields ``id``, ``lang``, ``title``,
  ``date``, ``source``), a JSON object ``{"id", "text", "title", "date", "source", "lang"}`` or a JSON
  array of them, or a raw body (text, Markdown, HTML, PDF) with ``?id=``.
- ``PUT /documents/<id>``: the same bodies; the id is the one in the path.
- ``DELETE /documents/<id>``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import threading

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request, url_for

from harbour.config import Settings
from harbour.extract import Extractor, TextDocument
from harbour.graph.catalog import document_info, document_page, stored_document, write_document_graph
from harbour.graph.documents import LoadReport, Outcome, delete_document, load_documents
from harbour.graph.extraction_workers import ExtractionWorkers, WorkerSettings
from harbour.graph.identity import document_iri
from harbour.graph.readers import DocumentReadError, NotADocument, parse_date, read_bytes, record_document
from harbour.graph.store import GRAPH_FORMATS

from .auth import require_write_token

bp = Blueprint("documents", __name__)

#: Media types of raw upload bodies, by reader format.
_RAW_FORMATS = {
    "text/plain": "text", "text/markdown": "markdown", "text/x-markdown": "markdown", "text/html": "html",
    "application/xhtml+xml": "html", "application/pdf": "pdf", "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}
#: How a document can be shown, by media type (the first is the default for */*).
_VIEW_MEDIA = {"application/json": "json", "text/html": "html",
               **{media: name for name, (media, _) in GRAPH_FORMATS.items()}, "text/plain": "ntriples"}
_VIEW_NAMES = {*_VIEW_MEDIA.values(), "ttl", "nt", "nq", "json-ld", "rdf"}
_SHORT_NAMES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "rdf": "rdfxml"}


class _Writer:
    """One extraction worker process (both pipelines loaded, killed and replaced when a document runs past
    the time limit) and a lock, so one upload at a time is extracted and written: the store has one writer.

    The worker starts on the first upload, or at once with :func:`start_extraction_worker` (``harbour serve``
    with writes enabled), so that the first upload does not wait for the pipelines to load.
    """

    def __init__(self, settings: Settings) -> None:
        self.extractor = Extractor(settings.base)  # names the documents' IRIs; the worker extracts
        self.workers = ExtractionWorkers(WorkerSettings(settings.base, True), jobs=1,
                                         timeout=settings.extract_timeout, keep_started=True)
        self.lock = threading.Lock()

    def load(self, store, document: TextDocument) -> Outcome:
        """Load one document (call with the lock held)."""
        outcomes: list[Outcome] = []
        load_documents(store, self.extractor, [document], on_progress=outcomes.append,
                       pool=lambda _base, _validate: contextlib.nullcontext(self.workers))
        return outcomes[0]

    def close(self) -> None:
        with self.lock:
            self.workers.close()


@bp.record_once
def _setup(state) -> None:
    harbour = state.app.extensions["harbour"]
    writer = _Writer(harbour.settings)
    state.app.extensions["harbour_documents"] = writer
    harbour.on_close.append(writer.close)


def start_extraction_worker(app: Flask) -> None:
    """Start the upload extraction worker now, loading both pipelines in the background (call from a thread that
    lives as long as the server: the worker dies with the thread that started it). Without this, the first upload
    starts it and loads only the pipelines it needs."""
    writer: _Writer = app.extensions["harbour_documents"]
    with writer.lock:
        writer.workers.settings = dataclasses.replace(writer.workers.settings, languages=("ja", "en"))
        writer.workers.start()


def _harbour():
    return current_app.extensions["harbour"]


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _document_url(doc_id: str) -> str:
    return url_for("documents.document", doc_id=doc_id)


# --- reading ----------------------------------------------------------------------------------

def _wants_html(parameter: str | None) -> bool:
    if parameter:
        return parameter.lower() == "html"
    return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html"


def _view_format() -> str | None:
    """The format to show a document in: ``?format=``, else the Accept header; None if unknown."""
    if parameter := request.args.get("format", "").strip().lower():
        return _SHORT_NAMES.get(parameter, parameter) if parameter in _VIEW_NAMES else None
    return _VIEW_MEDIA[request.accept_mimetypes.best_match(list(_VIEW_MEDIA), default="application/json")]


#: Documents per page of GET /documents, by default and at most.
PAGE_SIZE, MAX_PAGE_SIZE = 100, 1000


@bp.route("/documents", methods=["GET"])
def documents() -> Response | str:
    try:
        limit = int(request.args.get("limit", PAGE_SIZE))
        offset = int(request.args.get("offset", 0))
        if not 1 <= limit <= MAX_PAGE_SIZE or offset < 0:
            raise ValueError
    except ValueError:
        return _error(400, f"limit must be an integer from 1 to {MAX_PAGE_SIZE}, offset a non-negative integer")
    page = document_page(_harbour().store, limit, offset)

    def page_url(at: int, **options: str) -> str:
        return url_for("documents.documents", limit=limit, offset=at, **options)

    previous_offset = max(offset - limit, 0) if offset else None
    next_offset = offset + limit if page.has_next else None
    if _wants_html(request.args.get("format")):
        json_url = page_url(offset, format="json")
        return render_template(
            "documents.html", page=page, json_url=json_url, document_url=_document_url,
            previous_url=None if previous_offset is None else page_url(previous_offset, format="html"),
            next_url=None if next_offset is None else page_url(next_offset, format="html"),
            alternates=[{"media_type": "application/json", "href": json_url, "label": "JSON"}])
    response = jsonify({
        "count": page.total, "offset": offset, "limit": limit,
        "next": None if next_offset is None else page_url(next_offset),
        "previous": None if previous_offset is None else page_url(previous_offset),
        "documents": [{**d.to_json(), "url": _document_url(d.id)} for d in page.documents]})
    links = [f'<{page_url(at)}>; rel="{rel}"' for rel, at in (("next", next_offset), ("prev", previous_offset))
             if at is not None]
    if links:
        response.headers["Link"] = ", ".join(links)
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/documents/<path:doc_id>", methods=["GET"])
def document(doc_id: str) -> Response | str:
    store = _harbour().store
    iri = document_iri(_harbour().settings.base, doc_id)
    info = document_info(store, iri)
    if info is None:
        return _error(404, f"no document with id {doc_id!r}")
    name = _view_format()
    if name is None:
        return _error(400, f"unknown format {request.args['format']!r}: one of {', '.join(sorted(_VIEW_NAMES))}")
    stored = stored_document(store, iri)
    text = stored.text if stored is not None else ""
    if name == "html":
        url = _document_url(info.id)
        alternates = [{"media_type": media, "href": f"{url}?format={name}", "label": name}
                      for name, media in (("json", "application/json"), ("turtle", "text/turtle"))]
        return render_template("documents-item.html", document=info, text=text, formats=list(GRAPH_FORMATS),
                               document_url=_document_url, alternates=alternates)
    if name == "json":
        response = jsonify({**info.to_json(), "text": text, "url": _document_url(info.id)})
    else:
        output = io.BytesIO()
        write_document_graph(store, iri, name, output)
        response = Response(output.getvalue(), mimetype=GRAPH_FORMATS[name][0])
    response.headers["Vary"] = "Accept"
    return response


# --- writing ----------------------------------------------------------------------------------

def _form_overrides(document: TextDocument) -> TextDocument:
    """Fields sent beside an uploaded file (or as query parameters) override what the file says."""
    values = {**request.args.to_dict(), **request.form.to_dict()}
    changes: dict[str, object] = {}
    for field_name in ("title", "source", "lang"):
        if values.get(field_name):
            changes[field_name] = values[field_name]
    if values.get("date"):
        date = parse_date(values["date"])
        if date is None:
            raise DocumentReadError(f"\"date\" is not an ISO date (YYYY-MM-DD): {values['date']!r}")
        changes["date"] = date
    if changes.get("lang") not in (None, "ja", "en"):
        raise DocumentReadError("\"lang\" must be ja or en")
    return dataclasses.replace(document, **changes) if changes else document


def _request_documents(path_id: str | None) -> list[TextDocument | DocumentReadError]:
    """The documents a write request carries; raises DocumentReadError for a body Harbour cannot use."""
    given_id = path_id or request.values.get("id") or None
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise DocumentReadError("multipart upload without a \"file\" field")
        name = upload.filename or given_id or "upload"
        items = read_bytes(upload.read(), name, source=request.form.get("source") or None, doc_id=given_id,
                           lang=request.form.get("lang") or None)
    elif request.mimetype == "application/json":
        try:
            body = request.get_json(silent=True)
        except RecursionError:  # silent covers ValueError only; Python's json recurses once per level
            body = None
        records = body if isinstance(body, list) else [body]
        if not records or not all(isinstance(r, dict) for r in records):
            raise DocumentReadError("the JSON body must be an object {\"id\", \"text\", …} or an array of them")
        if path_id is not None and len(records) != 1:
            raise DocumentReadError("PUT takes one document")
        items = []
        for number, record in enumerate(records, start=1):
            if path_id is not None:
                record = {**record, "id": path_id}
            try:
                items.append(record_document(record, fallback_id=given_id, where=f"document {number}"))
            except DocumentReadError as error:
                items.append(error)
    elif request.mimetype in _RAW_FORMATS:
        if given_id is None:
            raise DocumentReadError("a raw body needs an id: PUT /documents/<id> or POST /documents?id=…")
        items = read_bytes(request.get_data(), given_id, format_name=_RAW_FORMATS[request.mimetype],
                           source=request.args.get("source") or None, doc_id=given_id)
    else:
        raise _UnsupportedMedia(request.mimetype or "(none)")
    if path_id is not None and len(items) != 1:
        raise DocumentReadError(f"PUT takes one document; the body holds {len(items)}")
    return [_form_overrides(item) if isinstance(item, TextDocument) else item for item in items]


class _UnsupportedMedia(Exception):
    pass


def _outcome_json(outcome: Outcome) -> dict[str, object]:
    if outcome.status == "failed":
        return {"status": "failed", "error": outcome.reason}
    return {"id": outcome.doc_id, "iri": outcome.iri, "status": outcome.status,
            "url": _document_url(outcome.doc_id), "triples": outcome.triples}


def _write(path_id: str | None) -> Response:
    try:
        items = _request_documents(path_id)
    except NotADocument as error:
        return _error(415, str(error))
    except DocumentReadError as error:
        return _error(400, str(error))
    except _UnsupportedMedia as error:
        return _error(415, f"unsupported media type {error}: send multipart/form-data, application/json, "
                           f"or a raw {', '.join(sorted(_RAW_FORMATS))} body")
    writer: _Writer = current_app.extensions["harbour_documents"]
    store = _harbour().store
    report = LoadReport()
    outcomes: list[Outcome] = []
    with writer.lock:
        for item in items:
            outcome = (writer.load(store, item) if isinstance(item, TextDocument)
                       else Outcome("", "failed", reason=str(item)))
            report.add(outcome)
            outcomes.append(outcome)
    if len(outcomes) == 1 and not (request.is_json and isinstance(request.get_json(silent=True), list)):
        outcome = outcomes[0]
        response = jsonify(_outcome_json(outcome))
        response.status_code = {"loaded": 201, "failed": 422}.get(outcome.status, 200)
        if outcome.status != "failed":
            response.headers["Location"] = _document_url(outcome.doc_id)
        return response
    response = jsonify({"summary": report.summary(), "documents": [_outcome_json(o) for o in outcomes]})
    response.status_code = 200 if report.ok else 422
    return response


@bp.route("/documents", methods=["POST"])
@require_write_token
def create() -> Response:
    return _write(None)


@bp.route("/documents/<path:doc_id>", methods=["PUT"])
@require_write_token
def put(doc_id: str) -> Response:
    return _write(doc_id)


@bp.route("/documents/<path:doc_id>", methods=["DELETE"])
@require_write_token
def delete(doc_id: str) -> Response:
    writer: _Writer = current_app.extensions["harbour_documents"]
    with writer.lock:
        found = delete_document(_harbour().store, _harbour().settings.base, doc_id)
        _harbour().store.flush()
    if not found:
        return _error(404, f"no document with id {doc_id!r}")
    return Response(status=204)
