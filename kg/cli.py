"""The `kg` command: build the graph, query it, validate triples against its shapes.

Exit codes: 0 success (or conforms), 1 the data does not conform, 2 bad input or usage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.errors import KgError
from kg.query.formats import EXPORT_FORMATS, EXPORT_INCLUDES
from kg.query.results import FORMATS
from kg.settings import ServerSettings, Settings, settings_of

_PATH = click.Path(path_type=Path)


def setting_options(settings_class: type) -> Callable[[Callable], Callable]:
    """An option for each setting of the class, its help naming its environment variable and
    default from the setting itself (kg.settings). Options default to None, so that a setting
    left out comes from the environment, then the default (Settings.from_env)."""

    def decorate(command: Callable) -> Callable:
        for info in reversed(settings_of(settings_class)):
            kind = type(info.default)
            command = click.option(
                info.option,
                type=_PATH if kind is Path or issubclass(kind, Path) else kind,
                metavar=info.metavar,
                help=f"{info.help} [env {info.envvar}; default {info.shown_default}]",
            )(command)
        return command

    return decorate


def input_file(path: Path, what: str = "file") -> Path:
    """A file the user names as input, refused before anything is read or written when it is
    missing, a directory or empty: each would otherwise fail later with a traceback, or (an
    empty report) be added as if it were one."""
    if path.is_dir():
        raise KgError(f"{path}: is a directory; give a {what}")
    if not path.is_file():
        raise KgError(f"{path}: no such {what}")
    with open(path, "rb") as handle:
        while chunk := handle.read(64 * 1024):
            if chunk.strip():
                return path
    raise KgError(f"{path}: the file is empty")


class KgCommand(click.Group):
    """Turns the project's errors into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(2)


@click.group(cls=KgCommand)
@setting_options(Settings)
@click.version_option(package_name="police-inspection-kg")
@click.pass_context
def main(ctx: click.Context, **folders: Path | None) -> None:
    """A knowledge graph of police inspection reports, with evidence for every fact."""
    ctx.obj = Settings.from_env(**folders)


@main.command()
@click.pass_obj
def build(settings: Settings) -> None:
    """Extract facts from every report in seeds/, validate them, write the graph."""
    from kg.graph.build import build as run_build
    from kg.graph.validate import format_report

    result = run_build(settings)
    summary = result.summary
    click.echo(
        f"Built {summary['triples']} triples in {summary['named_graphs']} named graphs: "
        f"{summary['reports']} reports, {summary['inspections']} inspections, "
        f"{summary['judgments']} judgments, {summary['findings']} findings."
    )
    for note in summary["notes"]:
        click.echo(f"note: {note}")
    click.echo(format_report(result.validation))
    if not result.validation.conforms:
        click.echo("The graph was not written: fix the violations above.", err=True)
        sys.exit(1)
    click.echo(f"Wrote {settings.graph_file}")


@main.command()
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A named query's parameter (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_obj
def query(settings: Settings, query: str, params: tuple[str, ...], fmt: str) -> None:
    """Run QUERY: a named query from queries/, a .rq file, or SPARQL text."""
    from kg.curation.log import CurationLog
    from kg.query.named import resolve_query
    from kg.query.stores.oxigraph_store import OxigraphStore

    if query.endswith(".rq") and Path(query).exists():
        input_file(Path(query))  # the user's own query file
    text, bindings = resolve_query(settings.queries_dir, query, params)
    if not settings.graph_file.exists():
        raise KgError(f"{settings.graph_file}: no built graph; run `kg build` first")
    # The engine the service answers with (Oxigraph), over the build and curated submissions.
    store = OxigraphStore(settings.graph_file, CurationLog(settings.curation_file))
    click.echo(store.text_answer(text, fmt, bindings), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=_PATH)
