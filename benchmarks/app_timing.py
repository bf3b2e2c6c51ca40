"""The app's timings with Streamlit's AppTest, in a fresh process so the first render is cold.

``python -m benchmarks.app_timing RUNS`` prints JSON: ``first_render`` (a new process's first
run of the landing page: building the explorer's analyses included), ``filter_change`` (the
median of RUNS changes of the Gap register's items: criteria, statements, modules),
``page_switch``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from streamlit.testing.v1 import AppTest

from graph.ingest.sources import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
LEVELS = ("statement", "module", "criterion")


def timings(runs: int) -> dict[str, float]:
    start = time.perf_counter()
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    first = time.perf_counter() - start
    start = time.perf_counter()
    at.switch_page(str(PROJECT_ROOT / "app_pages/gap_audit.py"))
    at.run()
    switch = time.perf_counter() - start
    changes = []
    for run in range(runs):
        box = at.selectbox(key="level")
        start = time.perf_counter()
        box.set_value(LEVELS[run % len(LEVELS)]).run()
        changes.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(str(at.exception))
    return {"first_render": first, "page_switch": switch,
            "filter_change": statistics.median(changes)}


if __name__ == "__main__":
    print(json.dumps(timings(int(sys.argv[1]) if len(sys.argv) > 1 else 5)))
