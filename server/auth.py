"""Bearer-token protection of write routes.

Writes need ``Authorization: Bearer <token>`` matching the server's token (``HARBOUR_TOKEN``,
``HARBOUR_TOKEN_FILE`` or ``--token-file``). Without a configured token, or with ``--read-only``, the
server refuses every write (403); a missing or wrong token is 401. Both answers go through the app's
CORS hook like any other, so a browser client can read them.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request


def write_refusal() -> Response | None:
    """The response refusing this request's write, or None when it may write."""
    settings = current_app.extensions["harbour"].settings
    if settings.read_only or not settings.token:
        return Response("this server is read-only: it accepts no writes\n", status=403, mimetype="text/plain")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.token.encode()):
        response = Response("a valid bearer token is required to write (Authorization: Bearer <token>)\n",
                            status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="harbour"'
        return response
    return None


def require_write_token(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a write route: it runs only for a request carrying the server's bearer token."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        refusal = write_refusal()
        return refusal if refusal is not None else view(*args, **kwargs)

    return wrapper
