"""The ``crosswalk`` command line: a thin layer over the package's functions.

Every command turns a :class:`~graph.errors.CrosswalkError` (or a missing file) into one line
on stderr and a non-zero exit; no traceback reaches the user.
"""

from __future__ import annotations

import functools
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from graph.errors import CrosswalkError, ValidationError
from graph.ingest.sources import DATA_DIR

app = typer.Typer(help="KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

F = TypeVar("F", bound=Callable[..., None])
state: dict[str, Any] = {}
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, json or markdown")]


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"crosswalk: error: {message}", err=True)
    raise typer.Exit(code)


def user_errors(command: F) -> F:
    """Report domain and file errors in one line and exit 1 (2 for a graph that fails SHACL)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValidationError as exc:
            _fail(str(exc), 2)
        except CrosswalkError as exc:
            _fail(str(exc))
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            _fail(f"{exc.filename}: {exc.strerror}")

    return wrapper  # type: ignore[return-value]


def _table_format(value: str):
    from graph.formats import TableFormat

    try:
        return TableFormat(value)
    except ValueError:
        _fail(f"--format {value!r}: choose one of table, csv, json, markdown", 2)


def _emit(frame, fmt: str) -> None:
    from graph.formats import render

    sys.stdout.write(render(frame, _table_format(fmt)))


@app.callback()
def main(
    data: Annotated[Path, typer.Option(envvar="CROSSWALK_DATA",
                                       help="folder of the tidy tables (CSV)")] = DATA_DIR,
    backend: Annotated[str | None, typer.Option(envvar="CROSSWALK_BACKEND",
                                                help="oxigraph (default) or rdflib")] = None,
    endpoint: Annotated[str | None, typer.Option(envvar="CROSSWALK_ENDPOINT",
                                                 help="read the graph from this SPARQL "
                                                      "endpoint instead")] = None,
    graph: Annotated[str | None, typer.Option(envvar="CROSSWALK_GRAPH",
                                              help="named graph to read at the endpoint")]
    = None,
) -> None:
    """KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula."""
    state.update(data=data, backend=backend, endpoint=endpoint, graph=graph)


def _data() -> Path:
    return state.get("data", DATA_DIR)


def _graph():
    from graph.store.cache import load_graph

    return load_graph(_data(), state.get("backend"), state.get("endpoint"), state.get("graph"))


@app.command()
@user_errors
def ingest() -> None:
    """Import the five source documents into the tidy tables (CSV) in the data folder."""
    from graph.ingest.pipeline import ingest as run_ingest

    tables = run_ingest(_data())
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    typer.echo(f"wrote {_data()}/*.csv: {counts}")


@app.command()
@user_errors
def build(out: Annotated[Path | None, typer.Option(help="Turtle file to write")] = None) -> None:
    """Build the RDF graph from data/*.csv, check it, cache it, and write it as Turtle."""
    from graph.store.cache import build as run_build

    target, triples = run_build(_data(), out)
    typer.echo(f"wrote {target} ({triples} triples)")


@app.command()
@user_errors
def validate() -> None:
    """Check the graph against the SHACL shapes in ontology/ (exit 2 when it does not conform)."""
    from graph.store.cache import build_and_validate

    graph = build_and_validate(_data())
    typer.echo(f"conforms: {len(graph)} triples satisfy ontology/shapes.ttl")


@app.command()
@user_errors
def audit(fmt: FormatOption = "table") -> None:
    """List every defect found in the source documents, with source, line and message."""
    from graph.store.queries import defects

    _emit(defects(_graph()), fmt)


@app.command()
@user_errors
def stats(fmt: FormatOption = "table") -> None:
    """Count items and coverage edges per framework and class."""
    from graph.store.queries import stats as count

    _emit(count(_graph()), fmt)


@app.command()
@user_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, jsonld, nt, sssom or graphml")],
    out: Annotated[Path, typer.Option(help="file to write")],
) -> None:
    """Export the whole graph as RDF, SSSOM TSV or GraphML."""
    from graph.interop.export import ExportFormat
    from graph.interop.export import export as write

    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        _fail(f"--format {fmt!r}: choose one of {', '.join(f.value for f in ExportFormat)}", 2)
    write(_graph(), chosen, out)
    typer.echo(f"wrote {out}")


LevelOption = Annotated[str, typer.Option("--level", help="module, statement or criterion")]
FrameworkOption = Annotated[str, typer.Option("--framework", help="framework key, e.g. ncfe")]


def _graph_and_view(frameworks: list[str] | None = None):
    """The graph and its networkx view (only ``frameworks`` and their standards when given)."""
    from graph.analysis.network import to_networkx

    graph = _graph()
    return graph, to_networkx(graph, frameworks)


def _view(frameworks: list[str] | None = None):
    return _graph_and_view(frameworks)[1]


def _framework_view(framework: str):
    """The view of one framework, after checking that the graph has it."""
    from graph.analysis.network import to_networkx
    from graph.store.queries import framework_keys

    graph = _graph()
    _check_choice("--framework", framework, framework_keys(graph))
    return graph, to_networkx(graph, [framework])


def _check_choice(name: str, value: str, choices) -> None:
    if value not in choices:
        _fail(f"{name} {value!r}: choose one of {', '.join(sorted(choices))}", 2)


def _frameworks(view) -> set[str]:
    return {d["framework"] for _, d in view.nodes(data=True)} - {"standard"}


@app.command()
@user_errors
def gaps(framework: FrameworkOption, level: LevelOption = "criterion",
         fmt: FormatOption = "table") -> None:
    """Every standard item with a framework's coverage status (direct, inherited, no-mapping,
    unmapped)."""
    from graph.analysis.coverage import LEVEL_KINDS, coverage_status

    _check_choice("--level", level, LEVEL_KINDS)
    view = _framework_view(framework)[1]
    _emit(coverage_status(view, framework, level), fmt)


@app.command()
@user_errors
def curate(
    decision: Annotated[str, typer.Argument(help="accept or reject")],
    framework: FrameworkOption,
    item: Annotated[str, typer.Option(help="standard item notation: K1.1, 1.2 or 1")],
    candidate: Annotated[str, typer.Option(help="the suggested item, e.g. unit/2/ac/1.1")],
    note: Annotated[str, typer.Option(help="why")] = "",
) -> None:
    """Accept or reject a suggested mapping; the decision goes into data/curation.csv."""
    from graph.analysis.trace import resolve_notation
    from graph.model.curation import DECISIONS, record_decision

    _check_choice("decision", decision, DECISIONS)
    view = _view()
    _check_choice("--framework", framework, _frameworks(view))
    standard_item = resolve_notation(view, item)
    if f"{framework}:{candidate}" not in view:
        _fail(f"--candidate {candidate!r}: {framework} has no such item")
    path = record_decision(_data(), framework, candidate, standard_item.split(":", 1)[1],
                           decision, note)
    typer.echo(f"recorded: {decision} {framework}:{candidate} -> {item} in {path}")


@app.command()
@user_errors
def fit(fmt: FormatOption = "table",
        detail: Annotated[bool, typer.Option(help="every measure, not just the ranking")] = False,
        ) -> None:
    """Rank the qualifications by how well they cover the standard, with the reasons."""
    import pandas as pd

    from graph.analysis.fit import fit_ranking, qualification_fit, qualifications

    view = _view()
    if detail:
        _emit(pd.concat([qualification_fit(view, f) for f in qualifications(view)],
                        ignore_index=True), fmt)
    else:
        _emit(fit_ranking(view), fmt)


@app.command("optional-units")
@user_errors
def optional_units(framework: FrameworkOption, fmt: FormatOption = "table") -> None:
    """What each allowed choice of optional units adds to a qualification's coverage."""
    from graph.analysis.fit import optional_unit_gain, unit_rules

    graph, view = _framework_view(framework)
    _emit(optional_unit_gain(view, framework, unit_rules(graph)), fmt)


@app.command()
@user_errors
def trace(notation: Annotated[str, typer.Argument(help="criterion K1.1, statement 1.2 or "
                                                  "module 1")],
          fmt: FormatOption = "table") -> None:
    """Everything that covers one criterion, statement or module, and how."""
    from graph.analysis.trace import trace as run_trace

    _emit(run_trace(_view(), notation), fmt)


@app.command()
@user_errors
def report(out: Annotated[Path, typer.Option(help="Excel file to write (.xlsx)")]) -> None:
    """Write one Excel workbook with a sheet per analysis and the audit."""
    from graph.interop.report import write_report

    if out.suffix.lower() != ".xlsx":
        _fail(f"--out {out}: the report is an Excel workbook; name it *.xlsx", 2)
    graph, view = _graph_and_view()
    write_report(view, graph, out, extra=_extra_sheets(graph, view))
    typer.echo(f"wrote {out}")


def _extra_sheets(graph, view) -> dict:
    import pandas as pd

    from graph.analysis.equivalence import equivalence_groups, unit_similarity
    from graph.analysis.fit import qualifications
    from graph.analysis.suggest import suggest_mappings
    from graph.model.curation import read_curation, rejected_pairs

    similarity = unit_similarity(view)
    rejected = rejected_pairs(read_curation(_data()))
    return {
        "Equivalents": similarity,
        "Equivalent groups": equivalence_groups(similarity),
        "Suggestions": pd.concat([suggest_mappings(view, q, rejected=rejected)
                                  for q in qualifications(view)], ignore_index=True),
    }


@app.command()
@user_errors
def equivalents(
    min_score: Annotated[float, typer.Option(help="lowest score to list")] = 0.0,
    groups: Annotated[bool, typer.Option(help="list the groups equivalent across all three "
                                               "bodies instead of pairs")] = False,
    fmt: FormatOption = "table",
) -> None:
    """Units of different awarding bodies that cover the same modules and say the same."""
    from graph.analysis.equivalence import DEFAULT_MIN_SCORE, equivalence_groups, unit_similarity

    similarity = unit_similarity(_view(), min_score=min_score)
    if groups:
        _emit(equivalence_groups(similarity, min_score or DEFAULT_MIN_SCORE), fmt)
        return
    pairs = similarity[similarity["score"] >= min_score]
    _emit(pairs[["a", "b", "a_label", "b_label", "coverage", "text", "score", "shared"]], fmt)


@app.command()
@user_errors
def suggest(framework: FrameworkOption,
            level: Annotated[str | None, typer.Option(help="module, statement or criterion "
                                                           "(default: the framework's grain)")]
            = None,
            k: Annotated[int, typer.Option(help="candidates per gap")] = 5,
            fmt: FormatOption = "table") -> None:
    """Candidate ACs for every item a qualification leaves unmapped: suggestions for a human."""
    from graph.analysis.coverage import LEVEL_KINDS
    from graph.analysis.suggest import suggest_mappings
    from graph.model.curation import read_curation, rejected_pairs

    view = _view()
    _check_choice("--framework", framework, _frameworks(view))
    if level is not None:
        _check_choice("--level", level, LEVEL_KINDS)
    rejected = rejected_pairs(read_curation(_data()))
    _emit(suggest_mappings(view, framework, level, k=k, rejected=rejected), fmt)


@app.command()
@user_errors
def sparql(
    query: Annotated[str, typer.Argument(help="a library query name, a .rq file, or the "
                                              "query text")],
    endpoint: Annotated[str | None, typer.Option(help="a SPARQL 1.1 endpoint URL; default: "
                                                      "the built graph in-process")] = None,
    fmt: FormatOption = "table",
) -> None:
    """Run a SPARQL query (read-only) on the built graph or on any endpoint."""
    from graph.store.endpoint import remote_query
    from graph.store.library import resolve_query
    from graph.store.safety import run_query

    text = resolve_query(query)
    if endpoint or state.get("endpoint"):
        from graph.store.backends import chosen_endpoint

        _emit(remote_query(chosen_endpoint(endpoint or state["endpoint"], state.get("graph")),
                           text), fmt)
    else:
        _emit(run_query(_graph(), text), fmt)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


@app.command()
@user_errors
def serve(
    port: Annotated[int, typer.Option(help="TCP port")] = 7878,
    host: Annotated[str, typer.Option(help="address to bind; 127.0.0.1 keeps it local")]
    = "127.0.0.1",
) -> None:
    """Serve the built graph read-only over the SPARQL 1.1 Protocol (Oxigraph server)."""
    from graph.store.cache import DEFAULT_GRAPH, cached_store
    from graph.store.endpoint import ensure_store, oxigraph_server

    signal.signal(signal.SIGTERM, _stop)  # a plain kill also stops the server it started
    cached_store(_data())  # builds build/crosswalk.ttl when the tables changed
    store = ensure_store(DEFAULT_GRAPH, DEFAULT_GRAPH.parent / "oxigraph")
    with oxigraph_server(store, host=host, port=port) as url:
        typer.echo(f"SPARQL endpoint: {url} (read-only; Ctrl-C stops it)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            typer.echo("stopped")


@app.command()
@user_errors
def vocabulary(out: Annotated[Path, typer.Option(help="Markdown file to write")]
               = Path("docs/vocabulary.md")) -> None:
    """Write the vocabulary reference (every class and property, with an example triple)."""
    from graph.fileio import atomic_write_text
    from graph.model.validate import load_vocabulary
    from graph.model.vocab_doc import vocabulary_markdown

    atomic_write_text(out, vocabulary_markdown(load_vocabulary(), _graph()))
    typer.echo(f"wrote {out}")


@app.command("import")
@user_errors
def import_files(
    files: Annotated[list[Path], typer.Argument(help="the template's CSV or XLSX files, or "
                                                     "SSSOM TSV", show_default=False)],
    framework: Annotated[str | None, typer.Option(help="the framework key: to replace an "
                                                       "earlier import, or for a mapping "
                                                       "table on its own")] = None,
    dry_run: Annotated[bool, typer.Option(help="check every row and write nothing")] = False,
) -> None:
    """Import a qualification and its mapping (the template) or mappings (SSSOM TSV), all or
    nothing: every problem is listed as file, row, column and a sentence."""
    from graph.interop.importer import import_paths

    result = import_paths(files, _data(), framework, dry_run)
    for problem in result.problems:
        typer.echo(str(problem), err=True)
    if result.problems:
        _fail(f"{len(result.problems)} problem(s); nothing was written")
    typer.echo(result.summary())


@app.command()
@user_errors
def synth(
    out: Annotated[Path, typer.Option(help="folder to write the tidy tables to")],
    standards: Annotated[int, typer.Option(min=1, help="apprenticeship standards")] = 700,
    qualifications: Annotated[int, typer.Option(min=1, help="qualifications")] = 3000,
    seed: Annotated[int, typer.Option(help="the same seed writes the same tables")] = 0,
) -> None:
    """Write a synthetic national catalogue as tidy tables (read it with --data DIR)."""
    from graph.ingest.synth import synth as write_catalogue

    counts = write_catalogue(out, standards, qualifications, seed)
    typer.echo(f"wrote {out}/*.csv: " + ", ".join(f"{n} {c}" for n, c in counts.items()))


@app.command()
@user_errors
def publish(
    store: Annotated[str, typer.Option(help="Graph Store Protocol URL, e.g. "
                                            "http://localhost:3030/crosswalk/data")],
    graph: Annotated[str | None, typer.Option(help="named graph IRI to replace; default: "
                                                   "the default graph")] = None,
) -> None:
    """Load the built graph into a triple store (SPARQL 1.1 Graph Store Protocol PUT)."""
    from graph.store.publish import publish as send

    triples = send(store, graph, _data())
    typer.echo(f"published {triples} triples to {store}" + (f" as <{graph}>" if graph else ""))
