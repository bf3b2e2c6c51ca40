"""The ``crosswalk`` command line: a thin layer over the package's functions.

Every command turns a :class:`~graph.errors.CrosswalkError` (or a missing file) into one line
on stderr and a non-zero exit; no traceback reaches the user.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from graph.errors import CrosswalkError, ValidationError
from graph.sources import DATA_DIR

app = typer.Typer(help="KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

F = TypeVar("F", bound=Callable[..., None])
state: dict[str, Path] = {}
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
) -> None:
    """KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula."""
    state["data"] = data


def _data() -> Path:
    return state.get("data", DATA_DIR)


@app.command()
@user_errors
def ingest() -> None:
    """Import the five source documents into the tidy tables (CSV) in the data folder."""
    from graph.pipeline import ingest as run_ingest

    tables = run_ingest(_data())
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    typer.echo(f"wrote {_data()}/*.csv: {counts}")


@app.command()
@user_errors
def build(out: Annotated[Path | None, typer.Option(help="Turtle file to write")] = None) -> None:
    """Build the RDF graph from data/*.csv, validate it, and write it as Turtle."""
    from graph.load import DEFAULT_GRAPH, build_and_validate, write_turtle

    graph = build_and_validate(_data())
    target = out or DEFAULT_GRAPH
    write_turtle(graph, target)
    typer.echo(f"wrote {target} ({len(graph)} triples)")


@app.command()
@user_errors
def validate() -> None:
    """Check the graph against the SHACL shapes in ontology/ (exit 2 when it does not conform)."""
    from graph.load import build_and_validate

    graph = build_and_validate(_data())
    typer.echo(f"conforms: {len(graph)} triples satisfy ontology/shapes.ttl")


@app.command()
@user_errors
def audit(fmt: FormatOption = "table") -> None:
    """List every defect found in the source documents, with source, line and message."""
    from graph.load import load_graph
    from graph.queries import defects

    _emit(defects(load_graph(_data())), fmt)


@app.command()
@user_errors
def stats(fmt: FormatOption = "table") -> None:
    """Count items and coverage edges per framework and class."""
    from graph.load import load_graph
    from graph.queries import stats as count

    _emit(count(load_graph(_data())), fmt)


@app.command()
@user_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl, jsonld, nt, sssom or graphml")],
    out: Annotated[Path, typer.Option(help="file to write")],
) -> None:
    """Export the whole graph as RDF, SSSOM TSV or GraphML."""
    from graph.export import ExportFormat
    from graph.export import export as write
    from graph.load import load_graph

    try:
        chosen = ExportFormat(fmt)
    except ValueError:
        _fail(f"--format {fmt!r}: choose one of {', '.join(f.value for f in ExportFormat)}", 2)
    write(load_graph(_data()), chosen, out)
    typer.echo(f"wrote {out}")
