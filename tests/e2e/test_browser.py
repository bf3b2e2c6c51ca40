"""Every page in a real browser: it renders, a filter works, the map draws, a CSV downloads."""

from __future__ import annotations

from tests.e2e.conftest import screenshot


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    page.wait_for_selector("h1")


def test_overview(page, app_url):
    open_page(page, f"{app_url}/")
    page.get_by_text("fits the standard best").wait_for()
    assert page.get_by_role("heading", name="Choose a qualification").is_visible()
    page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for()
    screenshot(page, "overview")


def test_coverage_map_draws_nodes_and_filters(page, app_url):
    open_page(page, f"{app_url}/coverage-map?module=1")
    page.frame_locator("iframe").first.locator("canvas").first.wait_for()
    nodes = map_nodes(page)
    assert nodes > 10
    screenshot(page, "coverage-map")
    page.get_by_text("Show suggested mappings").click()  # a filter: adds NCFE's suggestions
    for _ in range(60):
        if map_nodes(page) != nodes:
            break
        page.wait_for_timeout(1000)
    assert map_nodes(page) > nodes


def map_nodes(page) -> int:
    """How many nodes the pyvis network in the page's component frame holds."""
    frame = next(f for f in page.frames if f.url == "about:srcdoc")
    frame.wait_for_function("() => typeof network !== 'undefined'")
    return frame.evaluate("() => network.body.data.nodes.length")


def test_gap_register_downloads_excel(page, app_url):
    from openpyxl import load_workbook

    open_page(page, f"{app_url}/gap-register")
    page.get_by_text("8 of the standard's 74 criteria").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the register and its decisions").click()
    sheet = load_workbook(info.value.path())["Register"]
    assert [c.value for c in sheet[1]][:4] == ["Item", "Highfield", "NCFE", "City & Guilds"]
    assert sheet.max_row == 75
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
