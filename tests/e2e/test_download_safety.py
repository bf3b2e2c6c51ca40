"""The app's CSV downloads in a real browser: text that starts like a formula arrives inert."""

from __future__ import annotations

import csv

from tests.e2e.test_browser import open_page

FORMULA = '=HYPERLINK("http://evil.example/u","Unit 101")'


def test_a_formula_in_a_sparql_answer_downloads_as_text(page, app_url):
    open_page(page, f"{app_url}/sparql?query=no-mapping-rows")
    query = 'SELECT ?title WHERE { BIND("""' + FORMULA + '""" AS ?title) }'
    box = page.get_by_role("textbox", name="Query")
    box.fill(query)
    box.press("Control+Enter")
    page.get_by_role("button", name="Run query").click()
    page.get_by_text("1 rows").wait_for()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    with open(info.value.path(), encoding="utf-8", newline="") as downloaded:
        assert list(csv.reader(downloaded)) == [["title"], [f"'{FORMULA}"]]
