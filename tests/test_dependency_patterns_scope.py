"""DependencyPatterns.matches runs the matcher only in sentences that hold the words its patterns ask for, through a
DependencyMatcher subclass (extract/dependency_patterns.py). Its matches must be spaCy's own over the whole
document, pattern by pattern as listed."""

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from harbour.evaluate import load_gold
from harbour.extract.pipeline import build_pipeline

GOLD = Path(__file__).parent / "gold"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_matches_are_spacys_over_the_whole_document(lang):
    nlp = build_pipeline(lang)
    patterns = nlp.get_pipe("harbour_relations").patterns
    stock = DependencyMatcher(nlp.vocab)
    for name, pattern in patterns.patterns:
        stock.add(name, [pattern])
    rank = {nlp.vocab.strings[name]: n for n, (name, _) in enumerate(patterns.patterns)}
    texts = [load_gold(path).text for path in sorted(GOLD.glob(f"{lang}-*.json"))]
    found = 0
    for doc in nlp.pipe(texts):
        expected = [(nlp.vocab.strings[match_id], token_ids)
                    for match_id, token_ids in sorted(stock(doc), key=lambda m: rank[m[0]])]
        got = [(m.name, [t.i for t in m.tokens.values()]) for m in patterns.matches(doc)]
        assert got == expected
        found += len(got)
    assert found > 20  # the gold texts hold matches of these patterns: the comparison is not vacuous
