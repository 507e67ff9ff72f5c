"""``harbour_attribute_ruler``: spaCy's ``AttributeRuler`` with the same patterns and the same output, found faster.

``en_core_web_sm`` sets each token's coarse part of speech, morphology and some lemmas with an ``attribute_ruler`` of
179 patterns, almost all of one token (TAG=NN → POS=NOUN; LOWER=ai and TAG=VBP → LEMMA=be). spaCy's ``Matcher`` tries
every pattern on every token: on English news it cost as much as the parser (0.16 s for 8,458 tokens, about a sixth
of the model's time). Here one-token patterns are looked up by the tag, lower-case form or dependency label they ask
for, and only those are checked: the matches, and so the annotations, are the ones the ``Matcher`` finds
(``tests/test_attribute_ruler.py`` compares both on every English gold text). A pattern of several tokens is filed
by its first token and checked on the next ones; a pattern that repeats a token (``OP``) or asks for an attribute not
read here goes to a ``Matcher`` as before.

The component replaces the model's ``attribute_ruler`` (``extract/pipeline.py``), keeping its patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

FACTORY = "harbour_attribute_ruler"

#: The token attributes a one-token pattern may ask for to be looked up (their order: the columns of Doc.to_array).
_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3, "ORTH": 4}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE, ORTH]
#: Attributes a pattern can be filed under, most selective first.
_KEYS = ("TAG", "LOWER", "DEP", "ORTH", "IS_SPACE")

Check = Callable[[list[int]], bool]


@Language.factory(FACTORY, default_config={"validate": False,
                                            "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_attribute_ruler(nlp: Language, name: str, validate: bool, scorer: Callable | None) -> "IndexedAttributeRuler":
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose one-token patterns are found by lookup instead of by the ``Matcher``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._index: _PatternIndex | None = None

    def add(self, patterns: Iterable, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # rebuilt from all patterns at the next document

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._index is None:
            self._index = _PatternIndex(self)
        return self._index.match(doc)


class _PatternIndex:
    """The ruler's patterns, one-token ones filed by an attribute value they require, the rest in a ``Matcher``."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        # a pattern: its rule, the checks left on its first token once found by lookup, the checks of each token
        # after the first
        self.filed: dict[tuple[int, int], list[tuple[int, list[Check], list[list[Check]]]]] = {}
        self.everywhere: list[tuple[int, list[Check], list[list[Check]]]] = []
        self.rest = Matcher(ruler.vocab, validate=False)
        self.match_ids: list[int] = []
        self._regex_hits: dict[tuple[str, int], bool] = {}
        for rule in range(len(ruler.attrs)):
            key = str(rule)
            self.match_ids.append(self.strings.add(key))
            for pattern in ruler.matcher.get(key)[1]:
                first = self._compile(pattern[0])
                following = [self._compile(spec, keep_filing=True) for spec in pattern[1:]]
                if first is None or any(f is None for f in following):
                    self.rest.add(key, [pattern])
                    continue
                filed_under, checks = first
                entry = (rule, checks, [f[1] for f in following])
                if filed_under:
                    for value in filed_under:
                        self.filed.setdefault(value, []).append(entry)
                else:
                    self.everywhere.append(entry)

    def _compile(self, spec: dict, keep_filing: bool = False) -> tuple[list[tuple[int, int]], list[Check]] | None:
        """The (column, value) pairs to file a token pattern under, and its checks (``keep_filing``: with the one
        filing implies); None if it asks for anything the lookup does not read, or repeats (the Matcher then
        handles it)."""
        checks: list[Check] = []
        filed_under: list[tuple[int, int]] = []
        filing_check: Check | None = None  # implied by where the pattern is filed: not checked again
        for attr, wanted in spec.items():
            column = _COLUMNS.get(attr)
            if column is None:
                return None
            if attr == "IS_SPACE":
                if not isinstance(wanted, bool):
                    return None
                checks.append(lambda row, c=column, w=int(wanted): row[c] == w)
                if wanted and not filed_under:  # few tokens are spaces: file the pattern with them
                    filed_under, filing_check = [(column, 1)], checks[-1]
                continue
            if isinstance(wanted, str):
                value = self.strings.add(wanted)
                checks.append(lambda row, c=column, v=value: row[c] == v)
                choices = [value]
            elif isinstance(wanted, dict) and len(wanted) == 1 and next(iter(wanted)) in {"IN", "NOT_IN", "REGEX"}:
                operator, argument = next(iter(wanted.items()))
                if operator == "REGEX":
                    checks.append(lambda row, c=column, r=argument: self._regex_hit(r, row[c]))
                    continue
                values = frozenset(self.strings.add(v) for v in argument)
                if operator == "IN":
                    checks.append(lambda row, c=column, vs=values: row[c] in vs)
                    choices = list(values)
                else:
                    checks.append(lambda row, c=column, vs=values: row[c] not in vs)
                    continue
            else:
                return None
            if not filed_under or _KEYS.index(attr) < _KEYS.index(_attr_of(filed_under[0][0])):
                filed_under = [(column, value) for value in choices]
                filing_check = checks[-1]
        return filed_under, [check for check in checks if keep_filing or check is not filing_check]

    def _regex_hit(self, regex: str, key: int) -> bool:
        """Does the string ``key`` stands for match ``regex``? (once per string: words repeat)"""
        hit = self._regex_hits.get((regex, key))
        if hit is None:
            hit = self._regex_hits[(regex, key)] = re.search(regex, self.strings[key]) is not None
        return hit

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: (rule, match id, start, end), sorted."""
        found: set[tuple[int, int, int]] = set()
        filed, everywhere = self.filed, self.everywhere
        rows = doc.to_array(_ARRAY_ATTRS).tolist()

        def add_if_matched(entry: tuple[int, list[Check], list[list[Check]]], i: int) -> None:
            rule, checks, following = entry
            if checks and not all(check(rows[i]) for check in checks):
                return
            end = i + 1 + len(following)
            if end > len(rows) or not all(all(check(rows[i + 1 + k]) for check in token_checks)
                                          for k, token_checks in enumerate(following)):
                return
            found.add((rule, i, end))

        for i, row in enumerate(rows):
            for column in (0, 1, 2, 3, 4):
                for entry in filed.get((column, row[column]), ()):
                    if not entry[1] and not entry[2]:  # found by its value alone (most of a tag map)
                        found.add((entry[0], i, i + 1))
                    else:
                        add_if_matched(entry, i)
            for entry in everywhere:
                add_if_matched(entry, i)
        if len(self.rest):
            for match_id, start, end in self.rest(doc, allow_missing=True):
                found.add((int(self.strings[match_id]), start, end))
        return sorted((rule, self.match_ids[rule], start, end) for rule, start, end in found)


def _attr_of(column: int) -> str:
    return next(name for name, c in _COLUMNS.items() if c == column)


def replace_attribute_ruler(nlp: Language) -> None:
    """Swap the model's ``attribute_ruler`` for ``harbour_attribute_ruler`` with the same patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    ruler = nlp.replace_pipe("attribute_ruler", FACTORY)
    ruler.add_patterns(patterns)


__all__ = ["FACTORY", "IndexedAttributeRuler", "replace_attribute_ruler"]
