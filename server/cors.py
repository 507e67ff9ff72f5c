"""Cross-origin access (CORS), so browser clients on other sites (YASGUI, Comunica) can use the endpoint.

``HARBOUR_CORS_ORIGINS`` / ``--cors-origins``: "*" (the default) allows every origin, a comma-separated
list allows those, "" turns CORS off. The headers go on every answer, errors included, so a browser client
can read a 401 or a 503. Writes stay protected by the bearer token, which a browser never sends by itself.
"""

from __future__ import annotations

from flask import Flask, Response, request

_ALLOW_HEADERS = "Authorization, Content-Type, Accept"
_ALLOW_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
_EXPOSE_HEADERS = "Harbour-Results-Truncated, Harbour-Result-Limit, Location, Content-Location, WWW-Authenticate, Retry-After"


def install_cors(app: Flask, origins: str) -> None:
    allowed = {origin.strip().rstrip("/") for origin in origins.split(",") if origin.strip()}
    if not allowed:
        return

    @app.after_request
    def add_cors_headers(response: Response) -> Response:
        if "*" in allowed:
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        else:
            origin = request.headers.get("Origin", "").rstrip("/")
            response.vary.add("Origin")
            if origin not in allowed:
                return response
            response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.setdefault("Access-Control-Allow-Headers", _ALLOW_HEADERS)
        response.headers.setdefault("Access-Control-Allow-Methods", _ALLOW_METHODS)
        response.headers.setdefault("Access-Control-Expose-Headers", _EXPOSE_HEADERS)
        response.headers.setdefault("Access-Control-Max-Age", "600")
        return response
