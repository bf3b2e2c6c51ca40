"""The Coverage map page, run headless with AppTest on the bundled data.

The URL and the browser (deep links, clicks, the search's completion) are tested in Chromium:
``tests/e2e/test_coverage_map.py``.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph.ingest.sources import PROJECT_ROOT

ALL_FRAMEWORKS = ["highfield", "ncfe", "cityguilds", "highfield-textbook", "highfield-workbook",
                  "highfield-activities", "cityguilds-manual", "epa"]


def coverage_map() -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(str(PROJECT_ROOT / "app_pages/coverage_map.py"))
    at.run()
    assert not at.exception, at.exception
    return at


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def downloads(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_the_default_is_the_focus_view_of_k11_for_every_framework():
    at = coverage_map()
    assert at.title[0].value == "Coverage map"
    assert at.segmented_control[0].value == "Focus on an item"
    assert at.pills[0].value == ALL_FRAMEWORKS
    assert at.selectbox[0].value == "standard:criterion/K1.1"
    assert any(c.startswith("In focus: K1.1 Explain the difference between internal and "
                            "external customers") for c in captions(at))
    legend = at.markdown[0].value
    for words in ("Highfield qualification", "NCFE qualification", "criterion-level mapping",
                  "module-level claim", "assessment criterion"):
        assert words in legend, words
    assert downloads(at) == ["Download this map (HTML)", "Download as a picture (SVG)"]
    assert not at.warning


def test_a_picked_item_and_fewer_frameworks_redraw_the_focus():
    at = coverage_map()
    at.selectbox[0].set_value("ncfe:unit/2").run()
    assert any(c.startswith("In focus: NCFE qualification · Unit 2") for c in captions(at))
    at.selectbox[0].set_value("standard:module/1").run()
    at.pills[0].set_value(["highfield"]).run()
    assert "NCFE qualification" not in at.markdown[0].value
    at.toggle[0].set_value(True).run()  # suggested mappings
    assert not at.exception


def test_the_overview_and_the_full_detail_map():
    at = coverage_map()
    at.segmented_control[0].set_value("Overview").run()
    assert any("to put the module in focus" in c for c in captions(at))
    assert any("how many of the module's criteria" in c for c in captions(at))
    at.toggle[0].set_value(True).run()  # every item
    assert any(c.startswith("854 items") for c in captions(at))  # with K2 (uncoded)
    assert not at.exception


def test_no_framework_chosen_still_shows_the_standard():
    at = coverage_map()
    at.pills[0].set_value([]).run()
    assert not at.exception
    assert any("3 items" in c for c in captions(at))  # K1.1, its statement and module
