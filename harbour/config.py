"""Settings shared by the CLI and the server, from arguments or the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from harbour.graph.identity import DEFAULT_BASE, normalise_base

DEFAULT_STORE = "data/store"


@dataclass(frozen=True)
class Settings:
    """Where the store is, which base IRI entities are minted under, and the server's limits.

    Environment: HARBOUR_STORE, HARBOUR_BASE, HARBOUR_TOKEN or HARBOUR_TOKEN_FILE,
    HARBOUR_QUERY_TIMEOUT (seconds), HARBOUR_RESULT_LIMIT (rows).
    """

    store: str = DEFAULT_STORE
    base: str = DEFAULT_BASE
    token: str | None = None
    read_only: bool = False
    query_timeout: float = 30.0
    result_limit: int = 100_000

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        values: dict[str, object] = {
            "store": os.environ.get("HARBOUR_STORE", DEFAULT_STORE),
            "base": normalise_base(os.environ.get("HARBOUR_BASE", DEFAULT_BASE)),
            "token": _token_from_env(),
            "query_timeout": float(os.environ.get("HARBOUR_QUERY_TIMEOUT", "30")),
            "result_limit": int(os.environ.get("HARBOUR_RESULT_LIMIT", "100000")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values.get("base"), str):
            values["base"] = normalise_base(values["base"])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


def _token_from_env() -> str | None:
    if token := os.environ.get("HARBOUR_TOKEN"):
        return token.strip()
    if path := os.environ.get("HARBOUR_TOKEN_FILE"):
        return Path(path).read_text(encoding="utf-8").strip() or None
    return None
