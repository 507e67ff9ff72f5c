"""The JSON API: entity search, entities, their neighbourhoods, documents; described at /api/openapi.json.

Entity JSON is JSON-LD under the context at /api/context.jsonld (built from the ontology, so every class
and property of ``hb:`` is a term): an app reads it as plain JSON, an RDF tool expands it to the same
triples the store holds for the entity, its facts (``facts`` is ``@included``) and the documents
mentioning it. Errors are ``{"error": message}`` with a 4xx status.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import NotFound

from harbour.graph import entities as views
from harbour.graph.identity import document_iri
from harbour.ontology import PREFIXES

from . import openapi
from .entities import documents_offset
from .renderers import local_url, minted

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class BadRequest(ValueError):
    """A parameter out of range; the message says which."""


@bp.errorhandler(BadRequest)
def _bad_request(error: BadRequest) -> tuple[Response, int]:
    return jsonify(error=str(error)), 400


@bp.errorhandler(404)
def _not_found(error) -> tuple[Response, int]:
    return jsonify(error=getattr(error, "description", "not found")), 404


def _error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _store():
    return current_app.extensions["harbour"].store


def _absolute(iri: str) -> str:
    """An absolute URL on this server for an IRI it serves (the IRI itself for foreign ones)."""
    return urljoin(request.url_root, local_url(iri))


def _paging() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise BadRequest("limit and offset must be integers") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise BadRequest("offset must be 0 or more")
    return limit, offset


def _page_links(total: int, limit: int, offset: int, endpoint: str, **values: Any) -> dict[str, str | None]:
    def link(at: int) -> str:
        return url_for(endpoint, **values, limit=limit, offset=at, _external=True)

    return {"next": link(offset + limit) if offset + limit < total else None,
            "previous": link(max(0, offset - limit)) if offset > 0 else None}


def _entity_links(iri: str) -> dict[str, str]:
    _, _, path = iri.partition(current_app.extensions["harbour"].settings.base + "entity/")
    class_name, _, ident = path.partition("/")
    links = {"page": _absolute(iri)}
    if class_name and ident and "/" not in ident:
        links["api"] = url_for("api.entity", class_name=class_name, ident=ident, _external=True)
    return links


# --- index ----------------------------------------------------------------------------------------

@bp.route("")
@bp.route("/")
def index() -> Response:
    return jsonify({
        "description": "Harbour's JSON API: entity search, entities, neighbourhoods, documents.",
        "openapi": url_for("api.openapi_description", _external=True),
        "context": url_for("api.context", _external=True),
        "entities": url_for("api.entities", _external=True),
        "classes": url_for("api.classes", _external=True),
        "documents": url_for("api.documents", _external=True),
        "sparql": urljoin(request.url_root, "sparql"),
    })


@bp.route("/openapi.json")
def openapi_description() -> Response:
    return jsonify(openapi.description(request.script_root or "/"))


@bp.route("/context.jsonld")
def context() -> Response:
    response = jsonify(json_ld_context())
    response.mimetype = "application/ld+json"
    return response


def json_ld_context() -> dict[str, Any]:
    """The JSON-LD context of the API's entity and document JSON, with a term for every ``hb:`` term."""
    terms: dict[str, Any] = {"@version": 1.1, **{p: iri for p, iri in PREFIXES.items()},
                             "id": "@id", "type": "@type", "facts": "@included"}
    for term in views.ontology_terms(_store()).values():
        if "Class" in term.kinds or not term.kinds & {"ObjectProperty", "DatatypeProperty"}:
            terms[term.name] = f"hb:{term.name}"
        elif "ObjectProperty" in term.kinds:
            terms[term.name] = {"@id": f"hb:{term.name}", "@type": "@id"}
        else:
            definition: dict[str, str] = {"@id": f"hb:{term.name}"}
            if term.ranges == [PREFIXES["xsd"] + "decimal"]:
                definition["@type"] = "xsd:decimal"
            terms[term.name] = definition
    terms.update({
        "label": {"@id": "rdfs:label", "@container": "@language"},
        "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
        "statedIn": {"@id": "hb:statedIn"},
        "mentionedIn": {"@reverse": "hb:mentions"},
        "title": "schema:name",
        "text": "nif:anchorOf",
        "document": {"@id": "nif:referenceContext", "@type": "@id"},
        "datePublished": {"@id": "hb:datePublished", "@type": "xsd:date"},
    })
    return {"@context": terms}


# --- entities -------------------------------------------------------------------------------------

@bp.route("/entities")
def entities() -> Response:
    limit, offset = _paging()
    text = request.args.get("q", "")
    classes = [c for c in request.args.getlist("class") if c]
    store = _store()
    found = store.search.search(text, classes, limit=limit, offset=offset, store=store)
    values = {k: v for k, v in {"q": text or None, "class": classes or None}.items() if v}
    return jsonify({
        "query": text, "classes": classes, "total": found.total, "limit": limit, "offset": offset,
        "items": [{"id": hit.iri, "label": hit.label, "lang": hit.lang, "classes": list(hit.classes),
                   "mentions": hit.mentions, "matched": hit.matched, "match": hit.match, **_entity_links(hit.iri)}
                  for hit in found.hits],
        **_page_links(found.total, limit, offset, "api.entities", **values),
    })


