"""Import of the national list of official standards: ``python -m benchmarks.standards_import``.

Writes a synthetic national list in the standards API's JSON (``crosswalk synth
--standards-json``: 2,000 standard versions, about 80 MB) and times ``crosswalk
import-standard`` on it into a copy of the bundled tables, as a whole process: wall time,
CPU time (user + system) and peak resident set. Targets: ≤ 30 s and ≤ 1.5 GB. The machine's
load average is reported beside the figures, since the wall time is shared with whatever else
runs. ``--smoke`` imports 20 versions into a scratch file. Refreshes its own section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.catalogue import BENCH_DIR, SEED
from benchmarks.harness import PYTHON, Report, replace_section
from graph.ingest.sources import DATA_DIR
from graph.ingest.synth import synth_standards
from graph.model.tables import TABLES

RESULTS = Path(__file__).parent / "RESULTS.md"
TITLE = "Official standards: importing the national list"
VERSIONS, SMOKE_VERSIONS = 2000, 20
TARGET_SECONDS, TARGET_MIB = 30.0, 1536


def national_list(versions: int, root: Path = BENCH_DIR) -> Path:
    """The synthetic national list of ``versions`` versions, written once per size and seed."""
    path = root / f"standards-{versions}-{SEED}.json"
    if not path.is_file():
        synth_standards(path, versions, SEED)
    return path


def timed_import(path: Path) -> dict[str, float]:
    """Run ``crosswalk import-standard`` on ``path`` into a copy of the bundled tables in its
    own process: wall seconds, CPU seconds and peak resident set (MiB)."""
    with tempfile.TemporaryDirectory() as folder:
        for name in TABLES:
            shutil.copy(DATA_DIR / f"{name}.csv", Path(folder) / f"{name}.csv")
        start = time.perf_counter()
        process = subprocess.Popen([PYTHON, "-m", "graph", "--data", folder,
                                    "import-standard", str(path)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        output = process.stdout.read().decode() + process.stderr.read().decode()
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"import-standard failed: {output.strip()}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "peak": usage.ru_maxrss / 1024, "output": output.strip().split(" into ")[0]}


def bench_standards_import(report: Report, smoke: bool, root: Path = BENCH_DIR) -> None:
    """Add the import's section (and its figures) to ``report``."""
    versions = SMOKE_VERSIONS if smoke else VERSIONS
    path = national_list(versions, root)
    load = os.getloadavg()[0]
    figures = timed_import(path)
    report.figures["standards_import"] = figures["wall"]
    report.table(TITLE, ["file", "wall s", "CPU s", "peak MiB", "target"], [
        [f"{versions:,} versions, {path.stat().st_size / 1e6:.0f} MB", figures["wall"],
         figures["cpu"], f"{figures['peak']:.0f}",
         f"≤ {TARGET_SECONDS:.0f} s, ≤ {TARGET_MIB / 1024:.1f} GB"]],
        f"`crosswalk import-standard` in its own process (`benchmarks/standards_import.py`), "
        f"one run, into a copy of the bundled tables; {figures['output']}. Load average when "
        f"it started: {load:.1f} on {os.cpu_count()} cores (the wall time shares the machine; "
        "the CPU time is this process's own).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="20 versions, into a scratch file")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report = Report(1)
    bench_standards_import(report, args.smoke)
    replace_section(args.out, report.sections[-1])
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
