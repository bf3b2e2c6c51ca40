"""How fast the coverage map is drawn in a real browser after a change, on the bundled data.

``python -m benchmarks.coverage_map [RUNS]`` starts ``streamlit run app.py``, drives Debian's
Chromium with Playwright and times, from the user's action to the network drawn on the
canvas with the new content: the focus view after picking another item in the search (RUNS
different items, each drawn for the first time), the overview after switching to it, and
the full detail map after its switch. It writes its section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from benchmarks.harness import Report, machine, replace_section
from graph.ui.serve import serving
from tests.e2e.conftest import CHROMIUM_FLAGS, chromium_path

RESULTS = Path(__file__).parent / "RESULTS.md"
TITLE = "The coverage map in Chromium (bundled data), seconds"
ITEMS = ("S8.2", "B18.3", "9.1", "12", "K3.4", "S11.1", "B16.2", "6.1", "2")
DETAIL_NODES = 800  # the full detail map draws every item: more than this many (854 now)
DEADLINE = 120.0  # seconds a map may take before the benchmark gives up with an error


def _drawn(page, condition: str) -> None:
    """Wait until the map's frame has drawn a network for which ``condition`` (JavaScript
    over ``network``) holds."""
    script = (f"() => typeof network !== 'undefined' && network.body "
              f"&& network.body.data.nodes.length > 0 && ({condition})")
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if f.url == "about:srcdoc"]
        for frame in frames:
            try:
                if frame.evaluate(script):
                    return
            except Exception:  # the frame was replaced while we asked
                pass
        page.wait_for_timeout(20)
    raise TimeoutError(f"the map did not draw within {DEADLINE:g} s ({condition})")


def timings(runs: int) -> dict[str, list[float]]:
    """Seconds from each action to its map drawn (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium is not installed (apt-get install chromium)")
    out: dict[str, list[float]] = {"open": [], "focus": [], "overview": [], "detail": []}
    with serving() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(f"{url}/coverage-map")  # the first visit builds the app's data
        _drawn(page, "window.mapFocus === 'standard:criterion/K1.1'")
        start = time.perf_counter()
        page.goto(f"{url}/coverage-map?item=K1.2")
        _drawn(page, "window.mapFocus === 'standard:criterion/K1.2'")
        out["open"].append(time.perf_counter() - start)
        for code in ITEMS[:runs]:
            page.get_by_test_id("stSelectbox").first.click()
            page.keyboard.type(code + " ")
            option = page.get_by_role("option").first
            option.wait_for()
            start = time.perf_counter()
            page.keyboard.press("Enter")
            _drawn(page, f"window.mapFocus && network.body.data.nodes.get(window.mapFocus)"
                         f".label.startsWith({(code + ' ')!r}) || window.mapFocus && "
                         f"network.body.data.nodes.get(window.mapFocus).label"
                         f".indexOf(' {code} ') > 0")
            out["focus"].append(time.perf_counter() - start)
        switch = page.get_by_test_id("stButtonGroup").first  # the view: focus or overview
        for _ in range(runs):
            start = time.perf_counter()
            switch.get_by_text("Overview", exact=True).click()
            _drawn(page, "network.body.data.nodes.get('ncfe') !== null")
            out["overview"].append(time.perf_counter() - start)
            start = time.perf_counter()
            page.get_by_text("Every item (the full detail map").click()
            _drawn(page, f"network.body.data.nodes.length > {DETAIL_NODES}")
            out["detail"].append(time.perf_counter() - start)
            page.get_by_text("Every item (the full detail map").click()
            _drawn(page, "network.body.data.nodes.get('ncfe') !== null")
            switch.get_by_text("Focus on an item", exact=True).click()
            _drawn(page, "window.mapFocus !== null && window.mapFocus !== undefined")
        browser.close()
    return out


def bench_coverage_map(report: Report, runs: int) -> None:
    """Time the map in Chromium and add its section to ``report`` (figures ``map`` and
    ``detail_map`` for the targets)."""
    found = timings(runs)
    report.figures["map"] = max(statistics.median(found["focus"]),
                                statistics.median(found["overview"]))
    report.figures["detail_map"] = statistics.median(found["detail"])
    rows = [
        ["open `coverage-map?item=K1.2` (a new page load, data already built)",
         statistics.median(found["open"]), max(found["open"]), "–"],
        [f"focus view after picking another item in the search ({len(found['focus'])} "
         "items, each drawn for the first time)", statistics.median(found["focus"]),
         max(found["focus"]), "≤ 2 s"],
        ["overview after switching to it", statistics.median(found["overview"]),
         max(found["overview"]), "≤ 2 s"],
        ["full detail map (every item) after its switch",
         statistics.median(found["detail"]), max(found["detail"]), "≤ 3 s"],
    ]
    report.table(TITLE, ["from the action to the network drawn", "median", "slowest",
                         "target"], rows,
                 "`benchmarks/coverage_map.py`: a real `streamlit run` and Debian's Chromium "
                 "driven by Playwright (viewport 1400 × 1000), timed from the click or key "
                 "press to the vis-network canvas holding the new map. The layouts are "
                 "computed on the server (physics off); each map is cached by its choices, so "
                 "a choice seen before is faster than these first draws.\n\n"
                 + "\n".join(machine()))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report = Report(runs)
    bench_coverage_map(report, runs)
    replace_section(RESULTS, report.sections[-1])
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
