"""Commands for SPARQL: queries in-process or on an endpoint, the server, the vocabulary
reference."""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Annotated

import typer

from graph.cli.common import (
    FormatOption,
    answer,
    app,
    data_folder,
    emit,
    fail,
    open_graph,
    state,
    user_errors,
)
from graph.store.sandbox import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, SERVED_SECONDS

QueryArgument = Annotated[str, typer.Argument(
    help="a library query name, a .rq file, or the query text")]
EndpointOption = Annotated[str | None, typer.Option(
    help="a SPARQL 1.1 endpoint URL; default: the built graph in-process")]
TimeoutOption = Annotated[float, typer.Option("--timeout-s", min=0.1,
                                              help="seconds a query may run before it is "
                                                   "stopped")]
MemoryOption = Annotated[int, typer.Option("--memory-mb", min=16,
                                           help="memory (MB) a query may use before it is "
                                                "stopped")]


@app.command()
@user_errors
def sparql(query: QueryArgument, endpoint: EndpointOption = None,
           fmt: FormatOption = "table", timeout_s: TimeoutOption = DEFAULT_SECONDS,
           memory_mb: MemoryOption = DEFAULT_MEMORY_MB) -> None:
    """Run a SPARQL query (read-only, time- and memory-limited) on the built graph or on any
    endpoint."""
    from graph.store.library import resolve_query

    text = resolve_query(query)
    if endpoint or state.get("endpoint"):
        from graph.store.backends import chosen_endpoint
        from graph.store.remote import remote_query
        from graph.store.safety import check_read_only

        if check_read_only(text) not in ("SelectQuery", "AskQuery"):  # never an update
            fail("on an endpoint, run SELECT or ASK queries (CONSTRUCT and DESCRIBE run on "
                 "the built graph in-process)", 2)
        emit(remote_query(chosen_endpoint(endpoint or state["endpoint"], state.get("graph")),
                          text, state.get("timeout_s") or timeout_s), fmt)
    else:
        answer(["sparql", text], lambda: _local_query(text, timeout_s, memory_mb), fmt)


def _local_query(text: str, timeout_s: float, memory_mb: int):
    from graph.store.safety import run_query

    return run_query(open_graph(), text, timeout_s, memory_mb)


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


@app.command()
@user_errors
def serve(
    port: Annotated[int, typer.Option(help="TCP port")] = 7878,
    host: Annotated[str, typer.Option(help="address to bind; 127.0.0.1 keeps it local")]
    = "127.0.0.1",
    timeout_s: TimeoutOption = SERVED_SECONDS,
    memory_mb: MemoryOption = DEFAULT_MEMORY_MB,
) -> None:
    """Serve the built graph read-only over the SPARQL 1.1 Protocol (Oxigraph engine); no
    SERVICE, no updates, every query time- and memory-limited."""
    from graph.store.cache import cached_store, turtle_path
    from graph.store.server import ensure_store, oxigraph_server

    signal.signal(signal.SIGTERM, _stop)  # a plain kill also stops the server it started
    cached_store(data_folder())  # rebuilds the folder's Turtle when the tables changed
    turtle = turtle_path(data_folder())
    store = ensure_store(turtle, turtle.parent / "oxigraph")
    with oxigraph_server(store, host=host, port=port, timeout=timeout_s,
                         memory_mb=memory_mb) as url:
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

    atomic_write_text(out, vocabulary_markdown(load_vocabulary(), open_graph()))
    typer.echo(f"wrote {out}")
