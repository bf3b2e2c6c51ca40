"""Run every benchmark and write ``benchmarks/RESULTS.md``: ``make bench``.

``python -m benchmarks.run`` runs them at the bundled size, 100 k and 1 M triples (about ten
minutes on two cores, most of it building the 1 M catalogue once and copying it into rdflib);
``--smoke`` runs each once at a tiny size into a scratch file, so ``make test`` keeps them
working. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from benchmarks.app_journeys import bench_journeys
from benchmarks.catalogue import BENCH_DIR, SEED, SIZES, SMOKE_SIZES, data_dir, store_of
from benchmarks.commands import COMMANDS, bench_commands
from benchmarks.coverage_map import bench_coverage_map
from benchmarks.equivalence import bench_equivalence
from benchmarks.harness import PYTHON, Report, machine
from benchmarks.queries import bench_queries
from benchmarks.remote import bench_remote
from benchmarks.sandbox import bench_sandbox
from benchmarks.standards_import import bench_standards_import
from benchmarks.suggestions import bench_suggestions
from benchmarks.virtuoso import SIZE as VIRTUOSO_SIZE
from benchmarks.virtuoso import SMOKE_SIZE as VIRTUOSO_SMOKE_SIZE
from benchmarks.virtuoso import bench_virtuoso
from graph.ingest.sources import DATA_DIR

RESULTS = Path(__file__).parent / "RESULTS.md"
# figure -> (target, the direction that meets it, what bounds the figure)
TARGETS = {
    "build": ("bundled `crosswalk build` ≤ 1.5 s", 1.5, "≤",
              "the imports (pandas, networkx, scipy and rdflib for the computed equivalences), "
              "then the rules writing 26 k quads into Oxigraph, the shapes as SPARQL and the "
              "store written to disk"),
    "help": ("`crosswalk --help` ≤ 0.2 s", 0.2, "≤",
             "Python's start and Typer's import (click, pydantic); no analysis is imported"),
    "command": ("every read command ≤ 0.3 s from its stored answer (slowest shown)", 0.3, "≤",
                "Python's start, Typer's import and hashing the inputs' file stamps; the "
                "first ask after a build runs the analysis (see the commands table)"),
    "query": ("1 M: library queries ≤ 0.5 s each on pyoxigraph (slowest shown)", 0.5, "≤",
              "Oxigraph's own evaluation: `equivalent-units` joins every computed match (16 k "
              "at 1 M) to both units' scheme, notation and label; raw pyoxigraph takes as long"),
    "overhead": ("1 M: within 1.2× of raw pyoxigraph (largest ratio of queries whose raw "
                 "time is ≥ 10 ms)", 1.2, "≤",
                 "turning every value into a string in a DataFrame"),
    "speedup": ("1 M: ≥ 10× faster than plain rdflib (smallest ratio shown)", 10.0, "≥",
                "queries whose answer is a plain lookup rdflib does fast too (a type index "
                "scan), or one dominated by building 16 k result rows"),
    "equivalence": ("equivalences over 30 k units ≤ 10 s", 10.0, "≤",
                    "the blocked sparse products over all unit pairs"),
    "standards_import": ("national list (2,000 standard versions, ~80 MB) imported ≤ 30 s",
                         30.0, "≤", "Python's html.parser reading every version's "
                         "standardInformation, then writing the tables as CSV"),
    "filter": ("app filter change ≤ 0.3 s", 0.3, "≤",
               "Streamlit re-running the page script and rendering its tables"),
    "map": ("coverage map: focus view and overview drawn ≤ 2 s after a change (slower "
            "median shown)", 2.0, "≤",
            "sending the map's page (vis-network inlined, ~0.5 MB) and Chromium parsing it "
            "in the map's frame; the server computes a focus view in ~0.1 s"),
    "detail_map": ("coverage map: full detail map drawn ≤ 3 s after its switch", 3.0, "≤",
                   "a 1.4 MB page of 853 nodes with their tooltips"),
    "first_render": ("app: first render of any page after the server starts ≤ 2 s (slowest "
                     "page shown)", 2.0, "≤",
                     "Chromium loading Streamlit's scripts (~0.8 s) and drawing the page; the "
                     "analyses are computed before the server listens"),
    "widget": ("app: a widget change ≤ 0.3 s (slower of two, in the browser)", 0.3, "≤",
               "the round trip and the drawing; the server's run is in the AppTest table"),
    "decision": ("app: a curation decision ≤ 1 s (Confirm to history shown)", 1.0, "≤",
                 "the store updated in place, the framework's analyses recomputed, the page "
                 "drawn again"),
}


def bench(smoke: bool, root: Path) -> Report:
    """Run every section; return the report with its figures."""
    runs, rdflib_runs = (1, 1) if smoke else (5, 3)
    report = Report(runs)
    sizes = SMOKE_SIZES if smoke else SIZES
    folders = {name: data_dir(name, *counts, root=root) for name, counts in sizes.items()}
    largest = list(folders)[-1]
    bench_commands(report, runs, COMMANDS[:1] if smoke else COMMANDS)
    stores = {"bundled size": store_of(DATA_DIR)} | {n: store_of(f) for n, f in folders.items()}
    bench_queries(report, stores, runs, rdflib_runs)
    bench_sandbox(report, {name: stores[name] for name in ("bundled size", largest)}, runs)
    bench_equivalence(report, (200,) if smoke else (1_000, 10_000, 30_000), runs)
    bench_suggestions(report, runs, smoke)
    app = json.loads(subprocess.run([PYTHON, "-m", "benchmarks.app_timing", str(runs)],
                                    check=True, capture_output=True, text=True).stdout)
    report.figures["filter"] = app["filter_change"]
    report.table("The app (Streamlit AppTest, bundled data), seconds",
                 ["step", "seconds", "target"],
                 [["first render of the landing page (new process, analyses computed)",
                   app["first_render"], "–"],
                  ["switch to the Gap register", app["page_switch"], "–"],
                  ["answer a filter change (Gap register items)", app["filter_change"],
                   "≤ 0.3 s"]],
                 "`benchmarks/app_timing.py` in a fresh process; the filter change is the "
                 f"median of {runs} changes.")
    bench_coverage_map(report, runs)
    report.figures.update(bench_journeys(report, runs, smoke))
    peaks = {mode: subprocess.run([PYTHON, "-m", "benchmarks.memory", mode,
                                   str(folders[largest])], check=True, capture_output=True,
                                  text=True).stdout.strip()
             for mode in ("build", "oxigraph", "rdflib")}
    report.table(f"Peak memory at {largest} ({len(stores[largest]):,} triples), MiB",
                 ["process", "peak resident set"],
                 [["build from the tidy tables (`write_cache`)", peaks["build"]],
                  ["open the Oxigraph store, run every analysis", peaks["oxigraph"]],
                  ["copy the store into rdflib's memory store", peaks["rdflib"]]],
                 "Each in its own process (`benchmarks/memory.py`), `VmHWM`.")
    bench_remote(report, folders[largest], largest, runs)
    on_virtuoso = VIRTUOSO_SMOKE_SIZE if smoke else VIRTUOSO_SIZE
    bench_virtuoso(report, folders[on_virtuoso], on_virtuoso, runs)
    bench_standards_import(report, smoke, root)
    return report


def targets(report: Report) -> str:
    """The targets table: each figure, met or missed and by how much, and what bounds it."""
    lines = ["## Targets", "", "| target | figure | met | bound by |", "| --- | --- | --- | --- |"]
    for key, (target, limit, direction, bound) in TARGETS.items():
        figure = report.figures.get(key)
        if figure is None:
            continue
        met = figure <= limit if direction == "≤" else figure >= limit
        shown = f"{figure:.3f}{'×' if key in ('overhead', 'speedup') else ' s'}"
        verdict = "yes" if met else (f"no, by {figure / limit:.2f}×" if direction == "≤"
                                     else f"no, {limit / figure:.2f}× short")
        lines.append(f"| {target} | {shown} | {verdict} | {bound} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--root", type=Path, default=BENCH_DIR,
                        help="where the synthetic catalogues are written")
    args = parser.parse_args()
    started = time.perf_counter()
    report = bench(args.smoke, args.root)
    sizes = SMOKE_SIZES if args.smoke else SIZES
    preface = "\n".join([
        "# Benchmark results", "",
        "Written by `make bench` (`python -m benchmarks.run`); each figure is a median of "
        "several runs unless it says otherwise and stands beside its peer from the same run. "
        f"The synthetic catalogues come from `crosswalk synth` (seed {SEED}).", "",
        "## Machine", "", *machine(),
        "- sizes: " + ", ".join(f"{name} = {s} standards, {q} qualifications"
                                for name, (s, q) in sizes.items()),
        f"- the whole run took {time.perf_counter() - started:.0f} s", "", targets(report)])
    args.out.write_text(report.markdown(preface), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
