"""The app's Import page (AppTest): upload, a dry-run preview of every problem, Import, and the
new qualification on the Overview's fit ranking."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph.ingest.sources import DATA_DIR, PROJECT_ROOT
from graph.model.tables_io import read_tables

PAGE = str(PROJECT_ROOT / "app_pages" / "import.py")
EXAMPLES = DATA_DIR / "examples"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture
def app_data(data_copy, monkeypatch):
    monkeypatch.setenv("CROSSWALK_DATA", str(data_copy))
    return data_copy


def page() -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_bad_upload_shows_every_problem_and_writes_nothing(app_data, snapshot):
    before = snapshot(app_data)
    at = page()
    assert at.file_uploader[0].accept_multiple_files
    at.file_uploader[0].set_value([("units.csv", PNG, "text/csv")])
    at.run()
    assert not at.exception, at.exception
    assert "nothing will be written" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems.values.tolist() == [["units.csv", None, None,
                                         "not a CSV, XLSX or TSV file"]]
    assert not [b for b in at.button if b.label == "Import"]
    assert snapshot(app_data) == before


def test_upload_check_import_and_see_it_ranked(app_data):
    at = page()
    at.file_uploader[0].set_value([("northbridge.xlsx", (EXAMPLES / "northbridge.xlsx")
                                    .read_bytes(), "application/octet-stream")])
    at.run()
    assert at.info[0].value.startswith("would import northbridge-l2: 1 frameworks, 30 items")
    next(b for b in at.button if b.label == "Import").click()
    at.run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("imported northbridge-l2")
    assert "northbridge-l2" in set(read_tables(app_data)["frameworks"]["framework"])

    overview = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=180)
    overview.run()
    assert not overview.exception, overview.exception
    ranking = overview.dataframe[0].value
    names = ranking["Qualification"].tolist()
    assert names[:2] == ["Highfield", "NCFE"] and names[3] == "City & Guilds"
    assert ranking["Criterion-level"].iloc[2] == 19
