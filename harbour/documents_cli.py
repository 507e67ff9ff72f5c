"""Curators' commands: load, delete, docs, reextract, dump, restore (registered on ``harbour`` in cli.py)."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from harbour.cli import _open_store, _settings

JOBS_HELP = "Extraction processes (each loads the spaCy pipelines once); the store has one writer."
DASK_HELP = ("Extract on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a LocalCluster of "
             "--jobs workers (env HARBOUR_DASK); results come back to this process, the only writer.")
dask_option = click.option("--dask", "dask_address", envvar="HARBOUR_DASK", default=None, metavar="ADDRESS",
                           help=DASK_HELP)
extract_timeout_option = click.option(
    "--extract-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
    help="Seconds a short document may take to extract, plus a tenth of that per 1,000 characters; past it the "
         "document fails and its worker process is killed (on Dask workers too); 0: no limit "
         "(env HARBOUR_EXTRACT_TIMEOUT) [30].")


gazetteer_path_option = click.option(
    "--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
    help="Curator gazetteer (CSV or Turtle) of known entities; see docs/extraction.md. "
         "With --dask it is read here and sent to the workers.")


def _pool(dask_address: str | None, jobs: int, extract_timeout: float, gazetteer=None):
    """The extraction pool factory for ``load_documents``: killable local worker processes (``--jobs``, even
    with one job, so the time limit always applies), or a Dask cluster (the same limit and gazetteer)."""
    if not dask_address:
        from harbour.graph.extraction_workers import extraction_workers

        return extraction_workers(jobs, extract_timeout, gazetteer)
    from harbour.graph.executors import dask_pool

    return dask_pool(dask_address, workers=jobs, timeout=extract_timeout, gazetteer=gazetteer)


@contextlib.contextmanager
def _progress(total: int | None, desc: str, verbose: bool) -> Iterator[Callable[[object], None]]:
    """A progress bar on stderr (documents/s); with ``verbose`` also one line per document."""
    from tqdm import tqdm

    with tqdm(total=total, unit="doc", desc=desc, disable=None, file=sys.stderr, smoothing=0.1) as bar:
        def advance(outcome) -> None:
            bar.update(1)
            if verbose:
                bar.write(f"{outcome.status}: {outcome.doc_id or outcome.reason}", file=sys.stderr)
        yield advance


def _finish(report, store=None) -> None:
    """Report a load; after one that wrote a large share of the store, compact the store first."""
    if store is not None:
        from harbour.graph.documents import compact_after_load

        started = time.perf_counter()
        if compact_after_load(store, report):
            click.echo(f"compacted the store in {time.perf_counter() - started:.1f} s", err=True)
    for reason in report.skipped:
        click.echo(f"skipped: {reason}", err=True)
    for reason in report.failed:
        click.echo(f"error: {reason}", err=True)
    click.echo(report.summary(), err=True)
    if not report.ok:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--id", "doc_id", default=None, help="Document id (one document only); default: its path.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None, help="Override language detection.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help=JOBS_HELP)
@click.option("--validate/--no-validate", default=True, show_default=True, help="Check SHACL shapes before writing.")
@click.option("--verbose", "-v", is_flag=True, help="One line per document as it is written.")
@dask_option
@extract_timeout_option
@gazetteer_path_option
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], doc_id: str | None, lang: str | None, jobs: int,
         validate: bool, verbose: bool, dask_address: str | None, extract_timeout: float | None,
         gazetteer: Path | None) -> None:
    """Load documents into the store: each document whole or absent, also after a crash.

    PATHS are files, folders (recursively), globs, or - for standard input. Text, Markdown, HTML,
    PDF and JSONL ({"id", "text", "title", "date", "source", "lang"} per line) are read; other files
    are skipped with a message. Same content again is "unchanged"; new content under an id replaces it.
    """
    from harbour.extract import Extractor
    from harbour.gazetteer_file import gazetteer_option
    from harbour.graph.documents import count_inputs, load_documents, read_inputs

    known = gazetteer_option(gazetteer)
    settings = _settings(ctx, extract_timeout=extract_timeout)
    total = count_inputs(paths)
    if doc_id and (len(paths) != 1 or total not in (1, None)):
        raise click.UsageError("--id names one document: give exactly one file (or -) holding one document")
    store = _open_store(settings)
    with _progress(total, "loading", verbose) as advance:
        report = load_documents(store, Extractor(settings.base, gazetteer=known),
                                read_inputs(paths, doc_id=doc_id, lang=lang),
                                validate_shapes=validate, jobs=jobs, on_progress=advance,
                                pool=_pool(dask_address, jobs, settings.extract_timeout, known),
                                exclusive=True)  # this process holds the store: nothing reads it meanwhile
    _finish(report, store)


@click.command()
@click.argument("doc_ids", nargs=-1, required=True)
@click.pass_context
def delete(ctx: click.Context, doc_ids: tuple[str, ...]) -> None:
    """Delete documents by id; entities no other document mentions go with them."""
    from harbour.graph.documents import delete_document

    settings = _settings(ctx)
    store = _open_store(settings)
    missing = [d for d in doc_ids if not delete_document(store, settings.base, d)]
    for doc_id in missing:
        click.echo(f"error: no document with id {doc_id!r}", err=True)
    store.flush()
    click.echo(f"{len(doc_ids) - len(missing)} deleted, {len(missing)} not found", err=True)
    if missing:
        sys.exit(1)


_COLUMNS = ["id", "title", "language", "date", "loaded", "extractor_version", "mentions", "entities", "facts"]
_HEADINGS = ["id", "title", "lang", "date", "loaded", "extractor", "mentions", "entities", "facts"]


@click.command()
@click.option("--format", "format_name", type=click.Choice(["table", "json", "csv", "tsv"]), default="table",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many documents (a page, as GET /documents gives it); default: all.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many documents first (with --limit).")
@click.pass_context
def docs(ctx: click.Context, format_name: str, limit: int | None, offset: int) -> None:
    """List documents: title, language, source, loaded time, extractor version, counts."""
    from harbour.graph.catalog import document_page, list_documents

    store = _open_store(_settings(ctx))
    if limit is None and not offset:
        documents, total = list_documents(store), None
    else:
        page = document_page(store, limit or 2**31, offset)
        documents, total = page.documents, page.total
    if format_name == "json":
        click.echo(json.dumps([d.to_json() for d in documents], ensure_ascii=False, indent=2))
        return
    if format_name in ("csv", "tsv"):
        fields = list(documents[0].to_json()) if documents else _COLUMNS
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, delimiter="," if format_name == "csv" else "\t",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(d.to_json() for d in documents)
        return
    rows = [_HEADINGS] + [["" if (v := d.to_json()[c]) is None else str(v) for c in _COLUMNS] for d in documents]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    for row in rows:
        click.echo("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths)).rstrip())
    shown = f"{len(documents)} documents" if total is None else (
        f"documents {offset + 1}-{offset + len(documents)} of {total}" if documents else f"no documents past {offset} of {total}")
    click.echo(shown, err=True)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@click.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help=JOBS_HELP)
@click.option("--validate/--no-validate", default=True, show_default=True, help="Check SHACL shapes before writing.")
@click.option("--verbose", "-v", is_flag=True, help="One line per document as it is written.")
@dask_option
@extract_timeout_option
@gazetteer_path_option
@click.pass_context
def reextract(ctx: click.Context, jobs: int, validate: bool, verbose: bool, dask_address: str | None,
              extract_timeout: float | None, gazetteer: Path | None) -> None:
    """Rebuild every document extracted by another extractor version, from its stored text.

    Each document is replaced in its own transaction, so an interrupted run resumes where it stopped.
    """
    from harbour.extract import EXTRACTOR_VERSION, Extractor
    from harbour.gazetteer_file import gazetteer_option
    from harbour.graph.catalog import stale_documents, stored_documents
    from harbour.graph.documents import load_documents

    known = gazetteer_option(gazetteer)
    settings = _settings(ctx, extract_timeout=extract_timeout)
    store = _open_store(settings)
    stale = stale_documents(store)
    if not stale:
        click.echo(f"every document is up to date (extractor {EXTRACTOR_VERSION})", err=True)
        return
    click.echo(f"{len(stale)} documents to re-extract with extractor {EXTRACTOR_VERSION}", err=True)
    with _progress(len(stale), "re-extracting", verbose) as advance:
        report = load_documents(store, Extractor(settings.base, gazetteer=known), stored_documents(store, stale),
                                validate_shapes=validate, jobs=jobs, on_progress=advance,
                                pool=_pool(dask_address, jobs, settings.extract_timeout, known),
                                exclusive=True)  # this process holds the store: nothing reads it meanwhile
    _finish(report, store)


@click.command()
@click.option("--format", "format_name", type=click.Choice(["nquads", "trig"]), default="nquads", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.pass_context
def dump(ctx: click.Context, format_name: str, output: Path | None) -> None:
    """Write the whole store (every document graph and the ontology), streaming."""
    store = _open_store(_settings(ctx))
    if output is None:
        store.dump(sys.stdout.buffer, format_name)
        sys.stdout.buffer.flush()
        return
    with output.open("wb") as stream:
        store.dump(stream, format_name)


_DUMP_SUFFIXES = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["nquads", "trig"]), default=None,
              help="Default: from the file's suffix (.nq, .trig).")
@click.pass_context
def restore(ctx: click.Context, file: Path, format_name: str | None) -> None:
    """Load a dump into an empty store (fast bulk load; rerun on an emptied store if interrupted)."""
    format_name = format_name or _DUMP_SUFFIXES.get(file.suffix.lower())
    if format_name is None:
        raise click.UsageError(f"cannot tell the format of {file.name}: give --format nquads or --format trig")
    store = _open_store(_settings(ctx))
    if held := len(store.document_iris()):
        raise click.ClickException(f"the store already holds {held} documents: restore into an empty store "
                                   "(or delete them first)")
    store.restore(file, format_name)
    store.flush()
    click.echo(f"restored {len(store.document_iris())} documents, {len(store)} quads", err=True)


COMMANDS = [load, delete, docs, reextract, dump, restore]
