"""What a SPARQL request says at its top level, read from the text without a full parser.

pyoxigraph parses and evaluates but exposes no syntax tree, and the endpoint needs a few facts before
it evaluates anything: whether a query names its own dataset (``FROM``), whether it would make the
server fetch URLs (``SERVICE``, ``LOAD``), and where an update's ``WHERE`` clauses start, to give them
the dataset of the protocol's ``using-graph-uri`` parameters. A tokenizer that knows strings, IRIs and
comments is enough for that: keywords are bare words, and a bare word inside a string, an IRI, a
comment, a prefixed name or a variable is not one.

>>> declares_dataset("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
True
>>> declares_dataset('SELECT * WHERE { ?s ?p "FROM" } # FROM')
False
>>> fetches_urls("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
True
>>> with_update_dataset("INSERT { ?s a <urn:T> } WHERE { ?s ?p ?o }", ["urn:g"], [])
'INSERT { ?s a <urn:T> } USING <urn:g> WHERE { ?s ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

# What hides keywords and brackets: comments, strings, IRIs.
_OPAQUE = r'''
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'''
_TOKENS = re.compile(_OPAQUE + r'''
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[^\s{}()<>"'\#,;\[\]]+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)


class Token(NamedTuple):  # a tuple, not a dataclass: a request has hundreds of tokens, read on every query
    kind: str  # comment, string, iri, open, close, word, other
    text: str
    start: int
    end: int
    depth: int  # braces open before the token


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text`` with their brace depth (whitespace dropped)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "other" and match.group().isspace():
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
        yield Token(kind, match.group(), match.start(), match.end(), depth)
        if kind == "open":
            depth += 1


#: Deepest nesting of ``{ ( [`` a request may have. pyoxigraph's SPARQL parser recurses per level and
#: overflows its thread's stack (a segfault, not an error) at a few thousand levels; real queries use tens.
MAX_NESTING = 256
_BRACKETS = re.compile(_OPAQUE + r"| (?P<opener>[{(\[]) | (?P<closer>[})\]])", re.VERBOSE | re.DOTALL)


def nesting_depth(text: str) -> int:
    """The deepest nesting of braces, parentheses and brackets outside strings, IRIs and comments.

    >>> nesting_depth('SELECT * { { ?s ?p "{{{(" } FILTER((1)) } # {{{')
    3
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):  # skips words without making tokens of them
        if match.lastgroup == "opener":
            depth += 1
            deepest = max(deepest, depth)
        elif match.lastgroup == "closer":
            depth = max(depth - 1, 0)
    return deepest


def _keywords(text: str, top_level_only: bool = False) -> Iterator[Token]:
    for token in tokens(text):
        if token.kind == "word" and (not top_level_only or token.depth == 0):
            yield token


def declares_dataset(query: str) -> bool:
    """True if the query has a ``FROM`` or ``FROM NAMED`` clause of its own."""
    if "from" not in query.lower():
        return False
    return any(t.text.upper() == "FROM" for t in _keywords(query, top_level_only=True))


def fetches_urls(request: str) -> bool:
    """True if evaluating the query or update could make the server fetch a URL (``SERVICE``, ``LOAD``)."""
    lowered = request.lower()
    if "service" not in lowered and "load" not in lowered:
        return False
    return any(t.text.upper() in ("SERVICE", "LOAD") for t in _keywords(request))


def without_silent_loads(update: str) -> str:
    """The update without its ``LOAD SILENT`` operations, for a server that fetches no URLs.

    A ``LOAD SILENT`` that cannot fetch its document fails silently (SPARQL 1.1 Update §3.1.4), so on a
    server where fetching is disabled it does nothing, and the rest of the request still runs.

    >>> without_silent_loads("LOAD SILENT <http://example.org/a> INTO GRAPH <urn:g> ; CLEAR GRAPH <urn:h>")
    ' CLEAR GRAPH <urn:h>'
    """
    items = [t for t in tokens(update) if t.kind != "comment"]
    cuts: list[tuple[int, int]] = []
    index = 0
    while index < len(items):
        token = items[index]
        words = [t.text.upper() if t.kind == "word" else t.kind for t in items[index:index + 6]]
        if token.depth == 0 and words[:3] == ["LOAD", "SILENT", "iri"]:
            length = 6 if words[3:6] == ["INTO", "GRAPH", "iri"] else 3
            if len(items) > index + length and items[index + length].text == ";":
                length += 1
            cuts.append((token.start, items[index + length - 1].end))
            index += length
        else:
            index += 1
    for start, end in reversed(cuts):
        update = update[:start] + update[end:]
    return update


class UpdateDatasetConflict(ValueError):
    """The protocol names a dataset for an update that has ``USING``/``WITH`` clauses of its own."""


def with_update_dataset(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with ``USING``/``USING NAMED`` clauses for the given graphs before each ``WHERE``.

    This is what the protocol's ``using-graph-uri``/``using-named-graph-uri`` parameters mean (SPARQL 1.1
    Protocol §2.2.3). ``DELETE WHERE { P }`` has no place for ``USING``, so it becomes the equivalent
    ``DELETE { P } USING … WHERE { P }``.
    """
    if not using and not using_named:
        return update
    clauses = " ".join([*(f"USING <{iri}>" for iri in using), *(f"USING NAMED <{iri}>" for iri in using_named)])
    items = list(tokens(update))
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
    for index, token in enumerate(items):
        if token.kind != "word" or token.depth != 0:
            continue
        keyword = token.text.upper()
        if keyword in ("USING", "WITH"):
            raise UpdateDatasetConflict(
                f"the update has its own {keyword} clause: using-graph-uri / using-named-graph-uri cannot be used with it")
        if keyword != "WHERE":
            continue
        previous = items[index - 1] if index else None
        if previous is not None and previous.kind == "word" and previous.text.upper() == "DELETE":
            pattern = _group_after(items, index)
            text = update[pattern.start:pattern.end]
            edits.append((token.start, pattern.end, f"{text} {clauses} WHERE {text}"))
        else:
            edits.append((token.start, token.start, f"{clauses} "))
    for start, end, replacement in reversed(edits):
        update = update[:start] + replacement + update[end:]
    return update


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _group_after(items: list[Token], index: int) -> _Span:
    """The ``{ … }`` group that follows token ``index``, braces included."""
    opening = next((t for t in items[index + 1:] if t.kind == "open"), None)
    if opening is None:
        raise UpdateDatasetConflict("DELETE WHERE without a pattern")
    source_end = opening.end
    for token in items[items.index(opening) + 1:]:
        if token.kind == "close" and token.depth == opening.depth:
            source_end = token.end
            break
    return _Span(opening.start, source_end)
