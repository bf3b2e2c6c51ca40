"""The three tasks the explorer's users come with, in a real Chromium against a real server,
every URL-kept widget taking three successive picks, and no raw id on any page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import screenshot

# Ids, class names and column keys a reader must never see (outside the SPARQL editor).
RAW = re.compile(r"\b(?:unit|booklet|method|task|criterion|statement)/[\w./-]+"
                 r"|\b(?:AssessmentCriterion|TextbookPage|WorkbookQuestion|LearningOutcome|"
                 r"TrainingTask|CoverageItem|AssessmentMethod|StandardStatement)\b"
                 r"|\b(?:criteria_direct|a_label|b_label|covered_by|candidate_label)\b"
                 r"|\bNone\b|<NA>")
PAGES = {"overview": "Download a printable page", "gap-register": "own defects",
         "trace": "What assesses it", "compare": "Groups equivalent across all three bodies",
         "coverage-map": "criterion-level mapping", "what-changed": "Stale mappings",
         "import": "Import"}
NO_GRID = ("import", "coverage-map")  # pages that show no data grid


def open_page(page, url: str, ready: str) -> None:
    page.goto(url)
    page.get_by_text(ready).first.wait_for()
    settle(page)


def settle(page) -> None:
    """Wait until the page's script run has finished (Streamlit's running indicator gone)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')"
        " && !document.querySelector('[data-testid=\"stSpinner\"]')")


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_param(page, name: str, value: str | None) -> None:
    """Wait until the URL's query parameter ``name`` is ``value`` (None: absent)."""
    page.wait_for_function("([name, value]) => new URLSearchParams(location.search)"
                           ".get(name) === value", arg=[name, value])


