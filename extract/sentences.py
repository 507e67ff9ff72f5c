"""``harbour_sentence_guard``: sentence boundaries the parser must not draw, set before it runs.

GiNZA's parser sometimes ends a sentence on a number that opens one (。720ミリリットル入りの… becomes "720" and
"ミリリットル入りの…"), which cuts the amount from its unit and the sentence from its subject. A parser keeps the
boundaries already set on a doc, so this component marks the token after a number as no sentence start, unless a
space or a punctuation mark stands between (a number ending a line or a sentence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("harbour_sentence_guard")
def guard_sentences(doc: Doc) -> Doc:
    """Only a number written against the next word (Japanese) is guarded; English puts a space after it.

    >>> import spacy
    >>> doc = guard_sentences(spacy.blank("ja")("720ミリリットル入り。"))
    >>> [(t.text, t.is_sent_start) for t in doc][:2]
    [('720', True), ('ミリリットル', False)]
    >>> [t.is_sent_start for t in guard_sentences(spacy.blank("en")("In 2025 sales rose."))]
    [True, None, None, None, None]
    """
    for token in doc[:-1]:
        following = doc[token.i + 1]
        if token.like_num and not (following.is_punct or following.is_space or token.whitespace_):
            following.is_sent_start = False
    return doc
