"""Whole-process timings of the commands on the bundled data, beside the floor.

``python -m benchmarks.commands`` refreshes its section of ``benchmarks/RESULTS.md``. Every
figure is a new Python process; the floor, ``python -c pass``, is measured in the same run,
so the ratios hold on a busy machine too. A read command is timed twice: answering from its
stored answer (what every ask after the first does), and the first ask after a build, which
runs the analysis and stores the answer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.harness import (
    PYTHON,
    Report,
    machine,
    median_seconds,
    process_seconds,
    ratio,
    replace_section,
)
from graph.ingest.sources import DATA_DIR

RESULTS = Path(__file__).parent / "RESULTS.md"
IMPORTS = "import pandas, rdflib, pyoxigraph, oxrdflib, networkx, scipy.sparse, typer"
CROSSWALK = [PYTHON, "-m", "graph"]
READ_TARGET, HELP_TARGET, BUILD_TARGET = 0.3, 0.2, 1.5  # seconds
COMMANDS = (
    ["stats"], ["audit"], ["gaps", "--framework", "ncfe"], ["fit"], ["trace", "K1.1"],
    ["optional-units", "--framework", "highfield"], ["sparql", "uncovered-criteria"],
    ["equivalents"], ["suggest", "--framework", "ncfe"],
)


def first_ask_seconds(command: list[str], runs: int) -> float:
    """The median time of ``command`` with no stored answers (as after a build)."""
    from graph.store.answers import clear_answers

    def once() -> None:
        clear_answers(DATA_DIR)
        subprocess.run(command, check=True, capture_output=True)

    return median_seconds(once, runs)


def bench_commands(report: Report, runs: int, commands: tuple[list[str], ...] = COMMANDS,
                   ) -> None:
    floor = process_seconds([PYTHON, "-c", "pass"], runs)
    imports = process_seconds([PYTHON, "-c", IMPORTS], runs)
    build = process_seconds([*CROSSWALK, "build"], runs)
    help_ = process_seconds([*CROSSWALK, "--help"], runs)
    report.figures.update(build=build, help=help_)
    rows = [["`python -c pass` (the floor)", floor, "1.0×", "–", "–"],
            ["the libraries' imports alone", imports, ratio(imports, floor), "–", "–"],
            ["`crosswalk --help`", help_, ratio(help_, floor), "–", f"≤ {HELP_TARGET} s"],
            ["`crosswalk build` (rebuild, shapes as SPARQL, Turtle)", build,
             ratio(build, floor), "–", f"≤ {BUILD_TARGET} s"]]
    for command in commands:
        stored = process_seconds([*CROSSWALK, *command], runs)
        first = first_ask_seconds([*CROSSWALK, *command], runs)
        rows.append([f"`crosswalk {' '.join(command)}`", stored, ratio(stored, floor), first,
                     f"≤ {READ_TARGET} s"])
        report.figures["command"] = max(report.figures.get("command", 0.0), stored)
    report.table("Commands on the bundled data, whole process, seconds",
                 ["command", "seconds", "× floor", "first ask after a build", "target"], rows,
                 f"Medians of {runs} runs, each a new Python process (`python -m graph ...`), "
                 "beside the floor `python -c pass` measured in the same run. A read command "
                 "answers from its stored answer (`graph/store/answers.py`: the standard "
                 "library reads it, no pandas, rdflib or networkx); the first ask after a "
                 "build runs the analysis and stores its answer (last column). The imports "
                 f"line is `python -c \"{IMPORTS}\"`, what the first ask and the build stand on.")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report = Report(runs)
    bench_commands(report, runs)
    replace_section(RESULTS, report.sections[0] + "\n\nMachine of this run:\n\n"
                    + "\n".join(machine()))


if __name__ == "__main__":
    main()
