"""The OpenAPI 3.1 description of the JSON API (served at /api/openapi.json; tests validate it and check
the API's answers against its schemas)."""

from __future__ import annotations

from typing import Any

from harbour import __version__ as VERSION

_STRING = {"type": "string"}
_IRI = {"type": "string", "format": "iri"}
_URL = {"type": "string", "format": "uri"}
_LANGUAGE_MAP = {"type": "object", "description": "Language tag → names in that language.",
                 "additionalProperties": {"type": "array", "items": _STRING}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {"400": {"$ref": "#/components/responses/BadRequest"}, "404": {"$ref": "#/components/responses/NotFound"}}

_PAGING = [
    {"name": "limit", "in": "query", "description": "Items per page.",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
    {"name": "offset", "in": "query", "description": "Items to skip.",
     "schema": {"type": "integer", "minimum": 0, "default": 0}},
]
_ENTITY_PATH = [
    {"name": "class", "in": "path", "required": True, "description": "The class segment of the entity's IRI "
     "(`person` in `{base}entity/person/4d8d…`).", "schema": {"type": "string"}, "example": "person"},
    {"name": "id", "in": "path", "required": True, "description": "The last segment of the entity's IRI.",
     "schema": {"type": "string"}},
]

SCHEMAS: dict[str, Any] = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": _STRING}},
    "PageLinks": {"type": "object", "properties": {"next": {"type": ["string", "null"], "format": "uri"},
                                                  "previous": {"type": ["string", "null"], "format": "uri"}}},
    "SearchHit": {
        "type": "object", "required": ["id", "label", "classes", "mentions", "matched", "match", "page"],
        "properties": {
            "id": _IRI, "label": _STRING, "lang": _STRING,
            "classes": {"type": "array", "items": _STRING, "description": "Asserted classes (local names of hb:)."},
            "mentions": {"type": "integer", "minimum": 0}, "matched": {**_STRING, "description": "The name that matched."},
            "match": {"enum": ["exact", "prefix", "substring", "all"],
                      "description": "How the name matched; `all` when no query was given."},
            "page": _URL, "api": _URL}},
    "SearchResults": {"allOf": [_ref("PageLinks"), {
        "type": "object", "required": ["query", "total", "limit", "offset", "items"],
        "properties": {"query": _STRING, "classes": {"type": "array", "items": _STRING},
                       "total": {"type": "integer", "minimum": 0}, "limit": {"type": "integer"},
                       "offset": {"type": "integer"}, "items": {"type": "array", "items": _ref("SearchHit")}}}]},
    "EntityRef": {"type": "object", "required": ["id", "name"],
                  "properties": {"id": _IRI, "name": _STRING, "type": {"type": "array", "items": _STRING},
                                 "page": _URL, "api": _URL}},
    "Fact": {
        "type": "object", "required": ["id", "type"],
        "description": "A fact node (hb:Role, hb:Visit, hb:ProductOffering, hb:Quantity …). Every other key is a "
                       "property of the fact (holder, organization, roleName, participant, location, startDate, "
                       "offeredBy, product, value, unitText, qualifier, quantityOf, asWritten …) with a list of "
                       "values: entities, other IRIs with a name, or text.",
        "properties": {"id": _IRI, "type": _STRING,
                       "statedIn": {"type": "object", "required": ["id", "text"],
                                    "properties": {"id": _IRI, "text": _STRING, "document": _IRI}}},
        "additionalProperties": {"type": "array", "items": {"anyOf": [_STRING, _ref("EntityRef")]}}},
    "Snippet": {"type": "object", "required": ["text", "mentions"],
                "properties": {"sentence": {"type": ["string", "null"]}, "text": _STRING,
                               "cutBefore": {"type": "boolean"}, "cutAfter": {"type": "boolean"},
                               "mentions": {"type": "array", "items": {
                                   "type": "object", "required": ["id", "begin", "end"],
                                   "properties": {"id": _IRI, "begin": {"type": "integer"},
                                                  "end": {"type": "integer"}}}}}},
    "DocumentRef": {"type": "object", "required": ["id", "documentId", "page", "api"],
                    "properties": {"id": _IRI, "documentId": _STRING, "title": _STRING,
                                   "datePublished": _STRING, "language": _STRING, "page": _URL, "api": _URL,
                                   "curator": {**_URL, "description": "The document in the curator API."}}},
    "Entity": {
        "type": "object", "required": ["@context", "id", "type", "name", "label", "facts", "mentionedIn"],
        "description": "JSON-LD under /api/context.jsonld.",
        "properties": {
            "@context": _URL, "id": _IRI, "type": {"type": "array", "items": _STRING}, "name": _STRING,
            "label": _LANGUAGE_MAP, "altLabel": _LANGUAGE_MAP, "mentionCount": {"type": "integer"},
            "page": _URL, "api": _URL, "neighbours": _URL,
            "facts": {"type": "array", "items": _ref("Fact")},
            "mentionedIn": {"type": "array", "items": {"allOf": [_ref("DocumentRef"), {
                "type": "object", "properties": {"mentionCount": {"type": "integer"},
                                                 "snippets": {"type": "array", "items": _ref("Snippet")}}}]}}}},
    "Neighbourhood": {
        "type": "object", "required": ["center", "nodes", "edges"],
        "properties": {
            "center": _IRI,
            "nodes": {"type": "array", "items": {
                "type": "object", "required": ["id", "label", "classes", "kind", "center", "page"],
                "properties": {"id": _IRI, "label": _STRING, "lang": _STRING,
                               "classes": {"type": "array", "items": _STRING},
                               "kind": {**_STRING, "description": "Lower-case main class, for colours."},
                               "center": {"type": "boolean"}, "page": _STRING}}},
            "edges": {"type": "array", "items": {
                "type": "object", "required": ["source", "target", "kind", "label"],
                "properties": {"source": _IRI, "target": _IRI, "label": _STRING,
                               "kind": {**_STRING, "description": "Role, Visit, ProductOffering, a property's "
                                                                  "local name, or mentionedWith."},
                               "fact": {"type": ["string", "null"]}}}}}},
    "EntityClass": {"type": "object", "required": ["id", "name", "entities"],
                    "properties": {"id": _IRI, "name": _STRING, "label": {"type": "object"},
                                   "comment": {"type": "object"}, "entities": {"type": "integer"},
                                   "search": _URL}},
    "Documents": {"allOf": [_ref("PageLinks"), {
        "type": "object", "required": ["total", "limit", "offset", "items"],
        "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
                       "items": {"type": "array", "items": _ref("DocumentRef")}}}]},
    "Document": {"allOf": [_ref("DocumentRef"), {
        "type": "object", "required": ["entities", "facts"],
        "properties": {"@context": _URL, "type": _STRING, "source": _STRING, "contentHash": _STRING,
                       "length": {"type": "integer"}, "extraction": {"type": "object"},
                       "entities": {"type": "array", "items": {"allOf": [_ref("EntityRef"), {
                           "type": "object", "properties": {"mentions": {"type": "integer"}}}]}},
                       "facts": {"type": "array", "items": _ref("Fact")}}}]},
}


