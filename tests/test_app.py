"""Every page of the Streamlit app, run headless with AppTest on the bundled data: the logic
behind each page, and that its numbers agree with the command line."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from graph.cli import app as cli
from graph.ingest.sources import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
PAGES = ["app_pages/overview.py", "app_pages/gap_audit.py", "app_pages/trace.py",
         "app_pages/compare.py"]
# What a reader must never see outside the SPARQL editor: ids, class names, column keys.
RAW = re.compile(r"\b(?:unit|booklet|method|task|module|criterion|statement)/[\w./-]+"
                 r"|\b(?:AssessmentCriterion|TextbookPage|WorkbookQuestion|LearningOutcome|"
                 r"TrainingTask|CoverageItem|AssessmentMethod|StandardStatement)\b"
                 r"|\b(?:criteria_direct|a_label|b_label|covered_by|candidate_label)\b"
                 r"|\bNone\b|\bnan\b|<NA>")


def page(path: str, **params) -> AppTest:
    """The page after a first run, with the widgets named by ``params`` (their keys are the
    query parameters the browser keeps) set one by one, as a visitor would."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    if path != "app_pages/overview.py":
        at.switch_page(str(PROJECT_ROOT / path))
        at.run()
    for key, value in params.items():
        widget = next(w for kind in ("selectbox", "radio", "multiselect")
                      for w in getattr(at, kind) if w.key == key)
        widget.set_value(value).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.title, *at.subheader,
                                           *at.success, *at.info, *at.warning])


def cli_json(*args: str):
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout[:result.stdout.rindex("]") + 1])


def test_verdict_and_ranking_agree_with_crosswalk_fit():
    at = page("app_pages/overview.py")
    assert at.title[0].value == "Choose a qualification"
    verdict = at.success[0].value
    assert verdict.startswith("Highfield Level 2 Diploma for Customer Service Practitioners "
                              "(RQF) fits the standard best: it evidences 66 of 75 criteria at "
                              "criterion level (score 0.88); 9 criteria remain gaps.")
    # the 66 take units 7 and 8, the only optional ones; without them S9.1–S9.8 and B17.1
    # are unmapped (highfield-csp-mapping.txt lines 60-68 and 103 name Optional Unit 7
    # M/615/6242 or Optional Unit 8 T/615/6243 for them)
    assert verdict.endswith(
        "That counts its optional units 7, 8 (GLH not stated): without them, S9.1, S9.2, S9.3, "
        "S9.4, S9.5, S9.6, S9.7, S9.8, B17.1 are evidenced less finely or not at all. NCFE "
        "Level 2 Diploma in Customer Service: 0 of 75 at criterion level, 73 only through "
        "their statement (score 0.58). City & Guilds Level 2 Diploma for Customer Service "
        "Practitioners: 0 of 75 at criterion level, 75 only by a claim for a whole module "
        "(score 0.30).")
    ranking = at.dataframe[0].value
    fit = cli_json("fit")  # the rule is printed with the table format only
    assert ranking["Qualification"].tolist() == ["Highfield", "NCFE", "City & Guilds"]
    assert [r["framework"] for r in fit] == ["highfield", "ncfe", "cityguilds"]
    assert ranking["Score"].tolist() == [round(r["score"], 2) for r in fit]
    assert ranking["Criterion-level"].tolist() == [r["evidence_criterion"] for r in fit]
    assert ranking["Module-level only"].tolist() == [0, 0, 75]
    assert "stays the same under all 36 other reasonable weightings" in texts(at)


def test_weights_are_adjustable_and_reorder_the_ranking():
    at = page("app_pages/overview.py")
    at.slider(key="w_statement").set_value(0.95).run()
    assert at.dataframe[0].value["Qualification"].tolist() == ["NCFE", "Highfield",
                                                               "City & Guilds"]
    assert at.success[0].value.startswith("NCFE Level 2 Diploma in Customer Service fits")
    assert "statement-level 0.95" in texts(at)


