"""Japanese place names that Sudachi keeps as one token but that name two places: 愛知県豊田市 is the city 豊田市 in the
prefecture 愛知県, 千葉市美浜区 the ward 美浜区 of the city 千葉市, and 東京都内 is 東京都 and 内 ("inside"). The token
is split in two (the first part depending on the second, as in 愛知県の豊田市) so that each place can be an entity of
its own and the relation extractor can say one is in the other.

>>> split_point("愛知県豊田市"), split_point("北海道札幌市"), split_point("東京都港区"), split_point("京都市")
(3, 3, 3, None)
>>> split_point("千葉市美浜区"), split_point("横浜市中区"), split_point("東京都内")
(3, 3, 3)
>>> split_points("千葉市美浜区中瀬"), split_points("横浜市鶴見区末広町"), split_points("愛知県豊田市")
([3, 6], [3, 6], [3])
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

#: A prefecture (…県, …府, …道, 東京都) of two to four characters, then a municipality (…市/区/町/村/郡).
_PREFECTURE_THEN_CITY = re.compile(r"^([\u3400-\u9fff]{2,4}[県府道]|東京都)([\u3040-\u309f\u3400-\u9fff\u30a0-\u30ff]{1,6}"
                                   r"[市区町村郡])$")
#: A city, then one of its wards (千葉市美浜区, 横浜市中区).
_NAME_CHARS = r"[\u3040-\u309f\u3400-\u9fff\u30a0-\u30ff]"
_CITY_THEN_WARD = re.compile(rf"^({_NAME_CHARS}{{1,4}}市)({_NAME_CHARS}{{1,4}}区)$")
#: A city, one of its wards and a district of the ward, as one token (千葉市美浜区中瀬): three places.
_CITY_WARD_DISTRICT = re.compile(rf"^({_NAME_CHARS}{{1,4}}市)({_NAME_CHARS}{{1,4}}区)({_NAME_CHARS}{{1,5}})$")
#: A place, then a word for inside or around it, as one token (東京都内, 大阪市周辺): the place is split off.
_PLACE_THEN_AREA = re.compile(r"^([\u3040-\u309f\u3400-\u9fff\u30a0-\u30ff]{1,5}[都道府県市区町村])(内|内外|周辺|近郊|全域)$")
_ANYWHERE = re.compile(r"[県府道都][\u3040-\u309f\u3400-\u9fff\u30a0-\u30ff]{1,6}[市区町村郡]|市[^\s、。]{1,4}区"
                       r"|[都道府県市区町村](内|周辺|近郊|全域)")
PLACE_TAG = "名詞-固有名詞-地名"
AREA_TAG = "名詞-普通名詞-副詞可能"


def split_point(text: str) -> int | None:
    """Where a prefecture-and-city token divides, if it is one."""
    match = _PREFECTURE_THEN_CITY.match(text) or _CITY_THEN_WARD.match(text) or _PLACE_THEN_AREA.match(text)
    return match.end(1) if match else None


def split_points(text: str) -> list[int]:
    """Where a place token divides: once for a prefecture and a city, twice for a city, a ward and a district."""
    point = split_point(text)
    if point is not None:
        return [point]
    match = _CITY_WARD_DISTRICT.match(text)
    return [match.end(1), match.end(2)] if match else []


def split_place_compounds(doc: Doc) -> None:
    """Split every prefecture-and-city token of ``doc`` in two; span groups follow by character offsets."""
    if not _ANYWHERE.search(doc.text):  # most documents: no token to look at
        return
    found = [(t, points) for t in doc if (points := split_points(t.text)) and (t.tag_.startswith(PLACE_TAG) or (
        t.pos_ in {"NOUN", "PROPN"} and _PLACE_THEN_AREA.match(t.text)))]
    if not found:
        return
    groups = {name: [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group] for name, group in doc.spans.items()}
    moved: list[tuple[int, int]] = []  # (character offset of a dependent, of its new head: the last part)
    for token, points in found:
        moved += [(child.idx, token.idx + points[-1]) for child in token.children if child.i > token.i]
    length = len(doc)
    per_token = [key for key, value in doc.user_data.items() if isinstance(value, list) and len(value) == length]
    for token, points in sorted(found, key=lambda f: -f[0].i):  # the language model's per-token lists stay aligned
        for key in per_token:
            for _ in points:
                doc.user_data[key].insert(token.i + 1, doc.user_data[key][token.i])
    for tag in (PLACE_TAG, AREA_TAG):
        doc.vocab.strings.add(tag)
    with doc.retokenize() as retokenizer:
        for token, points in found:
            bounds = [0, *points, len(token.text)]
            parts = [token.text[b:e] for b, e in zip(bounds, bounds[1:])]
            n = len(parts)
            area = _PLACE_THEN_AREA.match(token.text) is not None  # 東京都|内: a place, then a common noun
            # each part depends on the next (千葉市 → 美浜区 → 中瀬, as in 千葉市の美浜区), the last keeps the head
            heads = [(token, i + 1) for i in range(n - 1)] + [token.head if token.head != token else (token, n - 1)]
            retokenizer.split(token, parts, heads=heads,
                              attrs={"TAG": [PLACE_TAG, AREA_TAG] if area else [token.tag_] * n,
                                     "POS": ["PROPN", "NOUN"] if area else [token.pos_] * n, "LEMMA": parts,
                                     "DEP": ["nmod"] * (n - 1) + [token.dep_], "NORM": parts})
    by_char = {t.idx: t for t in doc}
    for dependent, head in moved:  # …の after the compound depended on it: it now depends on the city
        if dependent in by_char and head in by_char:
            by_char[dependent].head = by_char[head]
    for name, spans in groups.items():
        rebuilt = [doc.char_span(b, e, label=label, kb_id=kb_id, alignment_mode="expand") for b, e, label, kb_id in spans]
        doc.spans[name] = [s for s in rebuilt if s is not None]


__all__ = ["split_place_compounds", "split_point", "split_points"]
