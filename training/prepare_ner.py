"""Turn the NER data (JSON) into spaCy DocBins tokenised by GiNZA, split into folds by record index.

Record ``i`` belongs to fold ``i % FOLDS``. Fold 0 is never trained on: `harbour eval --ner` scores the shipped
model on it. Usage:

    python training/prepare_ner.py tests/data/ner-wikipedia-ja/dev.json training/corpus --train 1,2,3,4 --dev 1

writes ``train.spacy`` (the --train folds) and ``dev.spacy`` (the --dev folds, for spaCy's progress log and the choice
of the best checkpoint). Entity types become ontology class names (地名 → Place, 製品名 → Product, ...).
"""

from __future__ import annotations

import argparse
import json
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--train", default="1,2,3,4", help="folds to train on")
    parser.add_argument("--dev", default="1", help="folds to pick the best checkpoint on")
    args = parser.parse_args()
    train_folds = {int(f) for f in args.train.split(",")}
    dev_folds = {int(f) for f in args.dev.split(",")}
    if 0 in train_folds | dev_folds:
        parser.error("fold 0 is held out for evaluation")
    records = json.loads(args.data.read_text(encoding="utf-8"))
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.ja.JapaneseTokenizer",
                                                          "split_mode": "C"}}})
    args.out.mkdir(parents=True, exist_ok=True)
    for name, folds in (("train", train_folds), ("dev", dev_folds)):
        chosen = [r for i, r in enumerate(records) if i % FOLDS in folds]
        bin_, dropped = docbin(chosen, nlp)
        bin_.to_disk(args.out / f"{name}.spacy")
        print(f"{name}: {len(chosen)} records, folds {sorted(folds)}, {dropped} spans off token boundaries dropped")


if __name__ == "__main__":
    main()
