"""The ``harbour`` command: extract, load, query, serve, and manage documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from harbour.config import DEFAULT_STORE, Settings


def _settings(ctx: click.Context, **overrides: object) -> Settings:
    return Settings.from_env(store=ctx.obj["store"], base=ctx.obj["base"], **overrides)


def _open_store(settings: Settings):
    from harbour.graph.store import HarbourStore, StoreError

    try:
        store = HarbourStore(settings.store)
        store.ensure_ontology()
        return store
    except StoreError as error:
        raise click.ClickException(str(error)) from error


@click.group()
@click.version_option(package_name="harbour")
@click.option("--store", envvar="HARBOUR_STORE", default=DEFAULT_STORE, show_default=True,
              help="Path of the on-disk store, or the http(s) URL of a SPARQL 1.1 server (env HARBOUR_STORE).")
@click.option("--base", envvar="HARBOUR_BASE", default=None,
              help="Base IRI entities and documents are minted under (env HARBOUR_BASE).")
@click.pass_context
def main(ctx: click.Context, store: str, base: str | None) -> None:
    """Harbour: knowledge graphs from documents, every fact traceable to its sentence."""
    ctx.obj = {"store": store, "base": base}


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["turtle", "trig", "nquads", "jsonld"]), default="turtle",
              show_default=True)
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None, help="Override language detection.")
@click.option("--gazetteer", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Curator gazetteer (CSV or Turtle) of known entities; see docs/extraction.md.")
@click.pass_context
def extract(ctx: click.Context, files: tuple[Path, ...], format_name: str, lang: str | None,
            gazetteer: Path | None) -> None:
    """Print the RDF extracted from FILES (TriG and N-Quads keep one graph per document)."""
    from harbour.extract import Extractor
    from harbour.gazetteer_file import gazetteer_option
    from harbour.graph.documents import DocumentReadError, expand_paths, read_document
    from harbour.graph.store import serialize_triples
    from harbour.graph.terms import quads

    settings = _settings(ctx)
    extractor = Extractor(settings.base, gazetteer=gazetteer_option(gazetteer))
    all_quads = []
    failed = False
    for path in expand_paths(files):
        try:
            extraction = extractor.extract(read_document(path, lang=lang))
        except (DocumentReadError, ValueError) as error:
            click.echo(f"error: {error}", err=True)
            failed = True
            continue
        all_quads.extend(quads(extraction.triples, extraction.iri))
    serialize_triples(all_quads, format_name, sys.stdout.buffer)
    sys.stdout.flush()
    if failed:
        sys.exit(1)


@main.command()
@click.argument("sparql")
@click.option("--format", "format_name", default=None,
              help="json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT/DESCRIBE).")
@click.pass_context
def query(ctx: click.Context, sparql: str, format_name: str | None) -> None:
    """Run a SPARQL query against the store (default graph = union of all graphs)."""
    from harbour.graph.store import GRAPH_FORMATS, SOLUTION_FORMATS, QueryError

    store = _open_store(_settings(ctx))
    solutions = format_name if format_name in SOLUTION_FORMATS else "tsv"
    graph = format_name if format_name in GRAPH_FORMATS else "turtle"
    try:
        outcome = store.run_query(sparql, {"solutions": solutions, "boolean": solutions, "graph": graph})
    except QueryError as error:
        raise click.ClickException(f"malformed query: {error}") from error
    sys.stdout.buffer.write(outcome.body)
    if not outcome.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=32, show_default=True, type=int,
              help="Threads of the WSGI server (a thread waits while a query worker evaluates).")
@click.option("--read-only", is_flag=True, help="Refuse every write, token or not (env HARBOUR_READ_ONLY).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="File holding the bearer token that writes need (or env HARBOUR_TOKEN / HARBOUR_TOKEN_FILE).")
@click.option("--query-timeout", type=float, default=None, help="Seconds a query may run [30].")
@click.option("--result-limit", type=int, default=None, help="Rows (or triples) an answer may have [100000].")
@click.option("--query-workers", type=int, default=None, help="Queries evaluated at once, one process each [16].")
@click.option("--query-memory", type=int, default=None, help="MB all running queries may use together [2048].")
@click.option("--max-body", type=float, default=None, help="MB a request body may have [16].")
@click.option("--allow-service", is_flag=True, default=None,
              help="Let SERVICE and LOAD fetch URLs (federated queries); off by default.")
@click.option("--cors-origins", default=None, help='Origins allowed by CORS: "*" [default], a comma list, or "".')
@click.option("--union-default-graph/--no-union-default-graph", default=None,
              help="SPARQL's default graph is the union of all graphs [on]; off: the store's own default graph.")
@click.option("--extract-timeout", type=click.FloatRange(min=0), default=None,
              help="Seconds an uploaded short document may take to extract, plus a tenth per 1,000 characters; "
                   "past it the upload is 422 and the extraction worker is replaced; 0: no limit [30].")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, threads: int, read_only: bool, token_file: str | None,
          query_timeout: float | None, result_limit: int | None, query_workers: int | None, query_memory: int | None,
          max_body: float | None, allow_service: bool | None, cors_origins: str | None,
          union_default_graph: bool | None, extract_timeout: float | None) -> None:
    """Serve the SPARQL endpoint, graph store, query page and entity pages with waitress."""
    import signal

    from waitress import serve as waitress_serve

    from harbour.server.app import Harbour
    from harbour.server.documents import start_extraction_worker
    from harbour.server.serving import prepare_for_waitress

    token = Path(token_file).read_text(encoding="utf-8").strip() if token_file else None
    settings = _settings(ctx, read_only=True if read_only else None, token=token, query_timeout=query_timeout,
                         result_limit=result_limit, query_workers=query_workers, query_memory_mb=query_memory,
                         max_body_mb=max_body, allow_service=allow_service, cors_origins=cors_origins,
                         union_default_graph=union_default_graph, extract_timeout=extract_timeout)
    harbour = Harbour(settings, _open_store(settings))
    harbour.start_query_workers()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # unwind, so the workers and snapshots are cleaned up
    prepare_for_waitress()  # queue warnings at most every 10 s (issue 8's wedge); SIGUSR1 dumps every thread
    writes = "read-only" if settings.read_only or not settings.token else "writes need a bearer token"
    click.echo(f"Harbour serving {settings.store} on http://{host}:{port}/ ({writes}; queries: "
               f"{settings.query_timeout:g} s, {settings.query_workers} at once, {settings.query_memory_mb} MB)",
               err=True)
    app = harbour.app()
    if settings.token and not settings.read_only:
        start_extraction_worker(app)  # the pipelines load while the server starts, so no upload waits for them
    try:
        # waitress's own body limit is a backstop above the app's, which answers 413 with CORS headers.
        waitress_serve(app, host=host, port=port, threads=threads, ident="harbour",
                       max_request_body_size=int(settings.max_body_mb * 2**20) * 2 + 65536)
    finally:
        harbour.close()


from harbour.documents_cli import COMMANDS as DOCUMENT_COMMANDS  # noqa: E402  (load, delete, docs, reextract, dump, restore)
from harbour.eval_cli import eval_command  # noqa: E402  (its own module; registered here)

main.add_command(eval_command)
for _command in DOCUMENT_COMMANDS:
    main.add_command(_command)

from harbour.search_cli import COMMANDS as SEARCH_COMMANDS  # noqa: E402  (search, reindex)

for _command in SEARCH_COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
