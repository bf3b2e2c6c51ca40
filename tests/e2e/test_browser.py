"""Every page in a real browser: it renders, a filter works, a CSV downloads (the coverage
map has its own tests: test_coverage_map.py)."""

from __future__ import annotations

import csv
import io
import re

from tests.e2e.conftest import screenshot


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    page.wait_for_selector("h1")


def test_overview(page, app_url):
    open_page(page, f"{app_url}/")
    page.get_by_text("fits the standard best").wait_for()
    assert page.get_by_role("heading", name="Choose a qualification").is_visible()
    page.locator("table.cw-heat td").first.wait_for()  # the module-by-module heatmap
    screenshot(page, "overview")


def test_gap_register_downloads_excel(page, app_url, tmp_path):
    from openpyxl import load_workbook

    open_page(page, f"{app_url}/gap-register")
    page.get_by_text(re.compile(r"\d+ of the standard's 75 criteria")).first.wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the register and its decisions").click()
    saved = tmp_path / "register.xlsx"  # openpyxl goes by the file's extension
    info.value.save_as(saved)
    sheet = load_workbook(saved)["Register"]
    assert [c.value for c in sheet[1]][:5] == ["Item", "Official KSB", "Highfield", "NCFE",
                                              "City & Guilds"]
    assert sheet.max_row == 76  # a row per criterion (75) under the header
    screenshot(page, "gap-register")


def test_compare(page, app_url):
    open_page(page, f"{app_url}/compare")
    page.get_by_text("Groups equivalent across all three bodies").wait_for()
    screenshot(page, "compare")


def test_trace_deep_link(page, app_url):
    open_page(page, f"{app_url}/trace?item=K1.1")
    page.get_by_text("Unit 1 (D/615/6236) · LO1 · AC1.2").first.wait_for()
    screenshot(page, "trace")


def test_sparql_runs_and_downloads(page, app_url):
    open_page(page, f"{app_url}/sparql?query=no-mapping-rows")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("2 rows").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    assert "ncfe" in info.value.path().read_text(encoding="utf-8")
    screenshot(page, "sparql")


def test_what_changed_downloads_the_diff(page, app_url):
    open_page(page, f"{app_url}/what-changed")
    page.get_by_text("ST0072@1.0 lists no KSBs in its record").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    funding = next(r for r in rows if r["code"] == "funding band")
    assert (funding["old"], funding["new"]) == ("4000", "3500")
    screenshot(page, "what-changed")
