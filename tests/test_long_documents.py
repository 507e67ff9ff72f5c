"""Japanese documents longer than Sudachi takes (49,149 bytes): real ja_ginza, real extraction workers, a real store.

The long text is composed here from invented news paragraphs (no names of the sample); the first paragraph and the
last each name a company and a person that appear nowhere else, so both ends of the document are checked.
"""

from __future__ import annotations

import doctest
import itertools
from pathlib import Path

import pytest
from spacy.language import Language

import harbour.extract.long_text as long_text_module
from harbour.extract.entities import ENTITIES
from harbour.extract.long_text import LongTextTokenizer, piece_bounds
from harbour.extract.pipeline import build_pipeline, pipeline
from harbour.graph.store import HarbourStore
from harbour.ontology import ITSRDF, NIF, RDFS

from .conftest import run_harbour

_SURNAMES = ["佐藤", "高橋", "伊藤", "渡辺", "中村", "小林", "加藤", "吉田", "松本", "井上", "木村", "清水", "山口"]
_GIVEN = ["健一", "美咲", "大輔", "由美", "翔太", "直子", "拓也", "恵子", "和也", "千尋", "亮介"]
_COMPANIES = ["北斗精機", "青葉電子", "白浜化学", "若葉フーズ", "東雲ロボティクス", "紫雲テクノ", "翠嶺製薬",
              "銀河ネットワークス", "疾風モビリティ"]
_CITIES = ["札幌市", "仙台市", "名古屋市", "福岡市", "広島市", "金沢市", "新潟市", "熊本市", "静岡市", "岡山市"]
_PRODUCTS = ["配送ロボット", "蓄電池", "翻訳アプリ", "検査装置", "小型衛星", "医療用センサー", "電動バイク"]
_TEMPLATES = [
    "{company}の{person}社長は{month}月{day}日、{city}で記者会見を開き、新型の{product}「{brand}」を発表した。"
    "販売価格は約{price}万円で、初年度に{units}台の販売を目指す。{surname}社長は「地域の人手不足を技術で補いたい」と語った。",
    "{city}は{month}月{day}日、{company}と連携協定を結んだと発表した。同社は市内に研究拠点を設け、"
    "{units}人規模の技術者を採用する計画だ。市の担当者によると、投資額は{price}億円を超える見通しという。",
    "{company}は{month}月{day}日、{person}氏が最高技術責任者に就任したと発表した。{surname}氏はこれまで"
    "{city}の研究所で{product}の開発を率いてきた。同社は来年度までに{product}の出荷台数を{units}台に増やす。",
    "経済産業大臣の{person}氏は{month}月{day}日、{city}にある{company}の工場を視察した。{surname}氏は"
    "{product}の組み立てラインを見学し、従業員約{units}人と意見を交わした。",
]


def _paragraph(index: int) -> str:
    surname, given = _SURNAMES[index % len(_SURNAMES)], _GIVEN[index % len(_GIVEN)]
    return _TEMPLATES[index % len(_TEMPLATES)].format(
        company=_COMPANIES[index % len(_COMPANIES)], person=surname + given, surname=surname,
        city=_CITIES[index % len(_CITIES)], product=_PRODUCTS[index % len(_PRODUCTS)],
        brand=f"シリーズ{index + 1}", month=index % 12 + 1, day=index % 28 + 1, price=(index * 37) % 900 + 100,
        units=(index * 53) % 5000 + 200)


FIRST = "暁星工業の森田浩二社長は1月10日、横浜市で開かれた展示会に出席し、新しい産業用ドローンを披露した。"
LAST = "株式会社蒼海重工の桜井真理子会長は12月20日、長崎市に新しい造船所を建設すると発表した。桜井氏は「海の仕事を次の世代に渡したい」と述べた。会見には暁星工業の森田社長も同席した。"


def compose(min_bytes: int, paragraph: str = "\n") -> str:
    """Invented news paragraphs, FIRST first and LAST last, at least ``min_bytes`` of UTF-8 in all."""
    parts, size = [FIRST], len(FIRST.encode()) + len(LAST.encode())
    for index in itertools.count():
        if size >= min_bytes:
            break
        parts.append(_paragraph(index))
        size += len(parts[-1].encode()) + len(paragraph)
    return paragraph.join(parts + [LAST]) + "\n"


@pytest.fixture(scope="module")
def long_text() -> str:
    return compose(60_000)


def test_the_module_doctests_pass() -> None:
    result = doctest.testmod(long_text_module)
    assert result.attempted > 0 and result.failed == 0


def test_a_short_text_goes_straight_to_the_models_tokenizer() -> None:
    tokenizer = pipeline("ja").tokenizer
    assert isinstance(tokenizer, LongTextTokenizer)
    assert tokenizer.tokenizer.split_mode == "C"  # GiNZA's own setting, kept under the wrapper
    text = compose(3_000)
    assert [(t.text, t.tag_, str(t.morph)) for t in tokenizer(text)] == \
        [(t.text, t.tag_, str(t.morph)) for t in tokenizer.tokenizer(text)]