@click.pass_obj
def validate(settings: Settings, files: tuple[Path, ...]) -> None:
    """Validate triples in FILES (Turtle, N-Triples, JSON-LD) against the shapes, with the
    built graph as context. Nothing is stored."""
    from rdflib import Graph

    from kg.curation.curator import Curator
    from kg.graph.parsing import parse_rdf_file
    from kg.graph.validate import format_report

    for path in files:
        input_file(path)
    submitted = Graph()
    texts = []
    for path in files:
        submitted += parse_rdf_file(path)
        texts.append(path.read_text(encoding="utf-8"))
    source = str(files[0]) if len(files) == 1 else "the files"
    text = texts[0] if len(files) == 1 else None
    report = Curator(settings).check(submitted, text, source)
    click.echo(f"Validated {len(submitted)} triples from {len(files)} file(s).")
    click.echo(format_report(report))
    sys.exit(0 if report.conforms else 1)


@main.group()
def curate() -> None:
    """Curated triples: submit, list, show and revert. Accepted submissions are kept in the
    data folder's curation log, each as a named graph, and join every later build and serve."""


@curate.command(name="add")
@click.argument("file", type=_PATH)
@click.option("--author", help="Who submits it [default: the login name].")
@click.option("--comment", default="", help="Why: a note kept with the submission.")
@click.pass_obj
def curate_add(settings: Settings, file: Path, author: str | None, comment: str) -> None:
    """Check FILE (Turtle, N-Triples, JSON-LD) against the shapes in the context of the whole
    graph; accept it as a submission of its own, or reject it with the full report. Exit 0
    accepted (or already there), 1 rejected, 2 bad input."""
    from kg.curation.curator import Curator
    from kg.graph.parsing import parse_rdf_file
    from kg.graph.validate import format_report

    submitted = parse_rdf_file(input_file(file))
    text = file.read_text(encoding="utf-8")
    outcome = Curator(settings).submit(submitted, author or _login(), comment, text, str(file))
    if outcome.status == "duplicate":
        assert outcome.event is not None
        click.echo(
            f"Nothing to do: the same {outcome.event.triple_count} triples were accepted as "
            f"submission {outcome.event.id} on {outcome.event.created}."
        )
        return
    assert outcome.report is not None
    if not outcome.accepted:
        click.echo(format_report(outcome.report))
        click.echo(f"Rejected: {file} was not stored; fix the violations above.", err=True)
        sys.exit(1)
    assert outcome.event is not None
    click.echo(
        f"Accepted {outcome.event.triple_count} triples as submission {outcome.event.id} "
        f"(graph <{outcome.event.graph}>, {outcome.event.content_hash})."
    )
    if outcome.report.warnings:
        click.echo(format_report(outcome.report))


@curate.command(name="table")
@click.argument("table", type=_PATH)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Turtle file.")
@click.pass_obj
def curate_table(settings: Settings, table: Path, out: Path | None) -> None:
    """Turn a hand-written table of stated relations (seeds/curated/*.tsv: id | report | line |
    subject | type | object | role | quote) into curated Turtle with evidence, each quote found
    in its report from the line given. Writes to standard output without --out."""
    from kg.curation.table import generate

    text = generate(input_file(table), settings.seeds_dir, settings.ontology_dir / "kg.ttl")
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@curate.command(name="list")
@click.pass_obj
def curate_list(settings: Settings) -> None:
    """The history of submissions and reverts, oldest first."""
    from kg.curation.log import CurationLog

    log = CurationLog(settings.curation_file)
    events = log.events()
    if not events:
        click.echo("No curated submissions yet.")
        return
    reverted = {e.reverts: e.id for e in events if e.kind == "revert"}
    for event in events:
        if event.kind == "add":
            state = f"reverted by {reverted[event.id]}" if event.id in reverted else "active"
            what = f"submission, {event.triple_count} triples, {state}"
        else:
            what = f"revert of submission {event.reverts}"
        note = f" - {event.comment}" if event.comment else ""
        click.echo(f"{event.id:>4}  {event.created}  {event.author}  {what}{note}")


@curate.command(name="show")
@click.argument("event_id", type=int)
@click.pass_obj
def curate_show(settings: Settings, event_id: int) -> None:
    """One event of the history; for a submission, its triples as N-Triples."""
    from kg.curation.log import CurationLog

    log = CurationLog(settings.curation_file)
    event = log.get(event_id)
    click.echo(f"# event {event.id}: {event.kind} by {event.author} at {event.created}")
    if event.comment:
        click.echo(f"# comment: {event.comment}")
    if event.kind == "revert":
        click.echo(f"# reverts submission {event.reverts}")
        return
    undone = log.reverted_by(event.id)
    click.echo(f"# graph <{event.graph}>, {event.triple_count} triples, {event.content_hash}")
    click.echo(f"# reverted by event {undone.id}" if undone else "# active")
    click.echo(event.triples or "", nl=False)


