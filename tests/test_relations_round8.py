"""Round 8 relation shapes, from the general forms behind the round-7 texts' misses (then held out).

Composed sentences with invented names, several wordings per rule, run through the real pipelines (loaded once per
language by ``harbour.extract.pipeline``).
"""

from __future__ import annotations

import pytest

from tests.test_extract import facts_of

# --- a product described by a clause naming its maker ------------------------------------------------------------

MAKERS_IN_A_CLAUSE = [
    ("センター内では、米国のロボットメーカーGraveline Roboticsが開発した自律搬送ロボット「Tessel」が約300台稼働する。",
     ("offers", "Graveline Robotics", "Tessel")),
    ("港には、ノルウェーのコングス社が製造した電動フェリー「フィヨルド1」が就航した。", ("offers", "コングス社", "フィヨルド1")),
    ("在庫管理には、国内IT企業のハクロ・データが提供するクラウドシステム「ハクロWMS」を採用した。",
     ("offers", "ハクロ・データ", "ハクロWMS")),
    ("The returns system, the ShelfRunner, supplied by Australian firm Coldharbour Logic, can sort books.",
     ("offers", "Coldharbour Logic", "ShelfRunner")),
    ("From May, 60 Polaris X2 refrigerated trucks made by Dutch firm Kelvo Motors will carry vaccines.",
     ("offers", "Kelvo Motors", "Polaris X2")),
    ("Power comes from the Tornado 7 engine, supplied by Swiss engine maker Brekka Marine.",
     ("offers", "Brekka Marine", "Tornado 7")),
]


# --- every composed sentence above: what it must state --------------------------------------------------------

SHAPES = {
    "a_product_described_by_a_clause_naming_its_maker": MAKERS_IN_A_CLAUSE,
}


@pytest.mark.parametrize("text, expected", [pytest.param(text, expected, id=f"{shape}-{n}")
                                             for shape, cases in SHAPES.items()
                                             for n, (text, expected) in enumerate(cases, 1)])
def test_round8_shapes(text: str, expected: tuple | set[tuple]) -> None:
    expected = expected if isinstance(expected, set) else {expected}
    assert expected <= facts_of(text)
