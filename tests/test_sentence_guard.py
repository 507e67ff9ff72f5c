"""harbour_sentence_guard: GiNZA's parser no longer ends a sentence on the number that opens it."""

import json
import re
from pathlib import Path

from harbour.extract.pipeline import build_pipeline, pipeline

GOLD = Path(__file__).parent / "gold"


def _japanese_texts_with_numbers_opening_sentences() -> list[str]:
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    # only those with a sentence opening on a number: where the parser can make the mistake
    return [t["text"] for t in texts if t["lang"] == "ja" and re.search(r"。\d", t.get("text", ""))]


def _bare_numbers(nlp, texts: list[str]) -> list[str]:
    return [s.text for doc in nlp.pipe(texts) for s in doc.sents if all(t.like_num for t in s)]


def test_no_sentence_of_the_gold_texts_is_a_bare_number():
    texts = _japanese_texts_with_numbers_opening_sentences()
    unguarded = build_pipeline("ja")
    unguarded.remove_pipe("harbour_sentence_guard")
    assert _bare_numbers(unguarded, texts), "the parser's mistake this guards against no longer shows"
    assert _bare_numbers(pipeline("ja"), texts) == []


def test_the_guard_runs_before_the_parser_in_both_languages():
    for lang in ("ja", "en"):
        names = pipeline(lang).pipe_names
        assert names.index("harbour_sentence_guard") == names.index("parser") - 1
