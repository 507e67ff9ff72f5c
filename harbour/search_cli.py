"""Entity search from the command line: ``harbour search`` and ``harbour reindex`` (registered in cli.py)."""

from __future__ import annotations

import json
import sys
import time

import click

from harbour.cli import _open_store, _settings


@click.command()
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Rebuild the entity search index from the store.

    The index (``<store>.search.sqlite`` beside the store) is derived data: loads and deletes keep it
    up to date and the server rebuilds it when it finds it stale, so this is only needed by hand
    after copying a store without its index, or to check how long a rebuild takes.
    """
    store = _open_store(_settings(ctx))
    started = time.perf_counter()
    count = store.search.rebuild(store)
    where = store.search.path or "memory"
    click.echo(f"indexed {count} entities in {time.perf_counter() - started:.2f} s ({where})", err=True)


@click.command("search")
@click.argument("text", required=False, default="")
@click.option("--class", "classes", multiple=True, help="Only entities of this class (Person, Organization …); "
              "repeat for several.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--format", "format_name", type=click.Choice(["tsv", "json"]), default="tsv", show_default=True)
@click.pass_context
def search_command(ctx: click.Context, text: str, classes: tuple[str, ...], limit: int, format_name: str) -> None:
    """Find entities whose label or alias contains TEXT (any script; exact, then prefix, then substring)."""
    store = _open_store(_settings(ctx))
    found = store.search.search(text, classes, limit=limit, store=store)
    if format_name == "json":
        json.dump({"total": found.total, "items": [hit.as_json() for hit in found.hits]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    click.echo("label\tclasses\tmentions\tmatch\tiri")
    for hit in found.hits:
        click.echo(f"{hit.label}\t{','.join(hit.classes)}\t{hit.mentions}\t{hit.match}\t{hit.iri}")


COMMANDS = [reindex, search_command]
