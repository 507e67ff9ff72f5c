"""Turn the NER data (JSON) into spaCy DocBins tokenised by GiNZA, split into folds by record index.

Record ``i`` belongs to fold ``i % FOLDS``. Usage:

    python training/prepare_ner.py tests/data/ner-wikipedia-ja/dev.json training/corpus --train 0,1,2,3,4 --dev 0

writes ``train.spacy`` (the --train folds) and ``dev.spacy`` (the --dev folds, for spaCy's progress log only: the
last checkpoint is what ships). Entity types become ontology class names (地名 → Place, 製品名 → Product, ...).
Which folds a model saw is recorded in its ``training.json``; `harbour eval --ner` never scores those.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Collection
from pathlib import Path

import spacy
from spacy.tokens import DocBin

FOLDS = 5
CLASS_OF_TYPE = {
    "人名": "Person", "法人名": "Company", "政治的組織名": "GovernmentOrganization", "その他の組織名": "Organization",
    "地名": "Place", "施設名": "Facility", "製品名": "Product", "イベント名": "Event",
}


def docbin(records: list[dict], nlp) -> tuple[DocBin, int]:
    """Docs with gold entities; spans that do not fall on token boundaries are dropped (about 1%)."""
    bin_ = DocBin(store_user_data=False)
    dropped = 0
    for record in records:
        doc = nlp.make_doc(record["text"])
        spans = []
        for entity in sorted(record["entities"], key=lambda e: (e["span"][0], -e["span"][1])):
            span = doc.char_span(*entity["span"], label=CLASS_OF_TYPE[entity["type"]])
            if span is None or (spans and span.start < spans[-1].end):
                dropped += 1
                continue
            spans.append(span)
        doc.ents = spans
        bin_.add(doc)
    return bin_, dropped


def parse_folds(text: str) -> list[int]:
    """``"1,2,3"`` → ``[1, 2, 3]``, each checked to be a fold."""
    folds = sorted({int(f) for f in text.split(",")})
    if not folds or not all(0 <= f < FOLDS for f in folds):
        raise ValueError(f"folds are 0..{FOLDS - 1}: {text!r}")
    return folds


def prepare(data: Path, out: Path, train_folds: Collection[int], dev_folds: Collection[int]) -> dict[str, Path]:
    """Write ``train.spacy`` and ``dev.spacy`` for these folds into ``out``; their paths by name."""
    records = json.loads(Path(data).read_text(encoding="utf-8"))
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.ja.JapaneseTokenizer",
                                                          "split_mode": "C"}}})
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, folds in (("train", set(train_folds)), ("dev", set(dev_folds))):
        chosen = [r for i, r in enumerate(records) if i % FOLDS in folds]
        bin_, dropped = docbin(chosen, nlp)
        written[name] = out / f"{name}.spacy"
        bin_.to_disk(written[name])
        print(f"{name}: {len(chosen)} records, folds {sorted(folds)}, {dropped} spans off token boundaries dropped")
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--train", default="0,1,2,3,4", help="folds to train on")
    parser.add_argument("--dev", default="0", help="folds for spaCy's progress log")
    args = parser.parse_args()
    try:
        train_folds, dev_folds = parse_folds(args.train), parse_folds(args.dev)
    except ValueError as error:
        parser.error(str(error))
    prepare(args.data, args.out, train_folds, dev_folds)


if __name__ == "__main__":
    main()