@curate.command(name="revert")
@click.argument("event_id", type=int)
@click.option("--author", help="Who reverts it [default: the login name].")
@click.option("--comment", default="", help="Why.")
@click.pass_obj
def curate_revert(settings: Settings, event_id: int, author: str | None, comment: str) -> None:
    """Undo submission EVENT_ID; the revert is recorded in the history too."""
    from kg.curation.curator import Curator

    revert = Curator(settings).revert(event_id, author or _login(), comment)
    click.echo(f"Reverted submission {event_id} (event {revert.id}).")


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


@main.command()
@setting_options(ServerSettings)
@click.pass_obj
def serve(settings: Settings, **options: object) -> None:
    """Serve the graph over HTTP (SPARQL endpoint, named queries, validation, exports and the
    web page at /), building it from seeds/ first if the data folder holds no build of the
    current inputs."""
    from kg.server.run import serve as run_server

    try:
        server = ServerSettings.from_env(**options)
    except ValueError as error:
        raise KgError(str(error)) from None
    run_server(settings, server, echo=click.echo)


@main.command()
@click.argument("graph_store_url")
@click.option(
    "--store-credentials",
    type=_PATH,
    envvar="KG_STORE_CREDENTIALS",
    help="A file of NAME=value lines (KG_STORE_USER, KG_STORE_PASSWORD, KG_STORE_TOKEN, "
    "KG_STORE_AUTH=basic or digest); without it, those variables from the environment.",
)
@click.pass_obj
def push(settings: Settings, graph_store_url: str, store_credentials: Path | None) -> None:
    """Load the built graph (with accepted curated submissions) into a SPARQL store through
    its Graph Store Protocol endpoint GRAPH_STORE_URL (Oxigraph: http://HOST:7878/store;
    Fuseki: http://HOST:3030/DATASET/data): one PUT per named graph, replacing what the store
    held under that name, tried again on connection errors and 5xx answers."""
    from kg.endpoint import endpoint_address, read_credentials
    from kg.graph.files import load_built
    from kg.graph.push import push as push_graphs

    endpoint_address(graph_store_url)
    credentials = read_credentials(store_credentials)
    pushed = push_graphs(load_built(settings), graph_store_url, credentials)
    for name, size in pushed:
        click.echo(f"{size:>8} triples  <{name}>")
    click.echo(f"Pushed {len(pushed)} graphs to {graph_store_url}.")


@main.command()
@click.argument("file", type=_PATH)
@click.option("--title", required=True, help="The report's title.")
@click.option("--publisher", required=True, help="Its publisher: a name or acronym (HMIC).")
@click.option("--date", help="Its date as the text states it.")
@click.option("--force", "force", help="The force it is about: checked against the text.")
@click.option("--programme", help="Its inspection programme: checked against the text.")
@click.option("--year", type=int, help="Its inspection year: checked against the text.")
@click.pass_obj
def add(
    settings: Settings,
    file: Path,
    title: str,
    publisher: str,
    date: str | None,
    force: str | None,
    programme: str | None,
    year: int | None,
) -> None:
    """Copy FILE into seeds/, add it to the manifest and rebuild only its named graph. A
    report that does not build leaves seeds/ and the graph as they were. The force,
    programme, year and publisher are read from the text; what is given that the text
    contradicts is refused."""
    from kg.graph.add import Stated, add_report
    from kg.graph.validate import format_report

    stated = Stated(force, programme, year)
    result = add_report(settings, input_file(file), title, publisher, date, stated)
    click.echo(format_report(result.validation))
    if not result.validation.conforms:
        click.echo("The report was not added: fix the violations above.", err=True)
        sys.exit(1)
    for note in result.summary["notes"]:
        click.echo(f"note: {note}")
    click.echo(f"Added {file.name}; the graph now has {result.summary['triples']} triples.")


