"""``harbour eval``: extraction scored against gold files and the Japanese NER data."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

DEFAULT_NER = Path("tests/data/ner-wikipedia-ja/dev.json")


@click.command("eval")
@click.argument("gold_files", nargs=-1, type=click.Path(exists=True, dir_okay=True, path_type=Path))
@click.option("--ner", "ner_path", type=click.Path(path_type=Path), default=None,
              help=f"NER data (JSON) to score typed spans on, e.g. {DEFAULT_NER}.")
@click.option("--ner-limit", type=int, default=None, help="Score only the first N NER records (quick runs).")
@click.option("--ner-fold", type=int, default=None,
              help="Score NER on this fold (record index mod 5) instead of the records no model was trained on.")
@click.option("--ner-model", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="With --ner: this trained NER model directory in place of the shipped one "
                   "(e.g. training/work/model, written by training/train_ner.py).")
@click.option("--raw-ner", is_flag=True, help="Also score GiNZA's own entities through the label table (baseline).")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Curator gazetteer (CSV or Turtle) passed to the extractor.")
@click.option("--splits", default=None, help="Only gold files of these splits (comma-separated: sample,tune,heldout).")
@click.option("--details/--no-details", default=False, help="List every miss and every wrong prediction.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def eval_command(ctx: click.Context, gold_files: tuple[Path, ...], ner_path: Path | None, ner_limit: int | None,
                 ner_fold: int | None, ner_model: Path | None, raw_ner: bool, gazetteer: Path | None, splits: str | None, details: bool,
                 as_json: bool) -> None:
    """Score extraction on GOLD_FILES (JSON, or folders of them) and, with --ner, on the NER data."""
    from harbour import evaluate
    from harbour.extract import Extractor
    from harbour.gazetteer_file import gazetteer_option

    if not gold_files and ner_path is None:
        raise click.UsageError("give gold files and/or --ner")
    paths = [p for f in gold_files for p in (sorted(f.glob("*.json")) if f.is_dir() else [f])]
    try:
        golds = [evaluate.load_gold(p) for p in paths]
        if splits:
            golds = [g for g in golds if g.split in splits.split(",")]
    except evaluate.GoldFileError as error:
        raise click.ClickException(str(error)) from error
    extractor = Extractor(gazetteer=gazetteer_option(gazetteer))
    result: dict = {}
    out: list[str] = []
    if golds:
        reports = evaluate.extract_gold(golds, extractor)
        summaries = evaluate.summarise(reports)
        result["gold"] = {split: s.as_dict() for split, s in summaries.items()}
        result["documents"] = {r.doc_id: r.notes for r in reports}
        for split in [s for s in ("sample", "tune", "heldout") if s in summaries] + ["all"]:
            summary = summaries[split]
            out.append(f"== gold: {split} ({summary.documents} documents)")
            out += summary.lines()
        if details:
            for report in reports:
                out.append(f"-- {report.doc_id} [{report.split}]")
                out += [f"   {note}" for note in report.notes]
            out.append("== relation errors by type")
            for kind, notes in evaluate.relation_errors_by_type(reports).items():
                out.append(f"-- {kind}: {len(notes)}")
                out += [f"   {note}" for note in notes]
    if ner_path is not None:
        from harbour.extract.pipeline import build_pipeline, pipeline

        records = evaluate.load_ner(ner_path)
        nlp = (build_pipeline("ja", extractor.gazetteer, ner_path=ner_model) if ner_model
               else pipeline("ja", extractor.gazetteer))
        chosen, subset = evaluate.ner_subset(records, nlp, ner_fold)
        chosen = chosen[:ner_limit] if ner_limit else chosen
        started = time.perf_counter()
        scored = bool(chosen)
        if scored:
            predictions = evaluate.predict_ner([r.text for r in chosen], nlp)
            report = evaluate.score_ner(chosen, predictions, subset)
            result["ner"] = report.as_dict()
            out.append(f"== NER data: {ner_path} ({subset}; scored {len(chosen)}, "
                       f"{time.perf_counter() - started:.0f} s)")
            out += report.lines()
        else:
            out += not_scored(ner_path, subset, nlp.meta.get("harbour_cross_validation"), result)
        if raw_ner:
            # GiNZA never saw these records: its baseline is scored even where the trained model is not.
            if not scored:
                chosen, subset = evaluate.fold_records(records, ner_fold)
                chosen = chosen[:ner_limit] if ner_limit else chosen
            texts = [r.text for r in chosen]
            raw = evaluate.score_ner(chosen, evaluate.predict_ner(texts, nlp, source="raw"), subset)
            result["ner_raw_ginza"] = raw.as_dict()
            out.append(f"== NER data, GiNZA's entities through the label table only (baseline; {subset})")
            out += raw.lines()
            if "harbour_ner" in nlp.pipe_names and scored:
                trained = evaluate.score_ner(chosen, evaluate.predict_ner(texts, nlp, source="trained"), subset)
                result["ner_trained_only"] = trained.as_dict()
                out.append("== NER data, the trained component alone")
                out += trained.lines()
    if as_json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        click.echo("\n".join(out))


def not_scored(ner_path: Path, subset: str, cross_validation: dict | None, result: dict) -> list[str]:
    """Why the NER data was not scored (the trained model saw those records), and the cross-validated figures
    shipped with the model in place of a score it would have inflated."""
    from harbour import evaluate

    result["ner"] = {"scored": False, "reason": subset, "cross_validation": cross_validation}
    out = [f"== NER data: {ner_path}: not scored ({subset}; a score on records it learnt from would be inflated)"]
    if cross_validation:
        out += evaluate.cross_validation_lines(cross_validation)
    else:
        out.append("  no cross-validated figures were shipped with the model")
    return out
