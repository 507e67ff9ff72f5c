"""`harbour eval --ner` never scores the NER records a trained model learnt from.

The shipped model (folds 1-4) is scored on fold 0 only; a fold it saw is not scored: one line says so and the
recipe's cross-validated figures shipped with the model (training/cross_validate.py) are printed instead, while
GiNZA's baseline (--raw-ner) still is scored, since GiNZA never saw these records. A model that saw every fold is not
scored at all. Real pipelines throughout.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
from pathlib import Path

from click.testing import CliRunner

from harbour import evaluate
from harbour.cli import main
from harbour.extract.ner import CROSS_VALIDATION, model_path
from harbour.extract.pipeline import TRAINED_NER, build_pipeline, pipeline

ROOT = Path(__file__).resolve().parent.parent
NER = ROOT / "tests" / "data" / "ner-wikipedia-ja" / "dev.json"
CV = ROOT / "training" / "cv.json"
SHIPPED = model_path(TRAINED_NER["ja"])


def test_the_cross_validation_measured_this_recipe_on_five_folds() -> None:
    figures = json.loads(CV.read_text(encoding="utf-8"))
    assert figures["recipe_sha256"] == hashlib.sha256((ROOT / "training" / "ner.cfg").read_bytes()).hexdigest()
    assert [f["fold"] for f in figures["folds"]] == [0, 1, 2, 3, 4]
    assert all(set(f["train_folds"]) == set(range(5)) - {f["fold"]} for f in figures["folds"])
    assert sum(f["records"] for f in figures["folds"]) == len(evaluate.load_ner(NER))
    assert json.loads((SHIPPED / CROSS_VALIDATION).read_text(encoding="utf-8")) == figures  # shipped with the model
    for name in ("model", "pipeline"):
        f1 = [f[name]["overall"]["f1"] for f in figures["folds"]]
        assert abs(figures["mean"][name]["f1"] - statistics.mean(f1)) < 1e-3
        assert abs(figures["mean"][name]["f1_sd"] - statistics.stdev(f1)) < 1e-3


def test_the_shipped_model_is_scored_on_the_fold_it_never_saw_only() -> None:
    records = evaluate.load_ner(NER)
    chosen, subset = evaluate.ner_subset(records, pipeline("ja"))
    assert subset == "855 records held out from training" and {r.index % 5 for r in chosen} == {0}
    result = CliRunner().invoke(main, ["eval", "--ner", str(NER), "--ner-limit", "20"])
    assert result.exit_code == 0, result.output
    assert "(855 records held out from training; scored 20" in result.output and "not scored" not in result.output


def test_a_fold_the_model_saw_is_not_scored_but_the_ginza_baseline_is() -> None:
    result = CliRunner().invoke(main, ["eval", "--ner", str(NER), "--ner-fold", "3", "--raw-ner", "--ner-limit", "30"])
    assert result.exit_code == 0, result.output
    refusal = [line for line in result.output.splitlines() if "not scored" in line]
    assert len(refusal) == 1 and "(fold 3: the trained NER model was trained on it" in refusal[0], result.output
    assert any(line.strip().startswith("mean") and "±" in line for line in result.output.splitlines())
    assert "GiNZA's entities through the label table only (baseline; fold 3: 855 records)" in result.output
    assert result.output.count("typed spans") == 1  # the baseline's, nothing of the trained model
    assert "the trained component alone" not in result.output


def test_a_model_that_saw_every_fold_prints_the_cross_validated_figures_instead(tmp_path: Path) -> None:
    # The shipped weights in a directory whose training.json says they saw all five folds, with the recipe's
    # cross-validation beside them: what is tested is what evaluation does with what a model says it saw.
    model = tmp_path / "all-folds"
    shutil.copytree(SHIPPED, model)
    training = json.loads((model / "training.json").read_text(encoding="utf-8"))
    training.update(train_folds=[0, 1, 2, 3, 4], held_out_folds=[], version="all-folds-test")
    (model / "training.json").write_text(json.dumps(training), encoding="utf-8")
    shutil.copy(CV, model / CROSS_VALIDATION)
    nlp = build_pipeline("ja", ner_path=model)
    assert nlp.meta["harbour_training"]["version"] == "all-folds-test"
    assert evaluate.ner_subset(evaluate.load_ner(NER), nlp)[0] == []

    runner = CliRunner()
    result = runner.invoke(main, ["eval", "--ner", str(NER), "--ner-model", str(model)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    refusal = [line for line in lines if "not scored" in line]
    assert len(refusal) == 1 and "trained on folds 0-4" in refusal[0], result.output
    assert "typed spans" not in result.output
    assert any(line.strip().startswith("mean") and "±" in line for line in lines), result.output
    figures = json.loads(runner.invoke(main, ["eval", "--ner", str(NER), "--ner-model", str(model), "--json"]).output)
    assert figures["ner"]["scored"] is False
    assert figures["ner"]["cross_validation"] == json.loads(CV.read_text(encoding="utf-8"))
    result = runner.invoke(main, ["eval", "--ner", str(NER), "--ner-model", str(model), "--ner-fold", "0"])
    assert "not scored (fold 0: the trained NER model was trained on it" in result.output
