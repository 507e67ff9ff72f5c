"""Reading a curator's gazetteer file for the extractor (which takes it as data and does no I/O)."""

from __future__ import annotations

from pathlib import Path

from harbour.extract.gazetteer import Gazetteer, parse_gazetteer


def read_gazetteer(path: Path) -> Gazetteer:
    """A gazetteer file: ``.ttl`` is Turtle, anything else CSV (``class,label,aliases,same_as``)."""
    fmt = "turtle" if Path(path).suffix.lower() in {".ttl", ".turtle"} else "csv"
    return parse_gazetteer(Path(path).read_text(encoding="utf-8-sig"), fmt)
