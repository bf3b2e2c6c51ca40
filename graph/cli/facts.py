"""Commands that list plain facts of the graph: its counts and the sources' defects."""

from __future__ import annotations

from graph.cli.common import FormatOption, answer, app, open_graph, user_errors


@app.command()
@user_errors
def audit(fmt: FormatOption = "table") -> None:
    """List every defect found in the source documents, with source, line and message."""
    answer(["audit"], lambda: _query("defects"), fmt)


@app.command()
@user_errors
def stats(fmt: FormatOption = "table") -> None:
    """Count items and coverage edges per framework and class."""
    answer(["stats"], lambda: _query("stats"), fmt)


def _query(name: str):
    """Run one of :mod:`graph.store.queries` on the graph (imported only when it runs)."""
    from graph.store import queries

    return getattr(queries, name)(open_graph())
