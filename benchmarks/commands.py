"""Whole-process timings of the commands on the bundled data, beside the imports alone."""

from __future__ import annotations

from benchmarks.harness import PYTHON, Report, process_seconds, ratio

IMPORTS = "import pandas, rdflib, pyoxigraph, oxrdflib, networkx, scipy.sparse, typer"
BUILD = "from graph.store.cache import build; build()"
COMMANDS = (
    ["stats"], ["audit"], ["gaps", "--framework", "ncfe"], ["fit"], ["trace", "K1.1"],
    ["equivalents"], ["suggest", "--framework", "ncfe"],
    ["optional-units", "--framework", "highfield"], ["sparql", "uncovered-criteria"],
)


def bench_commands(report: Report, runs: int, commands: tuple[list[str], ...] = COMMANDS,
                   ) -> None:
    imports = process_seconds([PYTHON, "-c", IMPORTS], runs)
    build = process_seconds([PYTHON, "-c", BUILD], runs)
    report.figures["build"] = build
    rows = [["the libraries' imports alone", imports, "–", "–"],
            ["`crosswalk build` (rebuild, checks, Turtle)", build, ratio(build, imports),
             "≤ 1.5 s"]]
    for command in commands:
        seconds = process_seconds([PYTHON, "-m", "graph", *command], runs)
        rows.append([f"`crosswalk {' '.join(command)}`", seconds, ratio(seconds, imports),
                     "≤ 1 s"])
        report.figures["command"] = max(report.figures.get("command", 0.0), seconds)
    report.table("Commands on the bundled data, whole process, seconds",
                 ["command", "seconds", "× imports", "target"], rows,
                 f"Medians of {runs} runs, each a new Python process (`python -m graph ...`; "
                 "the build as `graph.store.cache.build()`, what `crosswalk build` calls). "
                 "The imports "
                 f"line is `python -c \"{IMPORTS}\"`: the floor any command stands on.")
