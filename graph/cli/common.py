"""The command line's shared parts: the Typer app, global options, one-line errors, output.

Every command turns a :class:`~graph.errors.CrosswalkError` (or a missing file) into one line
on stderr and a non-zero exit; no traceback reaches the user.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from graph.errors import CrosswalkError, ValidationError
from graph.ingest.sources import DATA_DIR

app = typer.Typer(help="KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)  # plain help: Rich would cost more than the answer

F = TypeVar("F", bound=Callable[..., None])
state: dict[str, Any] = {}
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, json or markdown")]


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"crosswalk: error: {message}", err=True)
    raise typer.Exit(code)


def user_errors(command: F) -> F:
    """Report domain and file errors in one line and exit 1 (2 for a graph that fails SHACL)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ValidationError as exc:
            fail(str(exc), 2)
        except CrosswalkError as exc:
            fail(str(exc))
        except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
            fail(f"{exc.filename}: {exc.strerror}")

    return wrapper  # type: ignore[return-value]


def table_format(value: str):
    from graph.formats import TableFormat

    try:
        return TableFormat(value)
    except ValueError:
        fail(f"--format {value!r}: choose one of table, csv, json, markdown", 2)


def emit(result, fmt: str) -> None:
    """Print ``result`` (a DataFrame or a :class:`~graph.formats.Table`) in format ``fmt``."""
    from graph.formats import render

    sys.stdout.write(render(result, table_format(fmt)))


def answer(question: list[str], compute: Callable[[], Any], fmt: str) -> None:
    """Print the answer to a read command's ``question`` (its name and arguments).

    On the built local store the answer is the stored one when it was computed from the
    current inputs (:mod:`graph.store.answers`), else ``compute()`` (the analysis, returning
    a DataFrame) is run and its answer stored. With an endpoint or the rdflib backend
    ``compute()`` always runs.
    """
    chosen = table_format(fmt)
    if state.get("endpoint") or state.get("backend") not in (None, "oxigraph"):
        emit(compute(), chosen)
        return
    from graph.formats import as_table
    from graph.store.answers import answer as stored_or_computed

    emit(stored_or_computed(data_folder(), question, lambda: as_table(compute())), chosen)


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
    timeout_s: Annotated[float | None, typer.Option(envvar="CROSSWALK_TIMEOUT_S", min=0.1,
                                                    help="seconds the endpoint may take to "
                                                         "answer one request (default 60)")]
    = None,
) -> None:
    """KSB Crosswalk: a knowledge-graph crosswalk of apprenticeship curricula."""
    state.update(data=data, backend=backend, endpoint=endpoint, graph=graph,
                 timeout_s=timeout_s)


def data_folder() -> Path:
    return state.get("data", DATA_DIR)


def open_graph():
    from graph.store.cache import load_graph

    return load_graph(data_folder(), state.get("backend"), state.get("endpoint"),
                      state.get("graph"), state.get("timeout_s"))


LevelOption = Annotated[str, typer.Option("--level", help="module, statement or criterion")]
FrameworkOption = Annotated[str, typer.Option("--framework", help="framework key, e.g. ncfe")]


def graph_and_view(frameworks: list[str] | None = None):
    """The graph and its networkx view (only ``frameworks`` and their standards when given)."""
    from graph.analysis.network import to_networkx

    graph = open_graph()
    return graph, to_networkx(graph, frameworks)


def open_view(frameworks: list[str] | None = None):
    return graph_and_view(frameworks)[1]


def framework_view(framework: str):
    """The view of one framework, after checking that the graph has it."""
    from graph.analysis.network import to_networkx
    from graph.store.queries import framework_keys

    graph = open_graph()
    check_choice("--framework", framework, framework_keys(graph))
    return graph, to_networkx(graph, [framework])


def check_choice(name: str, value: str, choices) -> None:
    if value not in choices:
        fail(f"{name} {value!r}: choose one of {', '.join(sorted(choices))}", 2)


def frameworks_of(view) -> set[str]:
    return {d["framework"] for _, d in view.nodes(data=True)} - {"standard"}
