"""Tests for the NCFE mapping importer; line numbers are 1-based lines of the source file."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from graph.ingest import ncfe
from graph.model.tables import COLUMNS, MANUAL_CURATION

FILE = "ncfe-601-3973-0-mapping.txt"


@cache
def tables() -> dict[str, pd.DataFrame]:
    return ncfe.parse()


def statement_texts() -> pd.DataFrame:
    texts = tables()["texts"]
    return texts[texts.role == "ncfe-statement"]


def item(item_id: str) -> pd.Series:
    items = tables()["items"]
    rows = items[items.item_id == item_id]
    assert len(rows) == 1
    return rows.iloc[0]


def covered_by(statement_id: str) -> list[tuple[str, int]]:
    """(AC id, line) of every covers row for a statement, in document order."""
    maps = tables()["mappings"]
    rows = maps[(maps.object_id == statement_id) & (maps.predicate == "covers")]
    return list(zip(rows.subject_id, rows.source_line, strict=True))


def test_tables_have_declared_columns_and_source_file() -> None:
    for name, frame in tables().items():
        assert tuple(frame.columns) == COLUMNS[name]
        assert set(frame.source_file) <= {FILE}


def test_framework_row_line_5() -> None:
    frameworks = tables()["frameworks"]
    assert frameworks.to_dict("records") == [{
        "framework": "ncfe", "kind": "Qualification",
        "title": "NCFE Level 2 Diploma in Customer Service", "publisher": "NCFE",
        "reference": "601/3973/0", "source_file": FILE, "source_line": 5}]


# Statement rows: 9-11, 21-23, 27, 33, 34-35, 40-41, 42, 47, 52, 56, 70, 81, 82, 92, 93, 98,
# 103, 113, 127-129, 134-135, 140, 145, 146, 151, 161.
def test_statement_count_is_34() -> None:
    assert len(statement_texts()) == 34


def test_statements_per_module() -> None:
    ids = statement_texts().item_id
    per_module = ids.str.extract(r"statement/(\d+)\.")[0].astype(int).value_counts().sort_index()
    assert per_module.to_dict() == {1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 1, 9: 2,
                                    10: 1, 11: 1, 12: 4, 13: 2, 14: 1, 15: 2, 16: 2, 17: 1,
                                    18: 2}


@pytest.mark.parametrize(("statement_id", "line", "text"), [
    ("statement/1.1", 9, "Understand who customers are."),
    ("statement/1.2", 10, "Understand the difference between internal and external customers."),
    ("statement/6.2", 47, "Understand how to build trust with a customer and why this is "
                          "important"),
    ("statement/7.1", 52, "Understand the products or services that are available from your "
                          "organisation and keep up-to-date"),
    ("statement/12.4", 113, "Maintain informative communication during service recovery."),
    ("statement/16.1", 140, "Treat customers as individuals to provide a personalised customer "
                            "service experience."),
    ("statement/18.2", 161, "Take ownership from the first contact and then take responsibility "
                            "for fulfilling your promise."),
])
def test_statement_text_and_line(statement_id: str, line: int, text: str) -> None:
    rows = statement_texts()[statement_texts().item_id == statement_id]
    assert list(zip(rows.text, rows.source_line, strict=True)) == [(text, line)]


def test_communication_first_statement_is_one_combined_cell_line_70() -> None:
    row = statement_texts()[statement_texts().item_id == "statement/9.1"].iloc[0]
    assert row.source_line == 70
    assert row.text.startswith("Depending on your job role and work environment: - Use "
                               "appropriate verbal and non-verbal")
    assert row.text.endswith("and/or - Use appropriate communication skills, along with "
                             "reinforcement techniques (to confirm understanding) during "
                             "non-facing customer interactions.")


def test_module_names_resolve_to_all_18_modules() -> None:
    texts = tables()["texts"]
    modules = texts[texts.role == "ncfe-module"]
    assert list(modules.item_id) == [f"module/{n}" for n in range(1, 19)]
    pairs = set(zip(modules.item_id, modules.text, modules.source_line, strict=True))
    assert ("module/1", "Knowing your customers", 9) in pairs
    assert ("module/12", "Dealing with customer conflict and challenge", 93) in pairs
    assert ("module/16", "Equality – treating all customers as individuals", 140) in pairs
    assert ("module/18", "'Right first time'", 151) in pairs


def test_no_mapping_rows_lines_9_and_22() -> None:
    maps = tables()["mappings"]
    rows = maps[maps.predicate == "no-mapping"]
    assert list(zip(rows.subject_framework, rows.subject_id, rows.object_id, rows.raw_text,
                    rows.source_line, strict=True)) == [
        ("ncfe", "", "statement/1.1", "No mapping", 9),
        ("ncfe", "", "statement/2.2", "No mapping", 22),
    ]


def test_counts_of_units_acs_and_covers() -> None:
    items = tables()["items"]
    assert (items.kind == "Unit").sum() == 14
    assert (items.kind == "AssessmentCriterion").sum() == 143
    assert len(items) == 157
    maps = tables()["mappings"]
    assert (maps.predicate == "covers").sum() == 355  # one per "x.y" code in the third cells
    assert set(maps.justification) == {MANUAL_CURATION}


def test_unit_ids() -> None:
    units = tables()["items"].query("kind == 'Unit'")
    assert sorted(int(i.split("/")[1]) for i in units.item_id) == [
        1, 2, 3, 5, 6, 7, 8, 12, 15, 16, 17, 25, 31, 32]


def test_unit_2_first_at_line_10() -> None:
    unit = item("unit/2")
    assert (unit.notation, unit.label, unit.source_line) == ("2", "Unit 2 Understand Customers", 10)


def test_unit_7_written_07_at_line_15_is_kept_and_reported() -> None:
    unit = item("unit/7")
    assert (unit.notation, unit.label, unit.source_line) == (
        "07", "Unit 07 Communicate with customers in writing", 15)
    defects = tables()["defects"]
    odd = defects[defects.kind == "odd-unit-number"]
    assert list(zip(odd.item, odd.source_line, strict=True)) == [("ncfe:unit/7", 15)]


def test_unit_title_property_line_60() -> None:
    props = tables()["properties"]
    assert len(props) == 14
    row = props[props.item_id == "unit/8"].iloc[0]
    assert (row.property, row.value, row.source_line) == (
        "title", "Deal with incoming telephone calls from customers", 60)


@pytest.mark.parametrize(("ac_id", "line", "text"), [
    ("unit/2/ac/1.1", 10, "Explain the distinctions between internal and external customers"),
    ("unit/3/ac/3.2", 15, "Explain how to identify customers' needs and expectations"),
    ("unit/25/ac/1.1", 23, "Define the main responsibilities for health and safety in the "
                           "workplace of the following: employers employees"),
    # split at the page break, lines 27 and 32
    ("unit/32/ac/1.5", 27, "Explain the potential consequences for an organisation of failing "
                           "to comply with equality legislation"),
    # split at the page break, lines 60 and 65
    ("unit/12/ac/2.3", 60, "Identify options that offer added value without affecting other "
                           "customers adversely"),
    ("unit/6/ac/2.10", 81, "Adhere to organisational policies and procedures, legal and ethical "
                           "requirements when communicating verbally with customers"),
    # split at the page break, lines 107 and 112
    ("unit/16/ac/2.6", 107, "Obtain help from colleagues when options for action are beyond "
                            "their level of authority"),
    ("unit/31/ac/3.2", 150, "Take ownership of problems within own level of authority"),
])
def test_ac_text_and_first_line(ac_id: str, line: int, text: str) -> None:
    ac = item(ac_id)
    assert (ac.kind, ac.notation, ac.label, ac.source_line) == (
        "AssessmentCriterion", ac_id.rsplit("/", 1)[1], text, line)
    assert (ac.parent_framework, ac.parent_id) == ("ncfe", ac_id.rsplit("/ac/", 1)[0])


def test_line_10_internal_external_customers_maps_to_unit_2_and_17() -> None:
    assert covered_by("statement/1.2") == [("unit/2/ac/1.1", 10), ("unit/17/ac/1.7", 10)]


def test_line_129_feedback_continues_at_line_133() -> None:
    assert covered_by("statement/14.1") == [
        ("unit/5/ac/3.2", 129), ("unit/5/ac/3.6", 129), ("unit/31/ac/3.1", 133)]


def test_line_92_personal_organisation() -> None:
    assert covered_by("statement/11.1") == [
        ("unit/5/ac/1.3", 92), ("unit/5/ac/2.1", 92), ("unit/5/ac/2.2", 92),
        ("unit/31/ac/2.3", 92), ("unit/31/ac/3.4", 92)]


def test_line_42_customer_experience_split_mid_ac_text() -> None:
    # Line 42 ends "...customers' needs and"; line 46 goes on "expectations 3.6 ...".
    assert covered_by("statement/6.1") == [
        ("unit/3/ac/3.1", 42), ("unit/3/ac/3.2", 42), ("unit/3/ac/3.6", 46),
        ("unit/6/ac/1.1", 46), ("unit/6/ac/1.3", 46), ("unit/6/ac/1.4", 46),
        ("unit/6/ac/1.5", 46), ("unit/6/ac/1.6", 46), ("unit/15/ac/1.2", 46),
        ("unit/15/ac/1.5", 46)]


def test_line_11_statement_spans_lines_11_15_20() -> None:
    acs = covered_by("statement/1.3")
    assert len(acs) == 20
    assert acs[0] == ("unit/1/ac/1.1", 11)
    assert ("unit/7/ac/1.1", 15) in acs
    # line 20 starts with ACs of Unit 17, named at the end of line 15
    assert acs[-2:] == [("unit/17/ac/1.3", 20), ("unit/17/ac/1.7", 20)]


def test_line_56_unit_6_title_before_break_acs_after() -> None:
    acs = covered_by("statement/8.1")
    assert len(acs) == 37
    assert acs[5] == ("unit/6/ac/2.2", 60)


def test_raw_text_is_whole_joined_cell_line_27() -> None:
    maps = tables()["mappings"]
    raws = set(maps[maps.object_id == "statement/3.1"].raw_text)
    assert len(raws) == 1
    raw = raws.pop()
    assert raw.startswith("Unit 3 Principles of Customer Service 2.1 Describe how sales")
    assert raw.endswith("1.5 Explain the potential consequences for an organisation of failing "
                        "to comply with equality legislation")
    assert "<" not in raw


def test_unit_17_ac_1_3_conflict_line_51() -> None:
    ac = item("unit/17/ac/1.3")
    assert (ac.label, ac.source_line) == (
        "Explain how customers' expectations may change over time", 20)
    defects = tables()["defects"]
    row = defects[defects.kind == "conflicting-ac-text"].iloc[0]
    assert (row["item"], row.source_line) == ("ncfe:unit/17/ac/1.3", 51)
    assert "line 20" in row.message and "AC 1.4 at line 39" in row.message
    maps = tables()["mappings"]
    noted = maps[maps.note != ""]
    assert list(zip(noted.subject_id, noted.object_id, noted.source_line, strict=True)) == [
        ("unit/17/ac/1.3", "statement/6.2", 51)]


def test_defects() -> None:
    defects = tables()["defects"]
    assert list(zip(defects.kind, defects.source_line, strict=True)) == [
        ("odd-unit-number", 15), ("conflicting-ac-text", 51)]


def test_split_row_and_statement_text() -> None:
    assert ncfe.split_row("|--|--|---|") == ["--", "--", "---"]
    assert ncfe.split_row("Customer Service Practitioner Apprenticeship Standard") is None
    assert ncfe.statement_text('<ul style="list-style-type: none"> • Show you understand the '
                               "customer's point of view.") == (
        "Show you understand the customer's point of view.")
