"""The explorer's speed as its users meet it, measured in Chromium against a real server.

``python -m benchmarks.app_journeys [RUNS]`` writes its section of ``benchmarks/RESULTS.md``:

* first render of each page after the server starts: a fresh server per page, started as
  ``make run`` starts it (:mod:`graph.ui.serve`, from the built cache), timed from navigation
  until the page's last part is on screen and its run has finished; the median of
  :data:`RENDER_RUNS` servers per page (one alone varies by ±0.3 s);
* a widget change: picking another item on the Trace page and another level in the Gap
  register, timed from the click on the option until the new content is on screen (the
  browser's figure: the server's run, the round trip and the drawing), the median of RUNS;
* a curation decision: from the click on Confirm until the history shows it (the decision
  written, the store updated in place, the analyses recomputed), on a copy of the data; and
  the same decision timed in process (:func:`graph.store.incremental.decide` and the
  explorer's analyses), the median of RUNS decisions and undos.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Report, machine, replace_section
from graph.ingest.sources import DATA_DIR
from graph.model.tables import TABLES
from graph.store.cache import cached_store
from graph.ui.serve import serving

RESULTS = Path(__file__).parent / "RESULTS.md"
TITLE = "The app in Chromium (first render, widget change, curation decision), seconds"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# page path -> text on screen once the page's last part is drawn
PAGES = {"overview": "Download a printable page", "gap-register": "own defects",
         "trace": "What assesses it", "compare": "Groups equivalent across all three bodies",
         "coverage-map": "Coverage map", "sparql": "Run query", "import": "Import"}
RENDER_RUNS = 3  # fresh servers per page for its first render
SETTLED = ("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')"
           " && !document.querySelector('[data-testid=\"stSpinner\"]')")


def first_renders(browser, pages: list[str], runs: int = 1) -> dict[str, float]:
    """Median seconds from navigation to the drawn page, each time on a freshly started
    server; the pages take turns, so that none is always the browser's first."""
    times: dict[str, list[float]] = {path: [] for path in pages}
    for _ in range(runs):
        for path in pages:
            with serving() as url:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                start = time.perf_counter()
                page.goto(f"{url}/{path}")
                page.get_by_text(PAGES[path]).first.wait_for(timeout=120_000)
                page.wait_for_function(SETTLED)
                times[path].append(time.perf_counter() - start)
                page.close()
    return {path: statistics.median(seconds) for path, seconds in times.items()}


def widget_changes(browser, runs: int) -> dict[str, float]:
    """Median seconds from choosing an option to its content on screen."""
    items = ["K1.2", "S8.1", "B18.4", "K2.1", "S9.3", "B13.2"]
    levels = [("Statements of the standard", "34 statements"),
              ("Modules of the standard", "18 modules"),
              ("Criteria of the standard", "75 criteria")]
    trace_times, register_times = [], []
    with serving() as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/trace?item=K1.1")
        page.get_by_text(PAGES["trace"]).first.wait_for(timeout=120_000)
        for run in range(runs):
            code = items[run % len(items)]
            _open(page, "Standard item", code)
            start = time.perf_counter()
            page.get_by_role("option", name=f"{code}:").first.click()
            page.locator("strong", has_text=f"{code}:").first.wait_for()
            page.wait_for_function(SETTLED)
            trace_times.append(time.perf_counter() - start)
        page.goto(f"{url}/gap-register")
        page.get_by_text(PAGES["gap-register"]).first.wait_for(timeout=120_000)
        for run in range(runs):
            option, shown = levels[run % len(levels)]
            _open(page, "Items", option)
            start = time.perf_counter()
            page.get_by_role("option", name=option).first.click()
            page.get_by_text(f"of the standard's {shown}").wait_for()
            page.wait_for_function(SETTLED)
            register_times.append(time.perf_counter() - start)
        page.close()
    return {"trace": statistics.median(trace_times),
            "register": statistics.median(register_times)}


def decisions_in_browser(browser, runs: int) -> float:
    """Median seconds from Confirm to the history showing the decision (accept, then undo)."""
    with tempfile.TemporaryDirectory() as folder:
        data = _copy_of_data(Path(folder))
        cached_store(data)  # built before the server starts, as `make run` does
        return _decide_in(browser, data, runs)


