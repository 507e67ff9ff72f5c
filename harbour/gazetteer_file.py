"""Reading a curator's gazetteer file for the extractor (which takes it as data and does no I/O)."""

from __future__ import annotations

from pathlib import Path

import click

from harbour.extract.gazetteer import Gazetteer, GazetteerError, parse_gazetteer


def read_gazetteer(path: Path) -> Gazetteer:
    """A gazetteer file: ``.ttl`` is Turtle, anything else CSV (``class,label,aliases,same_as``)."""
    fmt = "turtle" if Path(path).suffix.lower() in {".ttl", ".turtle"} else "csv"
    try:
        return parse_gazetteer(Path(path).read_text(encoding="utf-8-sig"), fmt)
    except (GazetteerError, UnicodeDecodeError) as error:
        raise GazetteerError(f"{path}: {error}") from error
    except Exception as error:  # rdflib's Turtle parser raises its own exception types
        raise GazetteerError(f"{path}: not valid {fmt}: {error}") from error


def gazetteer_option(path: Path | None) -> Gazetteer | None:
    """The ``--gazetteer`` option's value for a command: a one-line error, not a traceback, when it is bad."""
    if path is None:
        return None
    try:
        return read_gazetteer(path)
    except GazetteerError as error:
        raise click.ClickException(str(error)) from error
