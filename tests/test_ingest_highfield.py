"""The Highfield importer against facts read from data/sources/highfield-csp-mapping.txt."""

from __future__ import annotations

import pytest

from graph.ingest import highfield


@pytest.fixture(scope="module")
def tables():
    return highfield.parse()


def covering(tables, code: str, framework: str) -> list[str]:
    m = tables["mappings"]
    rows = m[(m["object_id"] == f"criterion/{code}") & (m["subject_framework"] == framework)]
    return sorted(rows["subject_id"])


def test_74_criteria_in_18_modules(tables):
    rows, modules, _ = highfield.read_rows()
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes)) == 74
    assert sorted(modules) == list(range(1, 19))
    assert sum(c[0] == "K" for c in codes) == 26
    assert sum(c[0] == "S" for c in codes) == 28
    assert sum(c[0] == "B" for c in codes) == 20
    assert codes[0] == "K1.1" and codes[-1] == "B18.6"


def test_distinction_flags(tables):
    p = tables["properties"]
    flagged = p[(p["property"] == "distinction") & (p["value"] == "true")]["item_id"]
    assert sorted(c.split("/")[1] for c in flagged) == sorted([
        "K1.4", "K1.5", "K1.6", "K3.4", "K3.5", "K6.3", "K7.3", "S8.4", "S8.5", "S8.6",
        "S9.7", "S9.8", "S10.4", "S11.3", "S12.7", "B13.3", "B15.4", "B15.5"])


def test_module_ksb_types_follow_the_section_headings(tables):
    p = tables["properties"]
    types = p[(p["property"] == "ksb_type") & p["item_id"].str.startswith("module/")]
    by_module = dict(zip(types["item_id"], types["value"], strict=True))
    assert by_module["module/7"] == "Knowledge"  # table under line 17
    assert by_module["module/8"] == "Skill"  # line 50
    assert by_module["module/13"] == "Behaviour"  # line 86


def test_units_and_regulator_references(tables):
    p = tables["properties"]
    refs = p[p["property"] == "unit_reference"].set_index("item_id")["value"].to_dict()
    assert refs == {"unit/1": "D/615/6236", "unit/3": "K/615/6238", "unit/4": "M/615/6239",
                    "unit/5": "H/615/6240", "unit/2": "H/615/6237", "unit/7": "M/615/6242",
                    "unit/8": "T/615/6243", "unit/6": "K/615/6241"}
    optional = p[p["property"] == "mandatory"]
    assert sorted(optional["item_id"]) == ["unit/7", "unit/8"]  # "Optional Unit", lines 60-68
    assert set(optional["value"]) == {"false"}


def test_k1_1_line_20(tables):
    assert covering(tables, "K1.1", "highfield") == ["unit/1/lo/1/ac/1.2"]
    assert covering(tables, "K1.1", "highfield-textbook") == ["booklet/1/page/3",
                                                              "booklet/1/page/4"]
    assert covering(tables, "K1.1", "highfield-workbook") == ["booklet/1/question/1"]


def test_k1_5_has_no_unit_line_22(tables):
    assert covering(tables, "K1.5", "highfield") == []
    assert covering(tables, "K1.5", "highfield-textbook") == ["booklet/1/page/5",
                                                              "booklet/1/page/6"]


def test_two_units_paired_with_two_lo_groups_line_63(tables):
    assert covering(tables, "S9.7", "highfield") == ["unit/7/lo/1/ac/1.6", "unit/8/lo/1/ac/1.6"]
    assert covering(tables, "S9.8", "highfield") == [
        "unit/7/lo/1/ac/1.5", "unit/7/lo/1/ac/1.7", "unit/8/lo/1/ac/1.5", "unit/8/lo/1/ac/1.7"]


def test_one_unit_two_lo_groups_and_two_page_runs_line_103(tables):
    assert covering(tables, "B17.1", "highfield") == ["unit/7/lo/2/ac/2.1", "unit/7/lo/2/ac/2.2"]
    assert covering(tables, "B17.1", "highfield-textbook") == [
        "booklet/13-18/page/16", "booklet/13-18/page/17", "booklet/13-18/page/18"]
    assert covering(tables, "B17.1", "highfield-activities") == ["activity/1", "activity/2"]


def test_code_styles_all_read(tables):
    assert covering(tables, "B15.4", "highfield") == ["unit/2/lo/5/ac/5.5"]  # "LO5 AC 5.5" l.97
    assert covering(tables, "B18.4", "highfield") == ["unit/2/lo/4/ac/4.2"]  # "LO4:AC4.2" l.108
    assert covering(tables, "K3.2", "highfield") == ["unit/4/lo/2/ac/2.1"]  # "LO2: AC 2.1" l.36


def test_pages_are_scoped_to_their_booklet(tables):
    items = tables["items"]
    pages = items[items["kind"] == "TextbookPage"]
    page3 = sorted(pages[pages["notation"] == "3"]["parent_id"])
    assert "booklet/1" in page3 and "booklet/2" in page3 and len(page3) == len(set(page3))
    booklets = items[(items["framework"] == "highfield-textbook") & (items["kind"] == "Booklet")]
    assert len(booklets) == 13  # modules 1-12 and one shared by behaviours 13-18


def test_workbook_questions_restart_per_module(tables):
    items = tables["items"]
    questions = items[items["kind"] == "WorkbookQuestion"]
    assert len(questions) == 24  # Q1-Q6, Q1-Q5, Q1-Q3, Q1-Q2, Q1-Q2, Q1-Q3, Q1-Q3
    # K3.1 and K3.4 share Q1 of module 3 (lines 33-34)
    assert covering(tables, "K3.4", "highfield-workbook") == ["booklet/3/question/1"]


def test_known_defects(tables):
    d = tables["defects"]
    found = set(zip(d["kind"], d["source_line"], strict=True))
    assert {("lo-ac-mismatch", 28), ("lo-ac-mismatch", 39), ("lo-ac-mismatch", 69),
            ("lo-ac-mismatch", 70)} <= found  # "LO3: AC1.2", "LO3: AC5.1", "LO3: AC1.1/1.2"
    assert ("garbled-text", 68) in found  # S9.8 repeats its last words
    assert ("garbled-text", 60) in found  # "Face to face'."
    assert ("truncated-text", 88) in found  # heading "RQF Qualification Learning"
    assert ("malformed-page-list", 33) in found  # "3,4,5, 6, 7,"
    assert ("inconsistent-heading", 20) in found  # "M1." unlike "3."