def description(server_url: str) -> dict[str, Any]:
    """The OpenAPI document, with this server's root as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Harbour API", "version": VERSION,
            "summary": "Entities, facts and documents of a Harbour knowledge graph.",
            "description": "Search entities (Japanese and Chinese included: any substring of a name), read an "
                           "entity with its facts and the sentences that state them, its neighbourhood, and the "
                           "documents. Entity and document IRIs also resolve as Linked Data (HTML, Turtle, "
                           "N-Triples, JSON-LD, RDF/XML); SPARQL is at /sparql; documents are added and removed "
                           "through the curator API at /documents.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/entities": {"get": {
                "operationId": "searchEntities", "summary": "Search entities by label and alias",
                "description": "Ranking: exact name, then prefix, then substring; then more mentions first. "
                               "Without `q`, lists entities by mentions.",
                "parameters": [
                    {"name": "q", "in": "query", "description": "Text to find in a name (any length, any script).",
                     "schema": {"type": "string"}},
                    {"name": "class", "in": "query", "description": "Class local name (Person, Organization …); "
                     "subclasses count. Repeat for several.", "schema": {"type": "array", "items": _STRING},
                     "style": "form", "explode": True},
                    *_PAGING],
                "responses": {"200": _json(_ref("SearchResults"), "Entities found, best first."), **_ERRORS}}},
            "/api/entities/{class}/{id}": {"get": {
                "operationId": "getEntity", "summary": "An entity with its names, classes, facts and mentions",
                "parameters": _ENTITY_PATH,
                "responses": {"200": _json(_ref("Entity"), "The entity (JSON-LD)."), **_ERRORS}}},
            "/api/entities/{class}/{id}/neighbours": {"get": {
                "operationId": "getNeighbours", "summary": "The entity's neighbourhood, as a graph to draw",
                "parameters": _ENTITY_PATH,
                "responses": {"200": _json(_ref("Neighbourhood"), "Nodes and edges."), **_ERRORS}}},
            "/api/classes": {"get": {
                "operationId": "listClasses", "summary": "Entity classes with labels (en, ja) and counts",
                "responses": {"200": _json({"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": _ref("EntityClass")}}}, "The classes.")}}},
            "/api/documents": {"get": {
                "operationId": "listDocuments", "summary": "Documents, newest first", "parameters": _PAGING,
                "responses": {"200": _json(_ref("Documents"), "A page of documents."), **_ERRORS}}},
            "/api/documents/{documentId}": {"get": {
                "operationId": "getDocument", "summary": "A document's metadata, entities and facts",
                "parameters": [{"name": "documentId", "in": "path", "required": True,
                                "description": "The document id (may contain `/`).", "schema": _STRING}],
                "responses": {"200": _json(_ref("Document"), "The document."), **_ERRORS}}},
            "/api/context.jsonld": {"get": {
                "operationId": "getContext", "summary": "The JSON-LD context of entity and document JSON",
                "responses": {"200": {"description": "The context.",
                                      "content": {"application/ld+json": {"schema": {"type": "object"}}}}}}},
        },
        "components": {
            "schemas": SCHEMAS,
            "responses": {"BadRequest": _json(_ref("Error"), "A parameter is invalid."),
                          "NotFound": _json(_ref("Error"), "No such entity or document.")},
        },
    }
