"""The benchmarks run end to end at a tiny size, so they cannot rot (timings not asserted)."""

from __future__ import annotations

import subprocess
import sys

from graph.ingest.sources import PROJECT_ROOT


def test_every_benchmark_runs_at_a_tiny_size(tmp_path):
    out = tmp_path / "RESULTS.md"
    subprocess.run([sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(out),
                    "--root", str(tmp_path / "catalogues")], check=True, cwd=PROJECT_ROOT,
                   capture_output=True, timeout=600)
    text = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## Commands on the bundled data",
                    "## Library queries at tiny", "## The query sandbox", "## Equivalent units",
                    "## Suggested mappings", "## The app", "## The coverage map in Chromium",
                    "## The app in Chromium", "## Peak memory at tiny",
                    "## Analyses through a remote",
                    "## gaps and fit on Virtuoso",
                    "## Official standards: importing the national list"):
        assert heading in text, heading
