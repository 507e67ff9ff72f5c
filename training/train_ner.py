"""Train Harbour's Japanese NER model and install it into extract/models/ner-wikipedia-ja.

    .venv/bin/python training/train_ner.py [--data tests/data/ner-wikipedia-ja/dev.json] [--work training/work]
                                           [--train-folds 1,2,3,4] [--cv training/cv.json] [--no-install]

1. training/prepare_ner.py writes the training folds (record index mod 5) as spaCy DocBins;
2. ``spacy train training/ner.cfg`` runs a fixed number of steps (the step count was chosen on an experiment that
   trained on folds 2-4 and watched fold 1);
3. the last checkpoint's ``ner`` component, the config and ``training.json`` (which folds it saw) are copied into
   the package, with the licence notice (the model is derived from CC-BY-SA 3.0 data) and the recipe's
   cross-validated figures (``training/cross_validate.py`` writes them; ``harbour eval --ner`` prints them instead
   of scoring records the model was trained on).

CPU only; about 6 minutes on 2 cores. ``train`` (training into a work directory, nothing installed) is also what
``training/cross_validate.py`` runs for each fold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prepare_ner import FOLDS, parse_folds, prepare  # noqa: E402

from harbour.extract.ner import CROSS_VALIDATION  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "training" / "ner.cfg"
DATA = ROOT / "tests" / "data" / "ner-wikipedia-ja" / "dev.json"
TARGET = ROOT / "extract" / "models" / "ner-wikipedia-ja"
NOTICE = """\
# Harbour NER model for Japanese (ner-wikipedia-ja)

A spaCy `ner` component (weights in `ner/`, built from `config.cfg`) that tags Japanese text with Harbour's
ontology classes (Person, Company, GovernmentOrganization, Organization, Place, Facility, Product, Event).

Trained by `training/train_ner.py` with `training/ner.cfg` on folds {train_folds} (record index mod 5) of the
development split of stockmarkteam/ner-wikipedia-dataset v2.0 (commit 5e525c2), copied in
`tests/data/ner-wikipedia-ja/`. {evaluation}

Licence: the training data are sentences of Japanese Wikipedia under CC-BY-SA 3.0
(https://creativecommons.org/licenses/by-sa/3.0/); this model is a derived work and is distributed under the same
licence, CC-BY-SA 3.0. Attribution: Stockmark Inc. (ner-wikipedia-dataset) and the contributors of Japanese
Wikipedia.
"""
HELD_OUT = ("It never saw fold {held_out}: that is what `harbour eval --ner` scores. The recipe's cross-validated "
            "figures are in `cross_validation.json` (five models, each trained the same way on four folds and scored "
            "on the fifth; `training/cross_validate.py` reproduces them).")
ALL_SEEN = ("It saw every record of that data, so `harbour eval --ner` does not score it there: it prints the recipe's "
            "cross-validated figures instead (`cross_validation.json`: five models, each trained the same way on four "
            "folds and scored on the fifth; `training/cross_validate.py` reproduces them).")


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def train(work: Path, train_folds: Sequence[int], data: Path = DATA, version: str = "dev") -> Path:
    """Train the recipe on ``train_folds`` in ``work`` (corpus, spaCy's checkpoints); return the model directory
    ``work/model`` (``ner/``, ``config.cfg``, ``training.json``), which the ``harbour_ner`` component loads."""
    corpus, output, model = work / "corpus", work / "output", work / "model"
    # The dev corpus only feeds spaCy's progress log: the last checkpoint is kept, whatever the log says.
    paths = prepare(data, corpus, train_folds, train_folds[:1])
    subprocess.run([sys.executable, "-m", "spacy", "train", str(RECIPE), "--output", str(output),
                    "--paths.train", str(paths["train"]), "--paths.dev", str(paths["dev"])], check=True)
    if model.exists():
        shutil.rmtree(model)
    model.mkdir(parents=True)
    shutil.copytree(output / "model-last" / "ner", model / "ner")
    shutil.copy(output / "model-last" / "config.cfg", model / "config.cfg")
    training = {"name": "harbour-ner-wikipedia-ja", "version": version, "folds": FOLDS,
                "train_folds": sorted(train_folds),
                "held_out_folds": sorted(set(range(FOLDS)) - set(train_folds)),
                "data": "stockmarkteam/ner-wikipedia-dataset v2.0 (5e525c2), development split",
                "data_sha256": sha256(data), "recipe_sha256": sha256(RECIPE), "licence": "CC-BY-SA-3.0"}
    (model / "training.json").write_text(json.dumps(training, indent=2) + "\n", encoding="utf-8")
    return model


def install(model: Path, cross_validation: Path | None, target: Path = TARGET) -> None:
    """Copy a trained model into the package with its licence notice and the recipe's cross-validated figures."""
    training = json.loads((model / "training.json").read_text(encoding="utf-8"))
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(model, target)
    if cross_validation is not None:
        figures = json.loads(cross_validation.read_text(encoding="utf-8"))
        if figures["recipe_sha256"] != training["recipe_sha256"]:
            raise SystemExit(f"{cross_validation} measured another recipe than {RECIPE}: run cross_validate.py again")
        shutil.copy(cross_validation, target / CROSS_VALIDATION)
    held_out = training["held_out_folds"]
    evaluation = HELD_OUT.format(held_out=", ".join(map(str, held_out))) if held_out else ALL_SEEN
    (target / "README.md").write_text(NOTICE.format(train_folds=", ".join(map(str, training["train_folds"])),
                                                    evaluation=evaluation), encoding="utf-8")
    print(f"installed {target} ({sum(f.stat().st_size for f in target.rglob('*') if f.is_file()) / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work")
    parser.add_argument("--train-folds", default="1,2,3,4",
                        help="the shipped model's split; 0,1,2,3,4 trains on every record (not shipped: see docs)")
    parser.add_argument("--cv", type=Path, default=ROOT / "training" / "cv.json",
                        help="the recipe's cross-validated figures, shipped with the model")
    parser.add_argument("--version", default="1.1")
    parser.add_argument("--no-install", action="store_true",
                        help="leave the model in WORK/model (score it with harbour eval --ner-model WORK/model)")
    args = parser.parse_args()
    model = train(args.work, parse_folds(args.train_folds), args.data, args.version)
    if not args.no_install:
        install(model, args.cv if args.cv.exists() else None)


if __name__ == "__main__":
    main()
