"""Japanese texts of any length: GiNZA's tokenizer (SudachiPy) refuses input over 49,149 bytes of UTF-8 (about
16,000 characters), and over 65,535 bytes once it has normalised the text (㈱ becomes (株)). Reports are longer.

:class:`LongTextTokenizer` wraps the model's own tokenizer. A text within the byte budget goes straight to it (the
usual case: nothing else happens). A longer one is cut into pieces under the budget — after a line break, else after
a sentence's final 。！？ (and closing brackets), else before the last token Sudachi finds in the window, else at the
window's end — each piece is tokenized by the wrapped tokenizer, and the pieces are joined into ONE ``Doc`` whose
text is the original text, character for character. The rest of the pipeline (parser, NER, bunsetsu, Harbour's
document-level components) runs once over the whole document, as for a short one. Sentence starts the pieces imply
are cleared, so the parser finds sentences as it would in one piece.

``Doc.from_docs`` keeps no ``user_data`` but extension values, so the per-token lists the tokenizer leaves there
(spaCy's Japanese tokenizer: ``sub_tokens``, which GiNZA reads) are joined here; any other value must be the same in
every piece, or the join fails loudly rather than drop it.

Registered as the tokenizer ``harbour.long_japanese_tokenizer.v1`` (``split_mode``, ``max_bytes``), configured in
``extract/pipeline.py``.

>>> from spacy.lang.ja import Japanese
>>> nlp = Japanese.from_config({"nlp": {"tokenizer": {"@tokenizers": TOKENIZER, "max_bytes": 40}}})
>>> text = "山田社長は東京を訪れた。\\n同社は大阪に工場を持つ。横浜でも売る。"
>>> doc = nlp(text)
>>> doc.text == text, [text[start:end] for start, end in piece_bounds(text, 40, nlp.tokenizer.tokenizer)]
(True, ['山田社長は東京を訪れた。\\n', '同社は大阪に工場を持つ。', '横浜でも売る。'])
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from spacy.lang.ja import JapaneseTokenizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from sudachipy.errors import SudachiError

TOKENIZER = "harbour.long_japanese_tokenizer.v1"
#: Bytes of UTF-8 a piece may hold: below Sudachi's 49,149 with room to spare; a piece that still fails (its
#: normalised form over 65,535 bytes) is cut again in halves.
DEFAULT_MAX_BYTES = 40_000
#: Below this budget a piece that Sudachi still finds too long is not cut further: the error stands.
_MIN_BYTES = 256

_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[。！？!?][」』）)\]〕】]*\s*")


def utf8_length(text: str) -> int:
    """Bytes of ``text`` in UTF-8, without encoding it when every character surely fits.

    >>> utf8_length("東京"), utf8_length("ab")
    (6, 2)
    """
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _fitting(text: str, max_bytes: int) -> int:
    """How many characters from the start of ``text`` fit in ``max_bytes`` of UTF-8."""
    return len(text[:max_bytes].encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore"))


def _last_cut(pattern: re.Pattern[str], window: str) -> int:
    """The end of the last match of ``pattern`` that ends inside ``window`` (a match reaching its end could go on)."""
    return max((m.end() for m in pattern.finditer(window) if 0 < m.end() < len(window)), default=0)


def _last_token_start(window: str, tokenizer: Callable[[str], Doc]) -> int:
    """Where the last token Sudachi finds in ``window`` starts (that token may be cut by the window's end)."""
    try:
        doc = tokenizer(window)
    except SudachiError:
        return 0
    return doc[-1].idx if len(doc) > 1 else 0


def piece_bounds(text: str, max_bytes: int, tokenizer: Callable[[str], Doc]) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text``, each at most ``max_bytes`` of UTF-8, covering it exactly."""
    start = 0
    while utf8_length(text[start:]) > max_bytes:
        window = text[start:start + _fitting(text[start:], max_bytes)]
        cut = (_last_cut(_LINE_BREAK, window) or _last_cut(_SENTENCE_END, window)
               or _last_token_start(window, tokenizer) or len(window))
        yield start, start + cut
        start += cut
    yield start, len(text)


def join_docs(docs: list[Doc]) -> Doc:
    """One ``Doc`` of consecutive pieces: text, tokens and their attributes, and the tokenizer's ``user_data``."""
    joined = Doc.from_docs(docs, ensure_whitespace=False, exclude=["user_data", "tensor"])
    for key, value in docs[0].user_data.items():
        values = [doc.user_data.get(key) for doc in docs]
        if all(isinstance(v, list) and len(v) == len(doc) for v, doc in zip(values, docs)):
            joined.user_data[key] = [item for v in values for item in v]
        elif all(v == value for v in values):
            joined.user_data[key] = value
        else:
            raise ValueError(f"the tokenizer's user_data {key!r} differs between the pieces of a long text")
    start = 0
    for doc in docs[:-1]:  # the pieces' first tokens are not sentence starts of their own
        start += len(doc)
        if start < len(joined):
            joined[start].is_sent_start = None
    return joined


class LongTextTokenizer(DummyTokenizer):
    """A Japanese tokenizer for texts of any length (see the module): the wrapped one, piece by piece."""

    def __init__(self, tokenizer: JapaneseTokenizer, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_bytes = max_bytes

    def __reduce__(self) -> tuple[Any, ...]:
        return LongTextTokenizer, (self.tokenizer, self.max_bytes)

    def __call__(self, text: str) -> Doc:
        return self._tokenize(text, self.max_bytes)

    def _tokenize(self, text: str, budget: int) -> Doc:
        if utf8_length(text) <= budget:
            try:
                return self.tokenizer(text)
            except SudachiError as error:  # longer than Sudachi takes once normalised (㈱ → (株)): cut smaller
                if "too long" not in str(error) or budget < 2 * _MIN_BYTES:
                    raise
                budget = min(budget, utf8_length(text)) // 2
        pieces = [self._tokenize(text[start:end], budget) for start, end in piece_bounds(text, budget, self.tokenizer)]
        return join_docs(pieces)

    # The model's tokenizer settings (the split mode) are saved and loaded by the wrapped tokenizer.
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> LongTextTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> LongTextTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        return self


@registry.tokenizers(TOKENIZER)
def create_long_text_tokenizer(split_mode: str | None = None,
                               max_bytes: int = DEFAULT_MAX_BYTES) -> Callable[[Language], LongTextTokenizer]:
    """spaCy's Japanese tokenizer (Sudachi, ``split_mode``) taking texts of any length, ``max_bytes`` a piece."""
    def make(nlp: Language) -> LongTextTokenizer:
        return LongTextTokenizer(JapaneseTokenizer(nlp.vocab, split_mode=split_mode), max_bytes)
    return make


__all__ = ["DEFAULT_MAX_BYTES", "LongTextTokenizer", "TOKENIZER", "join_docs", "piece_bounds", "utf8_length"]
