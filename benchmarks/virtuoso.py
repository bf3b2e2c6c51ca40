"""``gaps`` and ``fit`` on a private Virtuoso beside the local Oxigraph store, on a synthetic
national catalogue: ``python -m benchmarks.virtuoso`` refreshes its section of RESULTS.md.

The catalogue is published to Virtuoso (Debian's ``virtuoso-opensource``, stock query limits,
a new database started for the run) with the ``dba`` login, in chunks; then each analysis is
timed as the command runs it: ``gaps`` builds the view of one qualification (and the
standards it maps to) and computes its coverage, ``fit`` builds the view of the whole
catalogue and ranks every qualification. On Virtuoso every query is SPARQL sent by the
protocol client, and a result longer than Virtuoso's 10,000-row limit comes page by page.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.catalogue import (
    BENCH_DIR,
    SIZES,
    SMOKE_SIZES,
    data_dir,
    first_qualification,
    store_of,
)
from benchmarks.harness import Report, machine, median_seconds, ratio, replace_section
from graph.analysis.coverage import coverage_status
from graph.analysis.fit import fit_ranking
from graph.analysis.network import to_networkx
from graph.store.backends import oxigraph_graph
from graph.store.cache import load_graph
from graph.store.publish import publish
from graph.store.remote import PASSWORD_SETTING, USER_SETTING
from graph.store.virtuoso import DEFAULT_LOGIN, private_virtuoso, virtuoso_command

RESULTS = Path(__file__).parent / "RESULTS.md"
GRAPH_IRI = "https://w3id.org/ksb-crosswalk/id/graph/bench"
# Of benchmarks.catalogue.SIZES. Publishing and `gaps` take seconds at 100 k; `fit` ranks 300
# qualifications in Python, several minutes a run on either store, so the whole run takes
# about 50 minutes on two busy cores.
SIZE = "100k"
SMOKE_SIZE = "tiny"


@contextmanager
def store_login(user: str, password: str) -> Iterator[None]:
    """The settings ``publish`` reads the login from, for the duration of the block."""
    saved = {name: os.environ.get(name) for name in (USER_SETTING, PASSWORD_SETTING)}
    os.environ.update({USER_SETTING: user, PASSWORD_SETTING: password})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def commands(graph, framework: str) -> dict[str, Callable[[], object]]:
    """The two commands, as they run: name -> a call on ``graph``."""
    return {
        f"gaps --framework {framework} (its view, coverage of criteria)":
            lambda: coverage_status(to_networkx(graph, [framework]), framework, "criterion"),
        "fit (the whole catalogue's view, every qualification ranked)":
            lambda: fit_ranking(to_networkx(graph)),
    }


def bench_virtuoso(report: Report, folder: Path, size: str, runs: int) -> None:
    """Time ``gaps`` and ``fit`` on the catalogue of ``folder`` locally and on Virtuoso."""
    if virtuoso_command() is None:
        report.table(f"gaps and fit on Virtuoso against local Oxigraph, {size}",
                     ["analysis"], [], "Not run: `virtuoso-t` is not installed "
                     "(apt-get install virtuoso-opensource).")
        return
    store = store_of(folder)
    framework = first_qualification(store)
    local = commands(oxigraph_graph(store), framework)
    with tempfile.TemporaryDirectory() as scratch, \
            private_virtuoso(Path(scratch)) as base, store_login(*DEFAULT_LOGIN):
        start = time.perf_counter()
        publish(f"{base}/sparql-graph-crud-auth", GRAPH_IRI, folder)
        published = time.perf_counter() - start
        remote = commands(load_graph(endpoint=f"{base}/sparql", named_graph=GRAPH_IRI,
                                     timeout_s=600), framework)
        rows = []
        for name, run in local.items():
            here = median_seconds(run, runs)
            there = median_seconds(remote[name], runs)
            rows.append([name, here, there, ratio(there, here)])
    report.table(f"gaps and fit on Virtuoso against local Oxigraph, {size} "
                 f"({len(store):,} triples), seconds",
                 ["command", "local (pyoxigraph)", "Virtuoso 7.2 (HTTP, named graph)",
                  "Virtuoso / local"], rows,
                 f"Medians of {runs} runs. `crosswalk publish` sent the catalogue to "
                 f"`/sparql-graph-crud-auth` (digest login, chunks of N-Triples) in "
                 f"{published:.1f} s. Virtuoso runs with the Debian package's query limits "
                 "(`ResultSetMaxRows` 10,000, `MaxQueryCostEstimationTime` 400 s); `fit` "
                 "fetches the whole view, whose longer results come in pages of 10,000 rows.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="a tiny catalogue, one run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--root", type=Path, default=BENCH_DIR)
    args = parser.parse_args()
    name = SMOKE_SIZE if args.smoke else SIZE
    counts = (SMOKE_SIZES if args.smoke else SIZES)[name]
    runs = 1 if args.smoke else 3
    report = Report(runs)
    bench_virtuoso(report, data_dir(name, *counts, root=args.root), name, runs)
    section = report.sections[0] + "\n\nMachine:\n" + "\n".join(machine()) + \
        f"\n- catalogue {name}: {counts[0]} standards, {counts[1]} qualifications " \
        "(`crosswalk synth`)"
    replace_section(args.out, section)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
