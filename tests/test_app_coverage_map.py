"""The Coverage map page, run headless with AppTest on the bundled data."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph.analysis.coverage import STATUSES
from graph.ingest.sources import PROJECT_ROOT

ALL_FRAMEWORKS = ["highfield", "ncfe", "cityguilds", "highfield-textbook", "highfield-workbook",
                  "highfield-activities", "cityguilds-manual", "epa"]


def coverage_map(**params: str) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(str(PROJECT_ROOT / "app_pages/coverage_map.py"))
    at.run()
    assert not at.exception, at.exception
    return at


def filters(at: AppTest) -> dict[str, list[str]]:
    return {m.label: m.value for m in at.multiselect}


def test_defaults_draw_module_1_for_every_framework():
    at = coverage_map()
    assert filters(at) == {"Frameworks": ALL_FRAMEWORKS, "Modules": ["1"],
                           "KSB type": ["Knowledge", "Skill", "Behaviour"],
                           "Status (any framework)": list(STATUSES)}
    assert at.title[0].value == "Coverage map"
    assert not at.warning and not at.info
    assert "asserted" in at.markdown[0].value  # the legend
    assert at.get("download_button")
    at.toggle[0].set_value(True).run()  # suggested mappings
    assert not at.exception


def test_deep_link_sets_the_filters_and_stays_in_the_url():
    at = coverage_map(framework="NCFE,highfield", module="2,3", status="direct")
    assert filters(at)["Frameworks"] == ["ncfe", "highfield"]
    assert filters(at)["Modules"] == ["2", "3"]
    assert filters(at)["Status (any framework)"] == ["direct"]
    assert at.query_params["module"] == "2,3"
    at.multiselect[1].set_value(["4"]).run()
    assert at.query_params["module"] == "4"
    at.multiselect[0].set_value(["epa"]).run()
    assert filters(at)["Modules"] == ["4"] and at.query_params["framework"] == "epa"
    at.multiselect[1].set_value(["1"]).run()
    assert "module" not in at.query_params  # the default is left out of the URL


def test_unknown_values_fall_back_to_the_default():
    at = coverage_map(module="99", ksb="nonsense")
    assert filters(at)["Modules"] == ["1"]
    assert filters(at)["KSB type"] == ["Knowledge", "Skill", "Behaviour"]


def test_every_module_fits_under_the_cap():
    # 853 items with every framework (the cap itself is tested in test_network_map.py)
    at = coverage_map(module=",".join(str(i) for i in range(1, 19)))
    assert not at.warning


def test_empty_filters_give_a_message_not_a_map():
    at = coverage_map()
    at.multiselect[1].set_value([]).run()
    assert not at.exception
    assert "Nothing to draw" in at.info[0].value
    assert not at.get("download_button")
