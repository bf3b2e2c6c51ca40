"""Whole-process timings of the commands on the bundled data, beside the floor.

``python -m benchmarks.commands`` refreshes its section of ``benchmarks/RESULTS.md``. Every
figure is a new Python process; the floor, ``python -c pass``, is measured in the same run,
so the ratios hold on a busy machine too. A read command is timed twice: answering from its
stored answer (what every ask after the first does), and the first ask after a build, which
runs the analysis and stores the answer.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.harness import PYTHON, Report, machine, ratio, replace_section
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


def process_times(command: list[str], runs: int, before: Callable[[], None] | None = None,
                  ) -> tuple[float, float]:
    """Median wall and CPU seconds (user + system) of ``command`` as a new process, after one
    untimed run; ``before`` runs ahead of each (untimed). CPU time barely moves when other
    work shares the machine, so it is given beside the wall time."""
    def once() -> tuple[float, float]:
        if before is not None:
            before()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime

    once()
    times = [once() for _ in range(runs)]
    return (statistics.median(w for w, _ in times), statistics.median(c for _, c in times))


def _clear_answers() -> None:
    from graph.store.answers import clear_answers

    clear_answers(DATA_DIR)


def bench_commands(report: Report, runs: int, commands: tuple[list[str], ...] = COMMANDS,
                   ) -> None:
    floor, floor_cpu = process_times([PYTHON, "-c", "pass"], runs)
    imports, imports_cpu = process_times([PYTHON, "-c", IMPORTS], runs)
    build, build_cpu = process_times([*CROSSWALK, "build"], runs)
    help_, help_cpu = process_times([*CROSSWALK, "--help"], runs)
    report.figures.update(build=build, help=help_)

    def row(what: str, wall: float, cpu: float, first: object, target: str) -> list[object]:
        return [what, wall, ratio(wall, floor), cpu, ratio(cpu, floor_cpu), first, target]

    rows = [row("`python -c pass` (the floor)", floor, floor_cpu, "–", "–"),
            row("the libraries' imports alone", imports, imports_cpu, "–", "–"),
            row("`crosswalk --help`", help_, help_cpu, "–", f"≤ {HELP_TARGET} s"),
            row("`crosswalk build` (rebuild, shapes as SPARQL, Turtle)", build, build_cpu, "–",
                f"≤ {BUILD_TARGET} s")]
    for command in commands:
        stored, stored_cpu = process_times([*CROSSWALK, *command], runs)
        first = process_times([*CROSSWALK, *command], runs, before=_clear_answers)[0]
        rows.append(row(f"`crosswalk {' '.join(command)}`", stored, stored_cpu, first,
                        f"≤ {READ_TARGET} s"))
        report.figures["command"] = max(report.figures.get("command", 0.0), stored)
    report.table("Commands on the bundled data, whole process, seconds",
                 ["command", "wall", "× floor", "CPU", "CPU × floor",
                  "first ask after a build (wall)", "target"], rows,
                 f"Medians of {runs} runs, each a new Python process (`python -m graph ...`), "
                 "beside the floor `python -c pass` measured in the same run; CPU is user + "
                 "system time, which other work on the machine barely moves. A read command "
                 "answers from its stored answer (`graph/store/answers.py`: the standard "
                 "library reads it, no pandas, rdflib or networkx); the first ask after a "
                 "build runs the analysis and stores its answer (last column but one). The "
                 f"imports line is `python -c \"{IMPORTS}\"`, what the first ask and the build "
                 "stand on.")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report = Report(runs)
    load = os.getloadavg()[0]
    bench_commands(report, runs)
    replace_section(RESULTS, report.sections[0] + "\n\nMachine of this run:\n\n"
                    + "\n".join(machine()) + "\n- load average (1 min) at the start and end of "
                    f"the run: {load:.1f}, {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
