"""The SPARQL the product uses, one named query per ``.rq`` file in ``queries/``.

Example queries for the query page are the files named ``example-*.rq``; their first
comment line is the title.

>>> "SELECT" in get("document-iris")
True
>>> [e.name for e in examples()][:1]
['example-1-people-roles']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@cache
def get(name: str) -> str:
    """The text of the named query ``queries/{name}.rq``."""
    return (files(__package__) / "queries" / f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


@cache
def examples() -> list[Example]:
    found = []
    for entry in sorted(files(__package__).joinpath("queries").iterdir(), key=lambda p: p.name):
        if entry.name.startswith("example-") and entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            title = text.splitlines()[0].lstrip("# ").strip()
            found.append(Example(entry.name[:-3], title, text))
    return found