def pick(page, label: str, option: str) -> None:
    """Choose ``option`` in the select box labelled ``label``."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option.rstrip(":"))  # the list shows a window of its options: filter first
    page.get_by_role("option", name=option).first.click()


def choose(page, label: str, option: str) -> None:
    """Choose ``option`` among the radio buttons labelled ``label``."""
    group = page.locator("[data-testid='stRadio']").filter(has_text=label).first
    group.get_by_text(option, exact=True).click()


def visible_text(page, tables: bool = True) -> str:
    """The page's text and every data grid's visible cells (the grids draw on a canvas and
    keep the cells in view in an accessible table inside it, filled a moment later).
    ``tables``: the page shows at least one grid."""
    if tables:
        page.locator("[data-testid='data-grid-canvas'] td").first.wait_for(state="attached")
    page.wait_for_function("""() => {
        const grids = document.querySelectorAll("[data-testid='stDataFrame']");
        const canvases = Array.from(document.querySelectorAll(
            "[data-testid='data-grid-canvas']"));
        return canvases.length === grids.length
            && canvases.every(c => c.querySelector("td"));
    }""")
    cells = page.evaluate("""() => Array.from(document.querySelectorAll(
        "[data-testid='data-grid-canvas'] th, [data-testid='data-grid-canvas'] td"))
        .map(c => c.textContent).join("\\n")""")
    return page.inner_text("[data-testid='stMain']") + "\n" + cells


def wait_for_cell(page, text: str) -> None:
    """Wait until a data grid's accessible cells hold ``text`` (a grid fills them a moment
    after it is drawn, and only for rows in view: scroll its grid into view first)."""
    page.wait_for_function("""(text) => Array.from(document.querySelectorAll(
        "[data-testid='data-grid-canvas'] td")).some(c => c.textContent.includes(text))""",
                           arg=text)


def test_the_verdict_is_readable_on_the_landing_page_without_scrolling(page, app_url):
    open_page(page, f"{app_url}/", "fits the standard best")
    verdict = page.locator("[data-testid='stAlertContentSuccess']").first
    text = verdict.inner_text()
    assert "Highfield Level 2 Diploma for Customer Service Practitioners (RQF) fits the " \
           "standard best: it evidences 66 of 75 criteria at criterion level" in text
    box = verdict.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 1000  # in the first screen
    assert "stays the same under all 36 other reasonable weightings" in visible_text(page)
    screenshot(page, "journey-choose", full_page=False)  # the verdict, as it first shows


def test_the_register_lists_gaps_records_a_decision_and_undoes_it(page, scratch_app_url):
    open_page(page, f"{scratch_app_url}/gap-register", "own defects")
    text = visible_text(page)
    assert "9 of the standard's 75 criteria" in text
    for code in ("K1.5", "K1.6", "K2 (uncoded)", "K4.1", "S8.5", "S11.3", "B15.5", "B17.2",
                 "B18.2"):
        assert f"{code}:" in text
    pick(page, "Items", "Statements of the standard")
    page.get_by_text("of the standard's 34 statements").wait_for()
    pick(page, "Show", "Every item")
    page.get_by_text("34 of the standard's 34 statements").wait_for()
    choose(page, "Qualification", "NCFE")
    pick(page, "Gap", "1.1:")  # statement 1.1, which NCFE states "No mapping" for (line 9)
    page.get_by_text("NCFE evidences this statement not at all").wait_for()
    settle(page)
    choose(page, "Decision", "Accept the suggested mapping")
    page.get_by_label("Reviewer").fill("A. Reviewer")
    page.get_by_label("Note").fill("customers are introduced here")
    page.get_by_role("button", name="Record the decision…").click()
    page.get_by_text("Confirm: Accept the suggested mapping for NCFE").wait_for()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("History of this gap (1 decisions)").wait_for()
    history = page.locator("[data-testid='stDataFrame']").nth(-2)  # the defects come last
    history.scroll_into_view_if_needed()
    wait_for_cell(page, "mapping accepted")
    assert "mapping accepted" in visible_text(page)
    settle(page)  # the form starts afresh, under the same reviewer
    assert page.get_by_label("Note").input_value() == ""
    assert page.get_by_label("Reviewer").input_value() == "A. Reviewer"
    page.get_by_role("button", name=re.compile("^Undo")).first.click()
    page.get_by_text("Confirm: Undo the standing decision").wait_for()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("History of this gap (2 decisions)").wait_for()
    history.scroll_into_view_if_needed()
    wait_for_cell(page, "undone")
    assert "undone" in visible_text(page)
    settle(page)  # a gap again: its suggestion is offered first, not the last choice
    assert page.get_by_role("radio", name="Accept the suggested mapping").is_checked()
    screenshot(page, "journey-register", height=2400)  # the last step: it resizes the window


def test_trace_k11_names_each_covering_unit_with_reference_and_wording(page, app_url):
    open_page(page, f"{app_url}/trace?item=k1.1", "What assesses it")
    text = visible_text(page)
    assert "Highfield evidences it at criterion level: Unit 1 (D/615/6236) · LO1 · AC1.2" \
        in text
    assert "City & Guilds evidences it only by a claim for its whole module: Unit 204 " \
           "Contribute to a customer focused experience" in text
    assert "Unit 2 · AC1.1: Explain the distinctions between internal and external customers" \
        in text
    assert "What teaches it" in text and "textbook page" in text
    screenshot(page, "journey-trace", height=1700)


def test_every_url_kept_widget_takes_three_successive_picks(page, app_url):
    open_page(page, f"{app_url}/", "fits the standard best")
    for option, code in (("NCFE", "ncfe"), ("City & Guilds", "cityguilds"),
                         ("Highfield", None)):  # the best fit, the default: not in the URL
        choose(page, "Qualification", option)
        page.wait_for_function("(code) => new URLSearchParams(location.search).get('q') === code",
                               arg=code)
        page.get_by_text(f"Criteria {option} does not evidence").wait_for()
    open_page(page, f"{app_url}/gap-register", "own defects")
    for option, count in (("Modules of the standard", "of the standard's 18 modules"),
                          ("Statements of the standard", "of the standard's 34 statements"),
                          ("Criteria of the standard", "of the standard's 75 criteria")):
        pick(page, "Items", option)
        page.get_by_text(count).wait_for()
        settle(page)
    for option, count in (("Every item", "75 of the standard's 75"),
                          ("Covered only by module-level claims", "0 of the standard's 75"),
                          ("No qualification covers it at criterion level",
                           "9 of the standard's 75")):
        pick(page, "Show", option)
        page.get_by_text(count).wait_for()
        settle(page)
    for option in ("K1.6", "K4.1", "S8.5"):
        pick(page, "Gap", f"{option}:")
        wait_for_param(page, "item", option)
        settle(page)
        assert page.get_by_role("combobox", name="Gap").input_value().startswith(option)
    open_page(page, f"{app_url}/trace?item=K1.1", "What assesses it")
    for option in ("K1.2", "S8.1", "B18.4"):
        pick(page, "Standard item", f"{option}:")
        wait_for_param(page, "item", option)
        page.locator("strong", has_text=f"{option}:").first.wait_for()
        settle(page)
    open_page(page, f"{app_url}/compare", "Groups equivalent")
    for option, shown in (("City & Guilds", False), ("City & Guilds", True), ("NCFE", False)):
        if shown:
            page.get_by_role("combobox", name="Qualifications").click()
            page.get_by_role("option", name=option).first.click()
            page.keyboard.press("Escape")
        else:
            page.get_by_role("button", name=f"Remove {option}").click()
        settle(page)
        side = page.locator("[data-testid='stDataFrame']").first  # coverage side by side
        header = side.locator("th", has_text=option)
        header.first.wait_for(state="attached" if shown else "detached")
    assert parse_qs(urlparse(page.url).query)["compare"] == ["Highfield", "City & Guilds"]


def test_a_deep_link_in_another_case_opens_its_item_and_keeps_it_in_the_address(page, app_url):
    """``?item=k1.5`` opens K1.5 and the address then says ``item=K1.5``, so a link copied
    from it opens the same item; a choice equal to the page's default leaves the address."""
    open_page(page, f"{app_url}/trace?item=k1.5", "What assesses it")
    page.locator("strong", has_text="K1.5:").first.wait_for()
    wait_for_param(page, "item", "K1.5")
    open_page(page, f"{app_url}/gap-register?show=EVERY+ITEM&level=Modules+of+the+standard",
              "own defects")  # an option in capitals and one by its shown text
    page.get_by_text("of the standard's 18 modules").wait_for()
    wait_for_param(page, "show", "every item")
    wait_for_param(page, "level", "module")
    pick(page, "Items", "Criteria of the standard")
    page.get_by_text("75 of the standard's 75 criteria").wait_for()
    wait_for_param(page, "level", None)


@pytest.mark.parametrize("path", list(PAGES))
def test_no_page_shows_raw_ids_or_class_names(page, app_url, path):
    open_page(page, f"{app_url}/{path}", PAGES[path])
    found = RAW.findall(visible_text(page, tables=path not in NO_GRID))
    assert not found, found[:5]


def test_the_maps_labels_and_tooltips_show_no_raw_ids(page, app_url):
    """The coverage map draws its labels on a canvas: read them, and the tooltips, from the
    map itself, in the focus view and the overview."""
    for view in ("", "?view=Overview"):
        open_page(page, f"{app_url}/coverage-map{view}", "criterion-level mapping")
        page.frame_locator("iframe").first.locator("canvas").first.wait_for()
        frame = next(f for f in page.frames if f.url == "about:srcdoc")
        frame.wait_for_function("() => typeof network !== 'undefined' && network.body")
        words = frame.evaluate("""() => network.body.data.nodes.get().map(
            n => (n.label || '') + '\\n' + (typeof n.title === 'string' ? n.title
                                              : (n.title ? n.title.innerText : ''))).join('\\n')""")
        assert len(words) > 500
        found = RAW.findall(words)
        assert not found, found[:5]
