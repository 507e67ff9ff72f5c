"""Small facts about scripts and tokens that the components share.

>>> is_kanji("佐藤花子"), is_katakana_name("ビビアン・バラクリシュナン"), is_latin_name("Acme")
(True, True, True)
>>> strip_legal_form("株式会社ミライ"), strip_legal_form("Acme Holdings Ltd.")
('ミライ', 'Acme Holdings')
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

_KANJI = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff々]+$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ffー]+$")
_KATAKANA_NAME = re.compile(r"^[\u30a0-\u30ff]+(?:[・=＝][\u30a0-\u30ff]+)+$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

#: Legal forms that are part of a company's name but not of how the text refers to it later.
LEGAL_FORMS = ("株式会社", "有限会社", "合同会社", "(株)", "（株）", "Inc.", "Inc", "Ltd.", "Ltd", "Limited", "Corp.",
               "Corp", "Co.", "LLC", "plc", "PLC", "AG", "GmbH", "S.A.", "SA")


def is_kanji(text: str) -> bool:
    return bool(_KANJI.match(text))


def is_katakana(text: str) -> bool:
    return bool(_KATAKANA.match(text))


def is_katakana_name(text: str) -> bool:
    """Katakana words joined by ・ or ＝, the way foreign personal names are written."""
    return bool(_KATAKANA_NAME.match(text))


def is_latin_name(text: str) -> bool:
    return bool(_LATIN_NAME.match(text))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=4096)
def strip_legal_form(name: str) -> str:
    """The name without 株式会社 / Ltd. and the like, for comparing a full name with its short forms."""
    stripped = name.strip()
    changed = True
    while changed:
        changed = False
        for form in LEGAL_FORMS:
            if stripped.startswith(form) and len(stripped) > len(form) and not form[0].isascii():
                stripped, changed = stripped[len(form):].strip(" ,"), True
            elif stripped.endswith(form) and len(stripped) > len(form):
                head = stripped[: -len(form)]
                if form[0].isascii() and head and head[-1] not in " ,":
                    continue  # "Inc" inside a word
                stripped, changed = head.strip(" ,"), True
    return stripped


def is_person_name_token(token: Token) -> bool:
    """Sudachi marks given names and surnames (固有名詞-人名-姓/名)."""
    return "人名" in token.tag_

