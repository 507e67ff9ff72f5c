"""harbour_sentence_guard: GiNZA's parser no longer ends a sentence on the number that opens it."""

from harbour.extract.pipeline import pipeline


def test_a_number_opening_a_sentence_stays_with_its_unit():
    doc = pipeline("ja")("港町酒造は米国で約300店舗に出荷する。750ミリリットル入りの価格は40ドルとなる。")
    assert [s.text for s in doc.sents] == ["港町酒造は米国で約300店舗に出荷する。", "750ミリリットル入りの価格は40ドルとなる。"]
    assert "750ミリリットル" in {q.amount.text for q in doc._.harbour_facts.quantities}


def test_the_guard_runs_before_the_parser_in_both_languages():
    for lang in ("ja", "en"):
        names = pipeline(lang).pipe_names
        assert names.index("harbour_sentence_guard") == names.index("parser") - 1
