"""Commands that list plain facts of the graph: its counts and the sources' defects."""

from __future__ import annotations

from graph.cli.common import FormatOption, app, emit, open_graph, user_errors


@app.command()
@user_errors
def audit(fmt: FormatOption = "table") -> None:
    """List every defect found in the source documents, with source, line and message."""
    from graph.store.queries import defects

    emit(defects(open_graph()), fmt)


@app.command()
@user_errors
def stats(fmt: FormatOption = "table") -> None:
    """Count items and coverage edges per framework and class."""
    from graph.store.queries import stats as count

    emit(count(open_graph()), fmt)
