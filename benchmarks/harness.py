"""Timing, the machine, and the Markdown of RESULTS.md: what every benchmark shares."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

LONG = 1.0  # seconds: a call this long is run three times, not five
LIBRARIES = ("rdflib", "pyoxigraph", "oxrdflib", "pandas", "networkx", "scipy", "numpy",
             "streamlit")


def median_seconds(run: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``run`` (three when a call takes longer
    than :data:`LONG` seconds), in seconds."""
    times: list[float] = []
    while len(times) < (runs if not times or times[0] <= LONG else min(runs, 3)):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_seconds(command: list[str], runs: int) -> float:
    """The median wall time of running ``command`` as a whole process (it must succeed),
    after one untimed run that warms the file cache."""
    def once() -> None:
        subprocess.run(command, check=True, capture_output=True)

    once()
    return median_seconds(once, runs)


def machine() -> list[str]:
    """Lines describing this machine and the library versions."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 ** 2 for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    versions = ", ".join(f"{name} {version(name)}" for name in LIBRARIES)
    return [f"- CPU: {cpu}, `nproc` {os.cpu_count()}; memory {memory} GiB",
            f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
            f"- {versions}"]


@dataclass
class Report:
    """The sections of RESULTS.md, each a heading, a table and notes."""

    runs: int
    sections: list[str] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)  # the figures targets are set on

    def table(self, title: str, header: list[str], rows: list[list[object]],
              notes: str = "") -> None:
        lines = [f"## {title}", "", "| " + " | ".join(header) + " |",
                 "| " + " | ".join("---" for _ in header) + " |"]
        lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
        if notes:
            lines += ["", notes]
        self.sections.append("\n".join(lines))
        print(self.sections[-1], "\n", flush=True)

    def markdown(self, preface: str) -> str:
        return "\n\n".join([preface, *self.sections]) + "\n"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def ratio(slow: float, fast: float) -> str:
    """``slow / fast`` as ``12.3×``."""
    return f"{slow / fast:.1f}×" if fast > 0 else "–"


PYTHON = sys.executable


def replace_section(path: Path, section: str) -> None:
    """Put ``section`` (Markdown that starts with a ``## Title`` line) into ``path``: in place
    of the section with the same title, or at the end when there is none. Lets one benchmark
    run on its own refresh its part of RESULTS.md and leave the others as they were.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "R.md"
    >>> _ = p.write_text("# R\\n\\n## A\\n\\nold\\n\\n## B\\n\\nb\\n")
    >>> replace_section(p, "## A\\n\\nnew")
    >>> print(p.read_text())
    # R
    <BLANKLINE>
    ## A
    <BLANKLINE>
    new
    <BLANKLINE>
    ## B
    <BLANKLINE>
    b
    <BLANKLINE>
    """
    title = section.splitlines()[0].strip()
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section.strip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        tail = lines[end:]
        text = "\n".join(lines[:start] + section.strip("\n").splitlines()
                         + ([""] + tail if tail else [])) + "\n"
    path.write_text(text, encoding="utf-8")
