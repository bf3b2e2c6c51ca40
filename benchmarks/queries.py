"""Every library query on rdflib against pyoxigraph, and our API against raw pyoxigraph."""

from __future__ import annotations

import multiprocessing
import queue
import statistics
import time
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import Graph

from benchmarks.harness import Report, median_seconds, ratio
from graph.model.vocab import SPARQL_PREFIXES
from graph.store.backends import oxigraph_graph, rdflib_graph
from graph.store.library import library
from graph.store.queries import select

RDFLIB_LIMIT = 30.0  # seconds an rdflib query may run before it is stopped
REPEAT_BELOW = 2.0  # an rdflib run longer than this is not repeated
OVERHEAD_FROM = 0.01  # raw seconds from which the ratio ours / raw is a target figure


def raw(store: ox.Store, text: str) -> list:
    """The query on pyoxigraph itself, every solution's values read: the floor."""
    return [[None if v is None else v.value for v in row]
            for row in store.query(f"{SPARQL_PREFIXES}\n{text}")]


def bench_queries(report: Report, stores: dict[str, ox.Store], runs: int,
                  rdflib_runs: int) -> None:
    """One table per size: each library query through ``select`` on both backends and raw."""
    for size, store in stores.items():
        start = time.perf_counter()
        memory = rdflib_graph(store)
        copied = time.perf_counter() - start
        largest = size == list(stores)[-1]  # the targets are set at the largest size
        rows = [_query_row(report if largest else Report(runs), name, text, memory, store,
                           runs, rdflib_runs)
                for name, text in ((n, q.text) for n, q in library().items())]
        del memory
        report.table(
            f"Library queries at {size} ({len(store):,} triples), seconds",
            ["query", "rdflib", "pyoxigraph (our API)", "raw pyoxigraph", "rdflib / ours",
             "ours / raw"], rows,
            f"Medians of {runs} runs (up to {rdflib_runs} on rdflib, each stopped after "
            f"{RDFLIB_LIMIT:.0f} s). Copying the store into rdflib's "
            f"memory store took {copied:.1f} s; opening the Oxigraph store takes "
            "milliseconds. *Our API* is `graph.store.queries.select` (prefixes, a DataFrame of "
            "strings); *raw* runs the same text on `pyoxigraph.Store.query` and reads every "
            "value.")


def _query_row(report: Report, name: str, text: str, memory: Graph, store: ox.Store,
               runs: int, rdflib_runs: int) -> list:
    oxigraph = oxigraph_graph(store)
    on_rdflib = _rdflib_seconds(lambda: select(memory, text), rdflib_runs)
    on_oxigraph = median_seconds(lambda: select(oxigraph, text), runs)
    floor = median_seconds(lambda: raw(store, text), runs)
    figures = report.figures
    figures["query"] = max(figures.get("query", 0.0), on_oxigraph)
    if floor >= OVERHEAD_FROM:
        figures["overhead"] = max(figures.get("overhead", 0.0), on_oxigraph / floor)
    figures["speedup"] = min(figures.get("speedup", float("inf")),
                             (on_rdflib or RDFLIB_LIMIT) / on_oxigraph)
    shown = on_rdflib if on_rdflib is not None else f"> {RDFLIB_LIMIT:.0f} (stopped)"
    return [name, shown, on_oxigraph, floor,
            ratio(on_rdflib, on_oxigraph) if on_rdflib is not None else
            f"> {ratio(RDFLIB_LIMIT, on_oxigraph)}", ratio(on_oxigraph, floor)]


def _rdflib_seconds(run: Callable[[], object], runs: int) -> float | None:
    """The median of up to ``runs`` runs, each in a forked child stopped after
    :data:`RDFLIB_LIMIT` seconds (None then); a run over :data:`REPEAT_BELOW` is not repeated."""
    times: list[float] = []
    for _ in range(runs):
        seconds = _in_child(run, RDFLIB_LIMIT)
        if seconds is None:
            return None
        times.append(seconds)
        if seconds > REPEAT_BELOW:
            break
    return statistics.median(times)


def _in_child(run: Callable[[], object], limit: float) -> float | None:
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child() -> None:
        start = time.perf_counter()
        run()
        results.put(time.perf_counter() - start)

    process = context.Process(target=child, daemon=True)
    process.start()
    try:
        return results.get(timeout=limit)
    except queue.Empty:
        process.kill()
        return None
    finally:
        process.join()
