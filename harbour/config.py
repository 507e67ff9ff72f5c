"""Settings shared by the CLI and the server, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from harbour.graph.identity import DEFAULT_BASE, normalise_base

DEFAULT_STORE = "data/store"
#: Seconds a short document may take to extract and validate; longer ones get a tenth more per 1,000 characters
#: (``harbour.graph.extraction_workers.extraction_limit``).
DEFAULT_EXTRACT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Settings:
    """Where the store is, which base IRI entities are minted under, and the server's limits.

    Environment: HARBOUR_STORE, HARBOUR_BASE, HARBOUR_TOKEN or HARBOUR_TOKEN_FILE, HARBOUR_READ_ONLY,
    HARBOUR_QUERY_TIMEOUT (seconds), HARBOUR_RESULT_LIMIT (rows), HARBOUR_QUERY_WORKERS (queries at once),
    HARBOUR_QUERY_MEMORY (MB for all running queries), HARBOUR_MAX_BODY (MB per request),
    HARBOUR_ALLOW_SERVICE (SERVICE and LOAD may fetch URLs), HARBOUR_CORS_ORIGINS ("*", a comma list,
    or "" for none), HARBOUR_UNION_DEFAULT_GRAPH (SPARQL's default graph is the union of all graphs),
    HARBOUR_EXTRACT_TIMEOUT (seconds a short document may take to extract, plus a tenth per 1,000 characters;
    0: no limit).
    """

    store: str = DEFAULT_STORE
    base: str = DEFAULT_BASE
    token: str | None = None
    read_only: bool = False
    query_timeout: float = 30.0
    result_limit: int = 100_000
    query_workers: int = 16
    query_memory_mb: int = 2048
    max_body_mb: float = 16.0
    allow_service: bool = False
    cors_origins: str = "*"
    union_default_graph: bool = True
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        values: dict[str, object] = {
            "store": os.environ.get("HARBOUR_STORE", DEFAULT_STORE),
            "base": normalise_base(os.environ.get("HARBOUR_BASE", DEFAULT_BASE)),
            "token": _token_from_env(),
            "query_timeout": float(os.environ.get("HARBOUR_QUERY_TIMEOUT", "30")),
            "result_limit": int(os.environ.get("HARBOUR_RESULT_LIMIT", "100000")),
            "read_only": _flag("HARBOUR_READ_ONLY", False),
            "query_workers": int(os.environ.get("HARBOUR_QUERY_WORKERS", "16")),
            "query_memory_mb": int(os.environ.get("HARBOUR_QUERY_MEMORY", "2048")),
            "max_body_mb": float(os.environ.get("HARBOUR_MAX_BODY", "16")),
            "allow_service": _flag("HARBOUR_ALLOW_SERVICE", False),
            "cors_origins": os.environ.get("HARBOUR_CORS_ORIGINS", "*"),
            "union_default_graph": _flag("HARBOUR_UNION_DEFAULT_GRAPH", True),
            "extract_timeout": float(os.environ.get("HARBOUR_EXTRACT_TIMEOUT", DEFAULT_EXTRACT_TIMEOUT)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values.get("base"), str):
            values["base"] = normalise_base(values["base"])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _token_from_env() -> str | None:
    if token := os.environ.get("HARBOUR_TOKEN"):
        return token.strip()
    if path := os.environ.get("HARBOUR_TOKEN_FILE"):
        return Path(path).read_text(encoding="utf-8").strip() or None
    return None
