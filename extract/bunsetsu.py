"""GiNZA's bunsetsu recogniser, bounded in time on very long sentences.

GiNZA's ``bunsetu_recognizer`` does three things: it strips the ``_bunsetu`` suffix the parser puts on the
dependency labels of bunsetsu heads (``nsubj_bunsetu`` → ``nsubj``; Harbour's rules read these labels), it stores
the bunsetsu (heads, B/I labels, position types) in ``doc.user_data``, and it groups the bunsetsu into clauses
(``clauses``, ``clause_heads``). That last step compares every clause candidate (a head before a 、) with every
other one's subtree: its time grows with the cube of a sentence's length, and a run of a few thousand characters
without 。 (an enumeration of names) takes minutes (4,000 characters: about 80 s, over the extraction limit).

:class:`BoundedBunsetsuRecognizer` runs GiNZA's own recogniser, unchanged, on every document whose sentences all
have at most ``max_tokens`` tokens: there nothing differs from GiNZA's. A document with a longer sentence gets
GiNZA's recogniser without clause markers: the labels, bunsetsu heads, B/I labels and position types are GiNZA's
(all linear), but ``clauses`` is empty and every ``clause_heads`` entry is -1 for the whole document. Harbour reads
no clause (nor any other bunsetsu list); only the labels matter to it.

Registered as the factory ``harbour_bunsetsu`` (``max_tokens``, and GiNZA's own settings), put in place of
``bunsetu_recognizer`` in ``extract/pipeline.py``.
"""

from __future__ import annotations

from ginza.bunsetu_recognizer import CLAUSE_MARKER_RULES, MIN_BUNSETU_NUM_IN_CLAUSE, BunsetuRecognizer
from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "harbour_bunsetsu"
#: Tokens a sentence may have and still get GiNZA's clauses. The sample's longest sentence has 114; GiNZA's clause
#: step takes about 0.3 s on an enumeration of 300 tokens (cubic: 600 tokens take 2-3 s).
DEFAULT_MAX_TOKENS = 300


class BoundedBunsetsuRecognizer:
    """GiNZA's recogniser on documents of ordinary sentences; without clauses on one with a longer sentence."""

    def __init__(self, nlp: Language, max_tokens: int, remain_bunsetu_suffix: bool,
                 clause_marker_rules: list[dict[str, str]], min_bunsetu_num_in_clause: int) -> None:
        self.max_tokens = max_tokens
        self.full = BunsetuRecognizer(nlp, remain_bunsetu_suffix, clause_marker_rules, min_bunsetu_num_in_clause)
        self.without_clauses = BunsetuRecognizer(nlp, remain_bunsetu_suffix, [], min_bunsetu_num_in_clause)

    def longest_sentence(self, doc: Doc) -> int:
        """Tokens in the longest sentence of ``doc`` (0 when empty)."""
        return max((len(sentence) for sentence in doc.sents), default=0)

    def __call__(self, doc: Doc) -> Doc:
        if self.longest_sentence(doc) <= self.max_tokens:
            return self.full(doc)
        return self.without_clauses(doc)


@Language.factory(FACTORY, default_config={
    "max_tokens": DEFAULT_MAX_TOKENS,
    "remain_bunsetu_suffix": False,
    "clause_marker_rules": CLAUSE_MARKER_RULES,
    "min_bunsetu_num_in_clause": MIN_BUNSETU_NUM_IN_CLAUSE,
})
def create_bounded_bunsetsu_recognizer(nlp: Language, name: str, max_tokens: int, remain_bunsetu_suffix: bool,
                                       clause_marker_rules: list[dict[str, str]],
                                       min_bunsetu_num_in_clause: int) -> BoundedBunsetsuRecognizer:
    """GiNZA's bunsetsu recogniser, without clauses in a document with a sentence over ``max_tokens`` tokens."""
    return BoundedBunsetsuRecognizer(nlp, max_tokens, remain_bunsetu_suffix, clause_marker_rules,
                                     min_bunsetu_num_in_clause)


__all__ = ["BoundedBunsetsuRecognizer", "DEFAULT_MAX_TOKENS", "FACTORY"]
