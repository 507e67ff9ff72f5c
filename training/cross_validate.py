"""Cross-validate the NER recipe (training/ner.cfg, fixed steps): five models, each trained on four folds of the
NER data (record index mod 5) and scored on the fifth, alone and inside Harbour's whole Japanese pipeline.

    nice -n 10 .venv/bin/python training/cross_validate.py [--folds 0,1,2,3,4] [--work training/work/cv]
                                                           [--out training/cv.json]

Each fold's model is trained by ``train_ner.train`` into ``WORK/fold-K/model`` (nothing is installed) and put in
place of the shipped one through the ``harbour_ner`` component's ``path`` setting. Scoring is ``harbour eval --ner``'s:
typed spans, exact boundaries, the 8 types through the ontology contract; "model alone" is the component's own
spans (``doc.spans["harbour_ner"]``), "pipeline" the entities Harbour extracts. The figures (per fold, mean and
sample standard deviation of F1) go to ``--out`` after every fold, with the commit and recipe they measured;
``train_ner.py`` ships that file with the model it installs. About 37 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from prepare_ner import FOLDS, parse_folds  # noqa: E402
from train_ner import DATA, RECIPE, ROOT, sha256, train  # noqa: E402

from harbour import evaluate  # noqa: E402
from harbour.extract.pipeline import build_pipeline  # noqa: E402

SOURCES = {"model": "trained", "pipeline": "harbour"}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def score_fold(fold: int, model: Path, data: Path) -> dict:
    """Fold ``fold`` scored with the model in ``model``: alone and in the pipeline, from one run of the pipeline."""
    nlp = build_pipeline("ja", ner_path=model)
    chosen, subset = evaluate.ner_subset(evaluate.load_ner(data), nlp, fold)
    if not chosen:
        raise SystemExit(f"fold {fold}: {subset}")
    predictions = evaluate.predict_ner_sources([r.text for r in chosen], nlp, list(SOURCES.values()))
    return {name: evaluate.score_ner(chosen, predictions[source], subset).as_dict()
            for name, source in SOURCES.items()} | {"records": len(chosen)}


def summary(folds: list[dict]) -> dict:
    """Mean P, R, F1 over the folds, and the sample standard deviation of F1 (0 with one fold)."""
    mean = {}
    for name in SOURCES:
        overall = [f[name]["overall"] for f in folds]
        f1 = [o["f1"] for o in overall]
        mean[name] = {key: round(statistics.mean(o[key] for o in overall), 4) for key in ("precision", "recall", "f1")}
        mean[name]["f1_sd"] = round(statistics.stdev(f1), 4) if len(f1) > 1 else 0.0
    return mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--folds", default=",".join(map(str, range(FOLDS))), help="folds to score")
    parser.add_argument("--work", type=Path, default=ROOT / "training" / "work" / "cv")
    parser.add_argument("--out", type=Path, default=ROOT / "training" / "cv.json")
    parser.add_argument("--reuse", action="store_true", help="score a fold's model already trained in WORK")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = {"recipe": str(RECIPE.relative_to(ROOT)), "recipe_sha256": sha256(RECIPE),
               "data": str(args.data.resolve().relative_to(ROOT)), "data_sha256": sha256(args.data),
               "commit": git("rev-parse", "--short", "HEAD"),
               "uncommitted": git("status", "--porcelain", "--", "extract", "harbour", "training").splitlines(),
               "measure": "typed spans, exact boundaries, 8 types through the ontology contract (harbour eval --ner)",
               "sd": "sample standard deviation of F1 over the folds", "folds": []}
    for fold in parse_folds(args.folds):
        train_folds = [f for f in range(FOLDS) if f != fold]
        fold_started = time.perf_counter()
        model = args.work / f"fold-{fold}" / "model"
        if not (args.reuse and (model / "training.json").exists()):
            model = train(args.work / f"fold-{fold}", train_folds, args.data, version=f"cv-fold-{fold}")
        trained = time.perf_counter()
        figures["folds"].append({"fold": fold, "train_folds": train_folds} | score_fold(fold, model, args.data)
                                | {"train_seconds": round(trained - fold_started),
                                   "score_seconds": round(time.perf_counter() - trained)})
        figures["mean"] = summary(figures["folds"])
        figures["seconds"] = round(time.perf_counter() - started)
        args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print("\n".join(evaluate.cross_validation_lines(figures)), flush=True)
    print(f"written {args.out} ({figures['seconds']} s)")


if __name__ == "__main__":
    main()