def test_optional_units_and_remaining_gaps_agree_with_crosswalk_gaps():
    at = page("app_pages/overview.py")
    units, gaps = at.dataframe[1].value, at.dataframe[2].value
    assert units["Optional units"].tolist() == ["Units 7, 8", "Unit 7", "Unit 8"]
    assert set(units["GLH"]) == {"not stated"}
    unmapped = [r["notation"] for r in cli_json("gaps", "--framework", "highfield")
                if r["evidence"] != "criterion"]
    assert [c.split(":")[0] for c in gaps["Criterion"]] == unmapped == [
        "K1.5", "K1.6", "K2 (uncoded)", "K4.1", "S8.5", "S11.3", "B15.5", "B17.2", "B18.2"]
    assert gaps["Covered elsewhere by"].iloc[0].startswith(
        "Highfield textbook (criterion-level), Highfield workbook (criterion-level)")
    at.radio(key="q").set_value("cityguilds").run()
    units = at.dataframe[1].value
    assert units["GLH"].tolist()[:2] == ["25", "27"] and len(units) == 7


def test_gap_register_lists_what_no_qualification_covers_at_criterion_level():
    at = page("app_pages/gap_audit.py")
    register = at.dataframe[0].value
    assert [c.split(":")[0] for c in register["Item"]] == [
        "K1.5", "K1.6", "K2 (uncoded)", "K4.1", "S8.5", "S11.3", "B15.5", "B17.2", "B18.2"]
    assert register.columns.tolist()[1:5] == ["Official KSB", "Highfield", "NCFE",
                                              "City & Guilds"]
    assert register["Official KSB"].tolist() == ["K2", "K3", "K6", "K9", "S1", "S6", "B5", "B8",
                                                 "B9"]  # the KSB each criterion elaborates
    assert register["Highfield"].tolist() == ["unmapped"] * 9
    assert "Highfield textbook (criterion-level)" in register["Also covered by"].iloc[0]
    at.selectbox(key="show").set_value("covered only by module-level claims").run()
    assert "NCFE" in at.dataframe[0].value.columns


def test_gap_register_suggestions_for_ncfe_statement():
    at = page("app_pages/gap_audit.py", level="statement", show="every item",
              qualification="ncfe", item="1.1")
    assert at.selectbox(key="item").value == "1.1"
    assert "NCFE** evidences this statement **not at all: its document says “No mapping”" \
        in texts(at)
    listed = next(m.value for m in at.markdown if m.value.startswith("For statement 1.1:"))
    first = listed.split("\n")[2]  # as `crosswalk suggest --framework ncfe` ranks it
    assert first == (
        "1. Unit 1 · AC1.4: Explain the importance of balancing promises made to customers with "
        "the needs of an organisation (score 2.55). Words in common: explain, importance, "
        "customers, organisation; ACs 1.x of unit 1 cover 1.3 of the same module 1.")
    assert len(listed.split("\n")) == 2 + 5


def test_a_decision_is_confirmed_applied_and_undone(data_copy, monkeypatch):
    monkeypatch.setenv("CROSSWALK_DATA", str(data_copy))
    at = page("app_pages/gap_audit.py", level="statement", show="every item",
              qualification="ncfe", item="1.1")
    at.radio(key="decision").set_value("accept").run()
    at.text_input(key="reviewer").input("A. Reviewer").run()
    at.text_input(key="note").input("customers are introduced here").run()
    at.button[0].click().run()  # record: asks for confirmation, changes nothing yet
    assert "Confirm: Accept the suggested mapping for NCFE" in at.warning[0].value
    assert "changes the qualification's coverage" in at.warning[0].value
    assert not (data_copy / "curation.csv").exists()
    at.button(key="confirm").click().run()
    assert not at.exception, at.exception
    assert "NCFE** evidences this statement **at criterion level" in texts(at) or \
        "evidences this statement" in texts(at)
    history = at.dataframe[-2].value
    assert history[["Reviewer", "Decision", "Note"]].values.tolist() == [
        ["A. Reviewer", "mapping accepted", "customers are introduced here"]]
    log = (data_copy / "curation.csv").read_text(encoding="utf-8")
    assert "ncfe,unit/1/ac/1.4,statement/1.1,accept,customers are introduced here" in log
    # the form starts afresh for the next decision, under the same reviewer; the accepted
    # suggestion covers 1.1, so none is left to accept
    assert (at.radio(key="decision").value, at.text_input(key="note").value,
            at.text_input(key="reviewer").value) == ("accept-risk", "", "A. Reviewer")
    undo = next(b for b in at.button if b.label.startswith("Undo"))
    undo.click().run()
    at.button(key="confirm").click().run()
    assert not at.exception, at.exception
    history = at.dataframe[-2].value
    assert history["Decision"].tolist() == ["mapping accepted", "undone"]
    # undone, 1.1 is a gap again: the form offers its suggestion first, not the last choice
    assert at.radio(key="decision").value == "accept"


