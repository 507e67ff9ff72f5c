"""Train Harbour's Japanese NER model and install it into extract/models/ner-wikipedia-ja.

    .venv/bin/python training/train_ner.py [--data tests/data/ner-wikipedia-ja/dev.json] [--work training/work]

1. training/prepare_ner.py writes the training folds (record index mod 5 in 1..4) as spaCy DocBins;
2. ``spacy train training/ner.cfg`` runs a fixed number of steps (the step count was chosen on an experiment that
   trained on folds 2-4 and watched fold 1; fold 0 was never looked at while choosing anything);
3. the last checkpoint's ``ner`` component, the config and ``training.json`` (which folds it saw) are copied into
   the package, with the licence notice: the model is derived from CC-BY-SA 3.0 data.

CPU only; about 6 minutes on 2 cores. `harbour eval --ner tests/data/ner-wikipedia-ja/dev.json` then scores the
shipped model on fold 0 only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "extract" / "models" / "ner-wikipedia-ja"
NOTICE = """\
# Harbour NER model for Japanese (ner-wikipedia-ja)

A spaCy `ner` component (weights in `ner/`, built from `config.cfg`) that tags Japanese text with Harbour's
ontology classes (Person, Company, GovernmentOrganization, Organization, Place, Facility, Product, Event).

Trained by `training/train_ner.py` with `training/ner.cfg` on folds {train_folds} (record index mod 5) of the
development split of stockmarkteam/ner-wikipedia-dataset v2.0 (commit 5e525c2), copied in
`tests/data/ner-wikipedia-ja/`. Fold {held_out} was held out: it is what `harbour eval --ner` scores.

Licence: the training data are sentences of Japanese Wikipedia under CC-BY-SA 3.0
(https://creativecommons.org/licenses/by-sa/3.0/); this model is a derived work and is distributed under the same
licence, CC-BY-SA 3.0. Attribution: Stockmark Inc. (ner-wikipedia-dataset) and the contributors of Japanese
Wikipedia.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "data" / "ner-wikipedia-ja" / "dev.json")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--train-folds", default="1,2,3,4")
    parser.add_argument("--version", default="1.0")
    args = parser.parse_args()
    python = sys.executable
    corpus, output = args.work / "corpus", args.work / "output"
    subprocess.run([python, str(ROOT / "training" / "prepare_ner.py"), str(args.data), str(corpus),
                    "--train", args.train_folds, "--dev", args.train_folds.split(",")[0]], check=True)
    subprocess.run([python, "-m", "spacy", "train", str(ROOT / "training" / "ner.cfg"), "--output", str(output),
                    "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy")],
                   check=True)
    model = output / "model-last"
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    shutil.copytree(model / "ner", TARGET / "ner")
    shutil.copy(model / "config.cfg", TARGET / "config.cfg")
    train_folds = [int(f) for f in args.train_folds.split(",")]
    held_out = sorted(set(range(5)) - set(train_folds))
    training = {"name": "harbour-ner-wikipedia-ja", "version": args.version, "folds": 5,
                "held_out_fold": held_out[0], "train_folds": train_folds,
                "data": "stockmarkteam/ner-wikipedia-dataset v2.0 (5e525c2), development split",
                "licence": "CC-BY-SA-3.0"}
    (TARGET / "training.json").write_text(json.dumps(training, indent=2) + "\n", encoding="utf-8")
    (TARGET / "README.md").write_text(NOTICE.format(train_folds=", ".join(map(str, train_folds)),
                                                    held_out=held_out[0]), encoding="utf-8")
    print(f"installed {TARGET} ({sum(f.stat().st_size for f in TARGET.rglob('*') if f.is_file()) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
