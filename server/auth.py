"""Bearer-token protection of write routes."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any

from flask import Response, current_app, request


def require_write_token(view: Callable[..., Any]) -> Callable[..., Any]:
    """Writes need ``Authorization: Bearer <token>``; a server with no token, or read-only, refuses them."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        settings = current_app.extensions["harbour"].settings
        if settings.read_only or not settings.token:
            return Response("this server is read-only\n", status=403, mimetype="text/plain")
        given = request.headers.get("Authorization", "")
        scheme, _, token = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.token.encode()):
            response = Response("a valid bearer token is required\n", status=401, mimetype="text/plain")
            response.headers["WWW-Authenticate"] = 'Bearer realm="harbour"'
            return response
        return view(*args, **kwargs)

    return wrapper