def test_trace_agrees_with_crosswalk_trace():
    at = page("app_pages/trace.py", item="K1.1")
    assert at.selectbox[0].value == "K1.1"
    said = texts(at)
    assert "**Highfield** evidences it at criterion level: Unit 1 (D/615/6236) · LO1 · AC1.2" \
        in said
    assert "Unit 204 Contribute to a customer focused experience" in said
    rows = cli_json("trace", "K1.1")
    shown = sum(len(d.value) for d in at.dataframe)
    assert shown == len(rows)


def url_page(path: str, **params) -> AppTest:
    """The page opened with query parameters (read before the widgets bind them)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(str(PROJECT_ROOT / path))
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_trace_unknown_item_is_a_message():
    at = url_page("app_pages/trace.py", item="K9.9")
    assert "There is no criterion, statement or module “K9.9”" in at.warning[0].value


def test_trace_item_in_another_case_is_picked():
    at = url_page("app_pages/trace.py", item="b18.4")
    assert at.selectbox[0].value == "B18.4"
    assert at.query_params["item"] == "B18.4"  # the address names it by its code


def test_trace_of_a_gap_says_so_in_one_sentence():
    # Highfield line 24: K1.5's unit cell is empty
    said = texts(url_page("app_pages/trace.py", item="K1.5"))
    assert "**Highfield** evidences it not at all: nothing in its document maps to it." in said
    assert "maps to it: nothing" not in said


def test_compare_shows_unit_titles_and_groups():
    at = page("app_pages/compare.py")
    side = at.dataframe[0].value
    assert side.set_index("Measure").at["Criteria", "Highfield"] == "66/75 (66 directly)"
    groups = at.dataframe[-1].value
    assert groups.iloc[0][["Highfield", "NCFE", "City & Guilds"]].tolist() == [
        "Highfield Unit 5 (H/615/6240)", "NCFE Unit 5 Manage personal performance and "
        "development", "City & Guilds Unit 201 Developing self to achieve targets and goals"]


def test_compare_needs_two():
    at = page("app_pages/compare.py", compare=["ncfe"])
    assert "Choose two or three" in at.info[0].value


@pytest.mark.parametrize("path", PAGES)
def test_no_raw_ids_or_class_names(path):
    at = page(path)
    cells = " ".join(d.value.astype(str).to_csv(index=False) for d in at.dataframe)
    found = RAW.findall(texts(at) + " " + cells)
    assert not found, found[:5]


@pytest.mark.parametrize("query", ["no-mapping-rows"])
def test_sparql_runs_an_example(query):
    at = page("app_pages/sparql.py", query=query)
    at.button[0].click().run()
    assert not at.exception
    result = at.dataframe[0].value
    assert result["notation"].tolist() == ["1.1", "2.2"]


def test_sparql_refuses_updates():
    at = page("app_pages/sparql.py")
    at.text_area[0].input("DELETE WHERE { ?s ?p ?o }").run()
    at.button[0].click().run()
    assert "updates are not allowed" in at.error[0].value


def test_what_changed_between_the_bundled_versions():
    at = page("app_pages/standard.py")
    assert at.title[0].value == "What changed"
    versions = at.dataframe[0].value
    assert versions["Version"].tolist() == ["1.0", "1.1"]
    assert "Version key" not in versions.columns  # the store's key is not the users' word
    assert at.selectbox[1].options == ["version 1.0 (Retired, 2018-10-02)",
                                       "version 1.1 (Approved for delivery, 2023-12-14)"]
    assert versions["Status"].tolist() == ["Retired", "Approved for delivery"]
    assert "ST0072@1.0 lists no KSBs in its record" in at.warning[0].value
    details = at.dataframe[1].value.set_index("Detail")
    assert details.loc["funding band"].tolist() == ["4000", "3500"]
