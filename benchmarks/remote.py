"""The analyses through a remote Oxigraph server against the same analyses in process."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.analyses import analyses
from benchmarks.catalogue import first_qualification, store_of
from benchmarks.harness import Report, median_seconds, ratio
from graph.store.backends import oxigraph_graph
from graph.store.cache import load_graph
from graph.store.publish import publish, writable_oxigraph_server

GRAPH_IRI = "https://w3id.org/ksb-crosswalk/id/graph/bench"


def bench_remote(report: Report, folder: Path, size: str, runs: int) -> None:
    store = store_of(folder)
    framework = first_qualification(store)
    local = analyses(oxigraph_graph(store), framework)
    with tempfile.TemporaryDirectory() as scratch, \
            writable_oxigraph_server(Path(scratch) / "store") as base:
        start = time.perf_counter()
        publish(f"{base}/store", GRAPH_IRI, folder)
        published = time.perf_counter() - start
        remote = analyses(load_graph(endpoint=f"{base}/query", named_graph=GRAPH_IRI),
                          framework)
        rows = []
        for name, run in local.items():
            here = median_seconds(run, runs)
            there = median_seconds(remote[name], runs)
            rows.append([name, here, there, ratio(there, here)])
    report.table(f"Analyses through a remote Oxigraph server against in-process, {size} "
                 f"({len(store):,} triples), seconds",
                 ["analysis", "in-process (pyoxigraph)", "remote (HTTP, named graph)",
                  "remote / in-process"], rows,
                 f"Medians of {runs} runs. `crosswalk publish` sent the graph (Graph Store "
                 f"Protocol PUT of N-Triples into a named graph) in {published:.1f} s. Remotely "
                 "every query is SPARQL run by the server; only result rows travel. The gaps "
                 "and fit of one qualification fetch only its part of the graph; the "
                 "equivalences need every unit's modules and AC texts, so that view travels.")
