"""Linked Data responses: one resource, several representations (HTML, Turtle, N-Triples, JSON-LD, RDF/XML).

A resource URL negotiates by Accept (answering with ``Vary: Accept`` and a ``Content-Location`` naming the
representation it chose); the same URL with a suffix (``.ttl``, ``.nt``, ``.jsonld``, ``.json``, ``.rdf``,
``.html``) names one representation. HTML pages advertise the others with ``<link rel="alternate">`` and
an HTTP ``Link`` header. Links inside pages are made relative to this server, so a page served on another
port or behind a proxy still links to itself, while the IRIs shown are the ones minted under the base.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, render_template, request

from harbour.ontology import HB

#: Representation name → (media type, suffix, human name). HTML comes first: it wins a tie (*/*).
REPRESENTATIONS: dict[str, tuple[str, str, str]] = {
    "html": ("text/html", "html", "HTML"),
    "turtle": ("text/turtle", "ttl", "Turtle"),
    "ntriples": ("application/n-triples", "nt", "N-Triples"),
    "jsonld": ("application/ld+json", "jsonld", "JSON-LD"),
    "rdfxml": ("application/rdf+xml", "rdf", "RDF/XML"),
}
RDF_REPRESENTATIONS = [name for name in REPRESENTATIONS if name != "html"]

#: Media types clients send, beyond the canonical ones above.
_ACCEPTED = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "text/n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
}
SUFFIXES = {suffix: name for name, (_, suffix, _) in REPRESENTATIONS.items()} | {"json": "jsonld", "xml": "rdfxml"}


def split_suffix(path: str) -> tuple[str, str | None]:
    """``("x.ttl")`` → ``("x", "turtle")``; a path without a known suffix comes back whole with None.

    >>> split_suffix("samples/a.ja.txt.jsonld"), split_suffix("4d8d9d9900612bfc")
    (('samples/a.ja.txt', 'jsonld'), ('4d8d9d9900612bfc', None))
    """
    stem, dot, suffix = path.rpartition(".")
    if dot and stem and suffix.lower() in SUFFIXES:
        return stem, SUFFIXES[suffix.lower()]
    return path, None


def negotiated() -> str:
    """The representation the request's Accept header prefers (HTML when it does not care)."""
    accept = request.accept_mimetypes
    if not accept:
        return "html"
    best = accept.best_match(list(_ACCEPTED), default=None)
    # Nothing we have is acceptable (image/png): a page still beats a 406 for a person following a link.
    return _ACCEPTED[best] if best is not None else "html"


@dataclass(frozen=True)
class Alternate:
    name: str
    media_type: str
    label: str
    href: str


def alternates(path: str, extra: list[Alternate] | None = None) -> list[Alternate]:
    """The representations of the resource at local ``path`` (without suffix), by suffixed URL."""
    found = [Alternate(name, media, label, f"{path}.{suffix}")
             for name, (media, suffix, label) in REPRESENTATIONS.items() if name != "html"]
    return found + (extra or [])


def link_header(items: list[Alternate]) -> str:
    return ", ".join(f'<{a.href}>; rel="alternate"; type="{a.media_type}"' for a in items)


def resource_response(path: str, chosen: str | None, html: Callable[[list[Alternate]], str],
                      rdf: Callable[[str], tuple[str, bytes]], extra: list[Alternate] | None = None) -> Response:
    """Answer for a resource whose local URL is ``path``: ``chosen`` is the representation a suffix named,
    or None to negotiate by Accept. ``html(alternates)`` renders the page; ``rdf(format)`` serialises."""
    name = chosen or negotiated()
    links = alternates(path, extra)
    if name == "html":
        response = Response(html(links), mimetype="text/html")
        response.headers["Link"] = link_header(links)
    else:
        media_type, body = rdf(name)
        response = Response(body, mimetype=media_type)
    if chosen is None:
        response.headers["Vary"] = "Accept"
        response.headers["Content-Location"] = f"{path}.{REPRESENTATIONS[name][1]}"
    # Pages change whenever a document is loaded: let clients revalidate cheaply (304) rather than cache.
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


def not_found(message: str, iri: str | None = None) -> Response:
    """404: a page for browsers, a line of text for everyone else."""
    if negotiated() == "html":
        body = render_template("404.html", message=message, iri=iri)
        response = Response(body, status=404, mimetype="text/html")
    else:
        response = Response(message + "\n", status=404, mimetype="text/plain")
    response.headers["Vary"] = "Accept"
    return response


# --- IRIs and local links -------------------------------------------------------------------------

def base() -> str:
    return current_app.extensions["harbour"].settings.base


def minted(path: str) -> str:
    """The IRI minted under the configured base for a local path (``entity/person/ab``); never from the
    request's host, so a deployment behind a proxy looks up its public IRIs."""
    return base() + path.lstrip("/")


def local_url(iri: str) -> str:
    """Where this server shows ``iri``: a path on this server for IRIs under the base and ontology terms,
    else the IRI itself when it is an http(s) IRI."""
    prefix = base()
    if not iri.startswith(("http://", "https://")):
        return "#"  # never a javascript: or data: link, whatever an update put in the store
    if iri.startswith(prefix):
        return request.script_root + "/" + iri[len(prefix):]
    if iri.startswith(str(HB)):
        return request.script_root + "/ontology#" + iri[len(str(HB)):]
    return iri
