"""Every page in a real browser: it renders, a filter works, a CSV downloads (the coverage
map has its own tests: test_coverage_map.py)."""

from __future__ import annotations

import csv
import io

from tests.e2e.conftest import screenshot


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    page.wait_for_selector("h1")


def test_overview(page, app_url):
    open_page(page, f"{app_url}/")
    page.get_by_text("Qualification fit ranking").wait_for()
    assert page.get_by_role("heading", name="KSB Crosswalk").is_visible()
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for()
    screenshot(page, "overview")


def test_gap_audit_download_csv(page, app_url):
    open_page(page, f"{app_url}/gap-audit?framework=ncfe&level=statement")
    page.get_by_text("Gaps (2)").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert [r["notation"] for r in rows] == ["1.1", "2.2"]
    screenshot(page, "gap-audit")


def test_gap_audit_filter_changes_the_table(page, app_url):
    open_page(page, f"{app_url}/gap-audit?framework=highfield&level=criterion")
    page.get_by_text("Gaps (8)").wait_for()


def test_compare(page, app_url):
    open_page(page, f"{app_url}/compare")
    page.get_by_text("Groups equivalent across all three bodies").wait_for()
    screenshot(page, "compare")


def test_trace_deep_link(page, app_url):
    open_page(page, f"{app_url}/trace?item=K1.1")
    page.get_by_text("Unit 1 LO1 AC1.2").first.wait_for(state="attached")  # a grid cell
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