@main.command()
@click.argument("report")
@click.argument("quote")
@click.pass_obj
def locate(settings: Settings, report: str, quote: str) -> None:
    """Find QUOTE in REPORT (a file name in seeds/) and print its offsets as Web Annotation
    selectors, for writing curated triples. Line breaks and runs of spaces in the file match
    any white space in QUOTE."""
    from kg.source.segments import line_number, quote_spans

    path = settings.seeds_dir / report
    if not path.is_file():
        raise KgError(f"{path}: no such report in {settings.seeds_dir}")
    with open(path, encoding="utf-8", newline="") as handle:
        text = handle.read()
    spans = quote_spans(text, quote)
    if not spans:
        raise KgError(f"{report}: the quote is not in the report")
    for start, end in spans:
        exact = text[start:end].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        click.echo(f"# line {line_number(text, start)}")
        click.echo(f'oa:exact "{exact}" ; oa:start {start} ; oa:end {end} .')


@main.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    required=True,
    help="graphml and gexf (Gephi), cytoscape (Cytoscape.js JSON), node-link (networkx "
    "JSON), dot (Graphviz).",
)
@click.option("--focus", help="Only the neighbourhood of this node: an IRI, name or acronym.")
@click.option(
    "--depth", type=click.IntRange(min=0), default=1, show_default=True, help="With --focus."
)
@click.option(
    "--query",
    "query_file",
    type=_PATH,
    help="Export the result of this SPARQL CONSTRUCT (or DESCRIBE) query (.rq file).",
)
@click.option(
    "--include",
    type=click.Choice(list(EXPORT_INCLUDES)),
    multiple=True,
    help="Also draw findings or judgments as nodes (repeatable).",
)
@click.option("--out", type=_PATH, help="File to write [default: standard output].")
@click.pass_obj
def export_command(
    settings: Settings,
    fmt: str,
    focus: str | None,
    depth: int,
    query_file: Path | None,
    include: tuple[str, ...],
    out: Path | None,
) -> None:
    """Export the graph as nodes and edges for Gephi, Cytoscape or Graphviz: all of it, the
    neighbourhood of one node (--focus), or a CONSTRUCT query's result (--query)."""
    from kg.graph.files import union_graph
    from kg.query.stores.rdflib_store import RdflibStore
    from kg.views.export import select, serialise

    if focus is not None and query_file is not None:
        raise KgError("give --focus or --query, not both")
    if query_file is not None:
        input_file(query_file, "query file")
    store = RdflibStore.open(settings)
    triples = None
    if query_file is not None:
        result = store.query(query_file.read_text(encoding="utf-8"))
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise KgError(f"{query_file}: a {result.type} query; export needs CONSTRUCT")
        triples = result.graph
    graph = select(
        union_graph(store.dataset), focus=focus, depth=depth, triples=triples, include=include
    )
    data = serialise(graph, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        return
    out.write_bytes(data)
    click.echo(
        f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {out}",
        err=True,
    )


@main.command(name="eval")
@click.option(
    "--gold-dir",
    type=_PATH,
    default=Path("tests") / "gold",
    show_default=True,
    help="Hand-written gold files.",
)
@click.option(
    "--corpus",
    type=_PATH,
    default=None,
    help="Score extraction on a test corpus (tests/corpus) per layout instead of the build.",
)
@click.option("--details", is_flag=True, help="With --corpus: list each file's misses.")
@click.pass_obj
def evaluate_command(
    settings: Settings, gold_dir: Path, corpus: Path | None, details: bool
) -> None:
    """Compare the built graph with the gold files: precision and recall per kind of fact.
    With --corpus, extract each corpus file on its own and compare it with its gold."""
    from kg.graph.files import load_built, load_ontology, union_graph
    from kg.views.evaluate import evaluate, format_scores

    if corpus is not None:
        from kg.extract.inspection import load_reading
        from kg.source.schemes import load_schemes
        from kg.views.corpus import evaluate_corpus, format_corpus

        ontology = load_ontology(settings)
        scores = evaluate_corpus(corpus, load_schemes(ontology), load_reading(ontology))
        click.echo(format_corpus(scores, details))
        return
    click.echo(format_scores(evaluate(union_graph(load_built(settings)), gold_dir)))


if __name__ == "__main__":
    main()