@bp.route("/classes")
def classes() -> Response:
    """The entity classes with their labels and how many entities each has (subclasses included)."""
    store = _store()
    counts = store.search.class_counts(store)
    return jsonify({"items": [
        {"id": term.iri, "name": term.name, "label": term.labels, "comment": term.comments,
         "entities": counts.get(term.name.lower(), 0),
         "search": url_for("api.entities", **{"class": term.name}, _external=True)}
        for term in views.entity_classes(store)]})


def _entity_view(class_name: str, ident: str) -> views.EntityView:
    iri = minted(f"entity/{class_name}/{ident}")
    view = views.entity_view(_store(), iri, documents_offset=documents_offset())
    if view is None:
        raise NotFound(f"no entity {iri}")
    return view


@bp.route("/entities/<class_name>/<ident>")
def entity(class_name: str, ident: str) -> Response:
    view = _entity_view(class_name, ident)
    body = {
        "@context": url_for("api.context", _external=True),
        "id": view.iri,
        "type": list(view.classes),
        "name": view.label.value,
        "label": view.labels_by_language(),
        "altLabel": view.aliases_by_language(),
        "mentionCount": view.mention_count,
        "documentCount": view.document_count,
        "factCount": view.fact_count,
        **_entity_links(view.iri),
        "neighbours": url_for("api.neighbours", class_name=class_name, ident=ident, _external=True),
        "facts": [fact_json(f) for f in view.facts],
        "mentionedIn": [{**document_json(d.document), "mentionCount": d.count,
                         "snippets": [snippet_json(s) for s in d.snippets]} for d in view.documents],
        "mentionedInOffset": view.documents_offset,
    }
    if view.more_documents:
        body["mentionedInNext"] = url_for("api.entity", class_name=class_name, ident=ident, _external=True,
                                          offset=view.documents_offset + len(view.documents))
    return jsonify(body)


def entity_ref_json(ref: views.EntityRef) -> dict[str, Any]:
    return {"id": ref.iri, "name": ref.label, "type": list(ref.classes), **_entity_links(ref.iri)}


def fact_json(fact: views.Fact) -> dict[str, Any]:
    body: dict[str, Any] = {"id": fact.iri, "type": fact.type}
    for prop, values in fact.values.items():
        body[prop] = [entity_ref_json(v.entity) if v.entity else {"id": v.iri, "name": v.text} if v.iri else v.text
                      for v in values]
    if fact.sentence is not None:
        body["statedIn"] = {"id": fact.sentence.iri, "text": fact.sentence.text, "document": fact.sentence.document}
    return body


def snippet_json(snippet: views.Snippet) -> dict[str, Any]:
    text, mentions, at = "", [], 0
    for segment in snippet.segments:
        if segment.mention:
            mentions.append({"id": segment.mention, "begin": at, "end": at + len(segment.text)})
        text += segment.text
        at += len(segment.text)
    return {"sentence": snippet.sentence, "text": text, "cutBefore": snippet.cut_before,
            "cutAfter": snippet.cut_after, "mentions": mentions}


@bp.route("/entities/<class_name>/<ident>/neighbours")
def neighbours(class_name: str, ident: str) -> Response:
    iri = minted(f"entity/{class_name}/{ident}")
    found = views.neighbourhood(_store(), iri)
    if found is None:
        return _error(404, f"no entity {iri}")
    return jsonify({
        "center": found.center,
        "nodes": [{"id": n.iri, "label": n.label, "lang": n.lang, "classes": list(n.classes),
                   "kind": n.kind.lower(), "center": n.iri == found.center, "page": local_url(n.iri)}
                  for n in found.nodes],
        "edges": [{"source": e.source, "target": e.target, "kind": e.kind, "label": e.label, "fact": e.fact}
                  for e in found.edges],
    })


# --- documents ------------------------------------------------------------------------------------

def document_json(ref: views.DocumentRef) -> dict[str, Any]:
    body: dict[str, Any] = {"id": ref.iri, "documentId": ref.doc_id, "title": ref.title,
                            "datePublished": ref.date, "language": ref.language,
                            "page": _absolute(ref.iri),
                            "api": url_for("api.document", doc_id=ref.doc_id, _external=True),
                            "curator": urljoin(request.url_root, f"documents/{ref.doc_id}")}
    return {k: v for k, v in body.items() if v is not None}


@bp.route("/documents")
def documents() -> Response:
    limit, offset = _paging()
    found = list(views.document_refs(_store()).values())
    return jsonify({"total": len(found), "limit": limit, "offset": offset,
                    "items": [document_json(d) for d in found[offset:offset + limit]],
                    **_page_links(len(found), limit, offset, "api.documents")})


@bp.route("/documents/<path:doc_id>")
def document(doc_id: str) -> Response:
    base = current_app.extensions["harbour"].settings.base
    view = views.document_view(_store(), document_iri(base, doc_id))
    if view is None:
        return _error(404, f"no document with id {doc_id!r}")
    ref = view.document
    body = {
        "@context": url_for("api.context", _external=True),
        **document_json(ref), "type": "Document",
        "source": ref.source, "contentHash": ref.content_hash, "length": ref.length,
        "extraction": {"extractorVersion": ref.extractor_version, "started": ref.extraction_started,
                       "ended": ref.extraction_ended, "models": list(ref.models)},
        "entities": [{**entity_ref_json(ref_), "mentions": count} for ref_, count in view.entities],
        "facts": [fact_json(f) for f in view.facts],
    }
    return jsonify({k: v for k, v in body.items() if v is not None})