def _decide_in(browser, data: Path, runs: int) -> float:
    times = []
    with serving({"CROSSWALK_DATA": str(data)}) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/gap-register")
        page.get_by_text(PAGES["gap-register"]).first.wait_for(timeout=120_000)
        _open(page, "Items", "Statements of the standard")
        page.get_by_role("option", name="Statements of the standard").first.click()
        page.get_by_text("of the standard's 34 statements").wait_for()
        _open(page, "Show", "Every item")
        page.get_by_role("option", name="Every item").first.click()
        page.get_by_text("34 of the standard's 34 statements").wait_for()
        page.locator("[data-testid='stRadio']").filter(has_text="Qualification").first \
            .get_by_text("NCFE", exact=True).click()
        _open(page, "Gap", "1.1:")  # statement 1.1, which NCFE states "No mapping" for
        page.get_by_role("option", name="1.1:").first.click()
        page.get_by_text("NCFE evidences this statement not at all").wait_for()
        page.get_by_label("Reviewer").fill("Benchmark")
        for run in range(2 * runs):
            if run % 2 == 0:
                page.locator("[data-testid='stRadio']").filter(has_text="Decision").first \
                    .get_by_text("Accept the suggested mapping", exact=True).click()
                page.wait_for_function(SETTLED)
                page.get_by_role("button", name="Record the decision…").click()
            else:
                page.get_by_role("button", name=re.compile("^Undo")).first.click()
            page.get_by_role("button", name="Confirm").wait_for()
            start = time.perf_counter()
            page.get_by_role("button", name="Confirm").click()
            page.get_by_text(f"History of this gap ({run + 1} decisions)").wait_for()
            page.wait_for_function(SETTLED)
            times.append(time.perf_counter() - start)
        page.close()
    return statistics.median(times)


def decisions_in_process(runs: int) -> float:
    """Median seconds of a decision in process: record, update the store, recompute."""
    from graph.store.incremental import decide
    from graph.ui.data import load_explorer, refresh_explorer

    with tempfile.TemporaryDirectory() as folder:
        data = _copy_of_data(Path(folder))
        cached_store(data)
        explorer = load_explorer(data)
        times = []
        for run in range(2 * runs):
            start = time.perf_counter()
            view = decide(data, explorer.view, "ncfe", "unit/16/ac/1.1", "statement/1.1",
                          "undo" if run % 2 else "accept", reviewer="Benchmark")
            explorer = refresh_explorer(explorer, data, view, "ncfe")
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_journeys(report: Report, runs: int, smoke: bool = False) -> dict[str, float]:
    """Measure in Chromium and add the section to ``report``; return the headline figures."""
    if not Path(CHROMIUM).exists():
        report.table(TITLE, ["step", "seconds", "target"],
                     [["Chromium is not installed (apt-get install chromium)", "–", "–"]])
        return {}
    from playwright.sync_api import sync_playwright

    pages = ["overview"] if smoke else list(PAGES)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        renders = first_renders(browser, pages, 1 if smoke else RENDER_RUNS)
        changes = widget_changes(browser, runs)
        browser_decision = decisions_in_browser(browser, runs)
        browser.close()
    process_decision = decisions_in_process(runs)
    rows = [[f"first render of {path} after the server starts", seconds, "≤ 2 s"]
            for path, seconds in renders.items()]
    rows += [["widget change: Trace item (in the browser)", changes["trace"], "≤ 0.3 s (server)"],
             ["widget change: Gap register items (in the browser)", changes["register"],
              "≤ 0.3 s (server)"],
             ["curation decision: Confirm to history shown (in the browser)", browser_decision,
              "≤ 1 s"],
             ["curation decision in process: record, update the store, recompute",
              process_decision, "≤ 1 s"]]
    report.table(TITLE, ["step", "seconds", "target"], rows,
                 "`benchmarks/app_journeys.py`: Debian's Chromium driven by Playwright at "
                 "1,400 × 1,000 px against `python -m graph.ui.serve` (as `make run`); "
                 f"first renders are medians of {1 if smoke else RENDER_RUNS} fresh servers "
                 f"per page, widget changes and decisions medians of {runs} (decisions: {runs} "
                 "accepts and their undos). Browser figures include the round trip and the "
                 "drawing; the server's own run of a widget change is in the AppTest table.")
    return {"first_render": max(renders.values()), "widget": max(changes.values()),
            "decision": browser_decision}


def _open(page, label: str, option: str) -> None:
    """Open the select box ``label`` and filter its list to ``option``."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)


def _copy_of_data(folder: Path) -> Path:
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    return folder


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report = Report(runs)
    bench_journeys(report, runs)
    section = report.sections[-1] + "\n\nMachine of this run:\n" + "\n".join(machine())
    replace_section(RESULTS, section)
    print(f"wrote its section of {RESULTS}")


if __name__ == "__main__":
    main()