def test_pieces_are_cut_after_a_line_then_a_sentence_then_a_token() -> None:
    tokenizer = pipeline("ja").tokenizer.tokenizer
    text = compose(6_000)
    bounds = list(piece_bounds(text, 2_000, tokenizer))
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text) and len(bounds) >= 3
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(bounds))
    assert all(text[end - 1] == "\n" and len(text[start:end].encode()) <= 2_000 for start, end in bounds[:-1])
    one_line = text.replace("\n", "")
    assert all(one_line[end - 1] == "。" for _, end in list(piece_bounds(one_line, 2_000, tokenizer))[:-1])
    no_stop = "、".join(_COMPANIES * 60)  # an enumeration: no line break, no 。, over 2,000 bytes
    cuts = [end for _, end in list(piece_bounds(no_stop, 2_000, tokenizer))[:-1]]
    assert cuts and set(cuts) <= {token.idx for token in tokenizer(no_stop)}  # where Sudachi cuts the whole text


def test_a_text_sudachi_normalises_past_its_limit_is_cut_smaller() -> None:
    """㈱ is 3 bytes, (株) 5 once normalised: 13,300 of them are under the budget but over Sudachi's 65,535."""
    text = "㈱" * 13_300 + "。"
    doc = pipeline("ja").tokenizer(text)
    assert doc.text == text


@pytest.fixture(scope="module")
def small_budget_nlp() -> Language:
    """Harbour's Japanese pipeline cutting texts into pieces of at most 1,500 bytes, so a short text has many."""
    nlp = build_pipeline("ja")
    nlp.tokenizer.max_bytes = 1_500
    return nlp


def _analysis(doc) -> list[tuple]:
    return [(t.idx, t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc]


def test_a_text_cut_at_lines_is_analysed_as_in_one_piece(small_budget_nlp: Language) -> None:
    text = compose(5_000)
    assert len(list(piece_bounds(text, 1_500, small_budget_nlp.tokenizer.tokenizer))) >= 4
    pieces, whole = small_budget_nlp(text), pipeline("ja")(text)
    assert pieces.text == text
    assert _analysis(pieces) == _analysis(whole)
    assert [(e.start_char, e.end_char, e.label_) for e in pieces.spans[ENTITIES]] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.spans[ENTITIES]]


def test_a_long_paragraph_without_a_full_stop_is_cut_between_tokens(small_budget_nlp: Language) -> None:
    guests = "、".join(f"{_COMPANIES[i % 9]}の{_SURNAMES[i % 13]}{_GIVEN[i % 11]}氏" for i in range(110))
    text = FIRST + guests + "、蒼海重工の桜井真理子氏が出席した。"
    assert len(guests.encode()) > 2 * 1_500 and "\n" not in text
    assert len(list(piece_bounds(text, 1_500, small_budget_nlp.tokenizer.tokenizer))) >= 3
    doc = small_budget_nlp(text)
    assert doc.text == text
    assert {"森田浩二", "桜井真理子"} <= {e.text for e in doc.spans[ENTITIES]}


def test_harbour_load_extracts_a_60_kb_japanese_report_in_a_worker(long_text: str, tmp_path: Path) -> None:
    """Through the extraction workers at the default time limit (30 s + 3 s per 1,000 characters: 94 s here)."""
    assert len(long_text.encode()) > 60_000
    assert len(list(piece_bounds(long_text, pipeline("ja").tokenizer.max_bytes, pipeline("ja").tokenizer.tokenizer))) >= 2
    (tmp_path / "report.txt").write_text(long_text, encoding="utf-8")
    store_path = tmp_path / "store"
    result = run_harbour("load", "report.txt", store=store_path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 loaded" in result.stderr
    store = HarbourStore(store_path)
    [iri] = store.document_iris()
    by_subject: dict[str, dict[str, str]] = {}
    for quad in store.document_triples(iri):
        by_subject.setdefault(quad.subject.value, {})[quad.predicate.value] = quad.object.value
    assert by_subject[iri][str(NIF.isString)] == long_text
    anchored = [p for p in by_subject.values() if str(NIF.anchorOf) in p]  # mentions and sentences
    assert len(anchored) > 500
    for node in anchored:
        begin, end = int(node[str(NIF.beginIndex)]), int(node[str(NIF.endIndex)])
        assert long_text[begin:end] == node[str(NIF.anchorOf)]
    labels = {p[str(RDFS.label)] for p in by_subject.values() if str(RDFS.label) in p}
    assert {"暁星工業", "森田浩二"} <= labels  # the first piece
    assert {"株式会社蒼海重工", "桜井真理子"} <= labels  # the last piece
    last_piece = len(long_text) - len(LAST) - 1
    linked = {(node[str(NIF.anchorOf)], by_subject[node[str(ITSRDF.taIdentRef)]][str(RDFS.label)])
              for node in anchored if str(ITSRDF.taIdentRef) in node and int(node[str(NIF.beginIndex)]) >= last_piece}
    assert ("森田", "森田浩二") in linked  # a short form in the last piece, one entity with the first piece's name
