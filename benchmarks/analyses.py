"""The analyses every store answers, by name: what the in-process and remote runs time."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph

from graph.analysis.coverage import coverage_status
from graph.analysis.equivalence import DEFAULT_MIN_SCORE, unit_similarity
from graph.analysis.fit import qualification_fit
from graph.analysis.network import to_networkx
from graph.store.library import library
from graph.store.queries import defects, select, stats


def analyses(graph: Graph, framework: str) -> dict[str, Callable[[], object]]:
    """Name -> a call running that analysis on ``graph`` for qualification ``framework``."""
    return {
        "stats (counts per framework and class)": lambda: stats(graph),
        "audit (source defects)": lambda: defects(graph),
        f"gaps of {framework} (coverage status, criteria)": lambda: coverage_status(
            to_networkx(graph, [framework]), framework, "criterion"),
        f"fit of {framework}": lambda: qualification_fit(to_networkx(graph, [framework]),
                                                         framework),
        "every library query, one after another": lambda: [
            select(graph, q.text) for q in library().values()],
        "equivalent units (whole view, score ≥ 0.3)": lambda: unit_similarity(
            to_networkx(graph), min_score=DEFAULT_MIN_SCORE),
    }
