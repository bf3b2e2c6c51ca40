"""What the query sandbox costs: each library query run raw on pyoxigraph against the same
query through :func:`graph.store.safety.run_query` (check, fork, no network, limits, rows
back through a pipe), and how soon a runaway query's process is gone after its limit.

``python -m benchmarks.sandbox`` measures the bundled data and the 100 k catalogue and writes
its section into ``benchmarks/RESULTS.md``; ``benchmarks.run --smoke`` runs it once at the
tiny size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.catalogue import SIZES, data_dir, store_of
from benchmarks.harness import Report, machine, median_seconds, replace_section
from graph.ingest.sources import DATA_DIR
from graph.store.backends import oxigraph_graph
from graph.store.library import library
from graph.store.safety import PREFIX_TABLE, QueryTimeout, run_query

RESULTS = Path(__file__).parent / "RESULTS.md"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LIMIT = 1.0  # seconds given to the runaway query


def stop_delay(store: ox.Store, runs: int) -> float:
    """Median seconds between a runaway query's limit and :func:`run_query` returning with
    its child process killed and reaped."""
    graph = oxigraph_graph(store)

    def runaway() -> None:
        try:
            run_query(graph, RUNAWAY, timeout=LIMIT)
        except QueryTimeout:
            return
        raise AssertionError("the runaway query finished within its limit")

    return median_seconds(runaway, runs) - LIMIT


def _overheads(store: ox.Store, runs: int) -> list[float]:
    """Per library query: seconds through :func:`run_query` minus seconds raw."""
    graph = oxigraph_graph(store)
    found = []
    for query in library().values():
        raw = median_seconds(lambda q=query.text: list(store.query(q, prefixes=PREFIX_TABLE)),
                             runs)
        boxed = median_seconds(lambda q=query.text: run_query(graph, q, timeout=600), runs)
        found.append(boxed - raw)
    return found


def bench_sandbox(report: Report, stores: dict[str, ox.Store], runs: int) -> None:
    """One table: per size, the slowest and the median overhead of the sandbox over raw
    pyoxigraph across the library queries, and the stop delay."""
    rows = []
    for size, store in stores.items():
        overheads = sorted(_overheads(store, runs))
        rows.append([f"{size} ({len(store):,} triples)", overheads[len(overheads) // 2] * 1000,
                     overheads[-1] * 1000, stop_delay(store, min(runs, 3)) * 1000])
    report.table("The query sandbox: cost per query and stop delay, milliseconds",
                 ["size", "median overhead per library query", "largest overhead",
                  f"stop delay after a {LIMIT:g} s limit"], rows,
                 f"Overhead: `run_query` (read-only check, fork, network namespace, memory cap, "
                 f"rows back through a pipe, DataFrame) minus raw `Store.query` on the same "
                 f"store, each a median of {runs} runs, over the {len(library())} library "
                 "queries. Stop delay: from the limit to `run_query` raising with the "
                 "query's process killed and reaped (its CPU free).")


def main() -> None:
    runs = 5
    size = "100k"
    stores = {"bundled size": store_of(DATA_DIR), size: store_of(data_dir(size, *SIZES[size]))}
    report = Report(runs)
    bench_sandbox(report, stores, runs)
    replace_section(RESULTS, report.sections[-1] + "\n\n" + "\n".join(
        ["Measured on:", *machine()]))
    print(f"wrote its section into {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"took {time.perf_counter() - start:.0f} s", file=sys.stderr)
