"""Tests for the City & Guilds 2794-02 handbook importer; counts verified by reading the source."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.ingest import cityguilds_handbook as cg
from graph.ingest.sources import read_lines
from graph.model.tables import COLUMNS, MANUAL_CURATION, TABLES

FILE = "cityguilds-2794-02-handbook.txt"

# Unit -> (GLH, mandatory, LOs, ACs), read from the structure table (lines 92-106) and by
# counting the LO and AC lines of each unit page.
UNITS = {
    "201": (30, True, 4, 20),
    "202": (30, True, 5, 15),
    "203": (27, True, 5, 19),
    "204": (38, True, 5, 21),
    "205": (28, True, 5, 29),
    "206": (28, True, 4, 19),
    "207": (25, False, 4, 25),
    "208": (27, False, 4, 20),
    "209": (25, False, 3, 22),
    "210": (20, False, 4, 23),
    "211": (22, False, 4, 29),
    "212": (30, False, 4, 15),
    "213": (26, False, 3, 13),
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return cg.parse()


def _items(tables, kind: str | None = None) -> pd.DataFrame:
    items = tables["items"]
    return items if kind is None else items[items.kind == kind]


def _label(tables, item_id: str) -> tuple[str, int]:
    row = tables["items"].set_index("item_id").loc[item_id]
    return row.label, int(row.source_line)


def _props(tables, item_id: str, name: str) -> list[tuple[str, int]]:
    p = tables["properties"]
    rows = p[(p.item_id == item_id) & (p.property == name)]
    return sorted(zip(rows.value, rows.source_line, strict=True), key=lambda r: r[1])


def _edges(tables, module: int) -> list[str]:
    m = tables["mappings"]
    return sorted(m[m.object_id == f"module/{module}"].subject_id)


def _defects(tables, kind: str) -> pd.DataFrame:
    d = tables["defects"]
    return d[d.kind == kind]


# --- table shape and provenance -----------------------------------------------------------


def test_all_tables_have_their_declared_columns(tables):
    assert set(tables) == set(TABLES)
    for name, frame in tables.items():
        assert tuple(frame.columns) == COLUMNS[name]


def test_every_row_traces_to_a_line_of_the_handbook(tables):
    n_lines = len(read_lines("cityguilds"))
    for frame in tables.values():
        assert (frame.source_file == FILE).all()
        assert frame.source_line.between(1, n_lines).all()


def test_item_ids_are_unique_lower_case_paths(tables):
    ids = tables["items"].item_id
    assert ids.is_unique
    assert ids.str.fullmatch(r"[a-z0-9/.]+").all()


def test_table_counts(tables):
    assert len(tables["frameworks"]) == 1
    assert len(tables["items"]) == 13 + 54 + 270
    # per unit: glh twice, mandatory, level, aim; 52 ranges; qualification: glh and tqt on
    # lines 22 and 118, two "Learners must achieve" rules (lines 91, 99); per unit its page
    # (contents, lines 58-71) and assessment type (lines 247-262); the grading (line 16);
    # unit 210's test: grading, pass mark, duration (314-318), 5 question-split rows (320-324)
    assert len(tables["properties"]) == 13 * 5 + 52 + 4 + 2 + 13 * 2 + 1 + 3 + 5
    assert len(tables["texts"]) == 30
    assert len(tables["mappings"]) == 126
    assert len(tables["defects"]) == 19 + 2 + 1  # + unit 210: two contradictions, LO4 wording


# --- framework and qualification ----------------------------------------------------------


def test_qualification_hours_and_rules(tables):
    p = tables["properties"]
    own = p[p["item_id"] == ""]
    assert sorted(zip(own.property, own.value, own.source_line, strict=True)) == [
        ("glh", "201", 22), ("glh", "201", 118), ("grade_rule", "Pass/Fail", 16),
        ("structure_rule", "Learners must achieve all six mandatory units.", 91),
        ("structure_rule", "Learners must achieve one unit from the optional units.", 99),
        ("tqt", "380", 22), ("tqt", "380", 118)]


def test_framework_row_from_line_22(tables):
    row = tables["frameworks"].iloc[0]
    assert row.framework == "cityguilds"
    assert row.kind == "Qualification"
    assert row.title == "City & Guilds Level 2 Diploma for Customer Service Practitioners"
    assert row.publisher == "City & Guilds"
    assert row.reference == "603/2394/2"
    assert row.source_line == 22


def test_qualification_glh_201_and_tqt_380_in_both_tables():
    rows = cg.read_qualification(read_lines("cityguilds"))
    assert [r["GLH"] for r in rows] == [("201", 22), ("201", 118)]
    assert [r["TQT"] for r in rows] == [("380", 22), ("380", 118)]
    assert rows[0]["City & Guilds qualification number"] == ("2794-02", 22)


def test_qualification_glh_is_mandatory_glh_plus_smallest_optional(tables):
    structure, _ = cg.read_structure(read_lines("cityguilds"))
    mandatory = sum(r.glh for r in structure if r.mandatory)
    optional = min(r.glh for r in structure if not r.mandatory)
    assert (mandatory, optional) == (181, 20)
    assert _defects(tables, "hours-mismatch").empty


# --- units, structure table and unit pages ------------------------------------------------


def test_thirteen_units_six_mandatory_seven_optional(tables):
    units = _items(tables, "Unit")
    assert sorted(units.item_id) == [f"unit/{n}" for n in UNITS]
    p = tables["properties"]
    mandatory = p[p.property == "mandatory"]
    assert (mandatory.value == "true").sum() == 6
    assert (mandatory.value == "false").sum() == 7
    # Line 92 is 2794-201, line 100 is 2794-207.
    assert _props(tables, "unit/201", "mandatory") == [("true", 92)]
    assert _props(tables, "unit/207", "mandatory") == [("false", 100)]


@pytest.mark.parametrize("unit", UNITS)
def test_unit_glh_from_structure_table_and_unit_page(tables, unit):
    glh, mandatory, _, _ = UNITS[unit]
    values = _props(tables, f"unit/{unit}", "glh")
    assert [v for v, _ in values] == [str(glh), str(glh)]
    structure_line = 92 + list(UNITS).index(unit) + (2 if not mandatory else 0)
    assert values[0][1] == structure_line  # the structure table row comes first
    assert _props(tables, f"unit/{unit}", "level")[0][0] == "2"
    assert _props(tables, f"unit/{unit}", "mandatory") == [
        ("true" if mandatory else "false", structure_line)]


def test_unit_page_facts_and_lines(tables):
    # Line 355: "Level: 2 GLH: 30 Aim: ..." on one line; lines 540-542 one fact per line.
    assert _props(tables, "unit/201", "glh")[1] == ("30", 355)
    assert _props(tables, "unit/202", "level") == [("2", 540)]
    assert _props(tables, "unit/202", "glh")[1] == ("30", 541)
    aim = _props(tables, "unit/213", "aim")
    assert aim[0][1] == 2864
    assert aim[0][0].startswith("This unit aims to develop knowledge and understanding of")
    assert aim[0][0].endswith("the learner is not required to implement the marketing plan.")


def test_unit_labels_and_lines(tables):
    assert _label(tables, "unit/201") == ("Developing self to achieve targets and goals", 353)
    assert _label(tables, "unit/203") == ("Principles of business", 710)
    # Line 1769 "Unit 208", title on line 1771: the label cites the line that words it.
    assert _label(tables, "unit/208") == ("Working in an administrative environment", 1771)
    assert _label(tables, "unit/213") == ("Fundamentals of marketing", 2860)


@pytest.mark.parametrize("unit", UNITS)
def test_learning_outcome_and_criterion_counts(tables, unit):
    _, _, n_los, n_acs = UNITS[unit]
    items = tables["items"]
    los = items[(items.kind == "LearningOutcome") & (items.parent_id == f"unit/{unit}")]
    acs = items[(items.kind == "AssessmentCriterion")
                & items.item_id.str.startswith(f"unit/{unit}/")]
    assert len(los) == n_los
    assert len(acs) == n_acs
    assert sorted(los.notation.astype(int)) == list(range(1, n_los + 1))


def test_criterion_texts_and_lines(tables):
    assert _label(tables, "unit/201/lo/1/ac/1.1") == ("describe own role and responsibilities",
                                                       367)
    assert _label(tables, "unit/206/lo/1/ac/1.8") == (
        "display knowledge of own organisational products and/or services", 1393)
    assert _label(tables, "unit/207/lo/4/ac/4.8") == (
        "gain a commitment to close the sale and complete formalities following own "
        "organisation's procedures", 1712)
    # Line 2171: bold marks removed, two-digit AC number.
    assert _label(tables, "unit/209/lo/3/ac/3.10") == (
        "record information on the conversation including the outcome and any agreed "
        "follow-up actions", 2171)
    assert _label(tables, "unit/213/lo/3/ac/3.3") == (
        "develop a marketing plan on chosen product or service", 2953)


def test_criterion_sub_items_are_joined(tables):
    # Line 1103 with its sub-items on lines 1104-1105; line 1135 with 1136-1137.
    assert _label(tables, "unit/205/lo/1/ac/1.2") == (
        "describe the difference between providing: a. a product b. a service", 1103)
    assert _label(tables, "unit/205/lo/2/ac/2.3") == (
        "demonstrate an approachable and welcoming attitude and/or tone, when dealing with "
        "customers a. Face to face b. Non face to face", 1135)


def test_run_together_criteria_are_split(tables):
    # Line 2342: "AC3.6 describe ... AC3.7 explain ..." on one line.
    assert _label(tables, "unit/210/lo/3/ac/3.6") == (
        "describe the types of actions that customers are likely to perceive as adding value",
        2342)
    assert _label(tables, "unit/210/lo/3/ac/3.7") == (
        "explain why added value must be beneficial to both the customer and the organisation",
        2342)
    defect = _defects(tables, "run-together")
    assert list(defect.source_line) == [2342]
    assert list(defect.item) == ["cityguilds:unit/210"]


def test_learning_outcome_texts_and_parents(tables):
    assert _label(tables, "unit/203/lo/5") == (
        "Understand types of measurement and evaluation tools available to monitor customer "
        "service levels", 839)
    row = tables["items"].set_index("item_id").loc["unit/205/lo/1/ac/1.2"]
    assert (row.parent_framework, row.parent_id) == ("cityguilds", "unit/205/lo/1")
    assert tables["items"].set_index("item_id").loc["unit/205/lo/1"].parent_id == "unit/205"


def test_unit_208_lo2_has_no_text(tables):
    # Line 1854 "Learning outcome" / "The learner will:" then straight to "Assessment criteria".
    # Named by its number, read from its first AC (line 1862 "AC2.1"), which it cites.
    assert _label(tables, "unit/208/lo/2") == ("Unit 208 LO2", 1862)
    assert _label(tables, "unit/208/lo/2/ac/2.1")[0] == (
        "describe own organisation's systems and procedures for storing and retrieving "
        "information")
    defect = _defects(tables, "missing-lo-text")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("cityguilds:unit/208/lo/2", 1854)]


def test_unit_205_lo1_numbering_is_consistent_after_the_v1_2_correction(tables):
    # Line 26 notes the correction; lines 1102-1107 hold AC1.1 .. AC1.4 in order.
    items = tables["items"]
    acs = items[items.parent_id == "unit/205/lo/1"]
    assert list(acs.notation) == ["1.1", "1.2", "1.3", "1.4"]
    for kind in ("ac-numbering", "duplicate-ac", "lo-ac-mismatch", "lo-numbering"):
        assert _defects(tables, kind).empty


def test_range_statements(tables):
    # Range of unit 201 LO1 at line 372: "Targets and goals:" / Personal / Organisational.
    assert _props(tables, "unit/201/lo/1", "range") == [
        ("Targets and goals: | Personal | Organisational", 372)]
    # Unit 205 LO3 at line 1179, a range with a plain sentence.
    assert _props(tables, "unit/205/lo/3", "range") == [(
        "Others eg: | Other department(s) | Colleagues | Management | Supervisor/Team leader | "
        "Specialist | Conclusion: | Which balances the needs of the organisation and where "
        "possible the customer", 1179)]
    # Unit 203 LO5 and unit 207 LO4 have no range.
    assert _props(tables, "unit/203/lo/5", "range") == []
    assert _props(tables, "unit/207/lo/4", "range") == []
    assert (tables["properties"].property == "range").sum() == 52


def test_unit_208_split_heading_defect(tables):
    defect = _defects(tables, "split-heading")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("cityguilds:unit/208", 1769)]


def test_structure_table_split_cells(tables):
    # Line 90 "Mandatory un | nits:", lines 91 and 99 "Learners must | achieve ...".
    assert list(_defects(tables, "split-cell").source_line) == [90, 91, 99]
    assert _defects(tables, "rule-count-mismatch").empty
    assert _defects(tables, "glh-mismatch").empty
    assert _defects(tables, "title-mismatch").empty


# --- Appendix 1 ---------------------------------------------------------------------------


def test_mapping_rows_are_manual_covers_edges_to_standard_modules(tables):
    m = tables["mappings"]
    assert (m.predicate == "covers").all()
    assert (m.justification == MANUAL_CURATION).all()
    assert (m.subject_framework == "cityguilds").all()
    assert (m.object_framework == "standard").all()
    assert set(m.subject_id) <= set(tables["items"].item_id)


def test_personal_organisation_covers_unit_201_ac_2_1_to_2_5(tables):
    # Line 3022: "Personal organisation: ..." | "Unit 201 : 2.1-2.5".
    assert _edges(tables, 11) == [f"unit/201/lo/2/ac/2.{n}" for n in range(1, 6)]
    m = tables["mappings"]
    row = m[m.object_id == "module/11"].iloc[0]
    assert row.raw_text == "Unit 201 : 2.1-2.5"
    assert row.note == "expanded from range Unit 201: 2.1-2.5"
    assert row.source_line == 3022


def test_understanding_the_organisation_expansion(tables):
    # Line 3009: "Unit 202: 4.1-4.3 Unit 203: 1.1-1.3; 2.1-2.5; 3.1-3.5; 4.1-4.4 Unit 205: 3.1".
    edges = _edges(tables, 2)
    assert len(edges) == 3 + 3 + 5 + 5 + 4 + 1
    assert "unit/205/lo/3/ac/3.1" in edges
    assert "unit/203/lo/4/ac/4.4" in edges
    m = tables["mappings"]
    assert set(m[m.object_id == "module/2"].source_line) == {3009}


def test_first_knowledge_row_is_module_1_by_order(tables):
    # Line 3008: "Knowledge" | "" | "Unit 204: 1.1-1.5 Unit 205: 5.1-5.7".
    assert _edges(tables, 1) == sorted([f"unit/204/lo/1/ac/1.{n}" for n in range(1, 6)]
                                       + [f"unit/205/lo/5/ac/5.{n}" for n in range(1, 8)])
    m = tables["mappings"]
    notes = set(m[m.object_id == "module/1"].note)
    assert all("module placed by the standard's module order" in n for n in notes)


def test_split_row_gives_module_4_its_references(tables):
    # References on line 3011, module 4's statements (no heading) on line 3013.
    assert _edges(tables, 4) == ["unit/202/lo/5/ac/5.1", "unit/202/lo/5/ac/5.2",
                                 "unit/202/lo/5/ac/5.3", "unit/203/lo/5/ac/5.1",
                                 "unit/203/lo/5/ac/5.2"]
    m = tables["mappings"]
    assert set(m[m.object_id == "module/4"].source_line) == {3011}
    assert set(m[m.object_id == "module/3"].subject_id.str[:12]) == {"unit/202/lo/"}
    assert len(_edges(tables, 3)) == 9  # line 3010 keeps only its own references
    # The joined LOs are the statements' own wording (corroborates the rule).
    assert _label(tables, "unit/203/lo/5")[0].startswith("Understand types of measurement")
    defect = _defects(tables, "split-row")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("standard:module/4", 3011)]


def test_communication_row_without_heading_is_module_9(tables):
    # Line 3020: "Depending on your job role ..." | "Unit 205: 4.1, 4.4, 4.6-4.7 Unit 206: 1.5-1.7".
    assert _edges(tables, 9) == ["unit/205/lo/4/ac/4.1", "unit/205/lo/4/ac/4.4",
                                 "unit/205/lo/4/ac/4.6", "unit/205/lo/4/ac/4.7",
                                 "unit/206/lo/1/ac/1.5", "unit/206/lo/1/ac/1.6",
                                 "unit/206/lo/1/ac/1.7"]


def test_team_working_row_drops_missing_ac_1_9(tables):
    # Line 3030: "Unit 204: 4.1-4.4, 5.3-5.4 Unit 206: 1.9"; unit 206 LO1 ends at AC1.8.
    assert _edges(tables, 15) == ["unit/204/lo/4/ac/4.1", "unit/204/lo/4/ac/4.2",
                                  "unit/204/lo/4/ac/4.3", "unit/204/lo/4/ac/4.4",
                                  "unit/204/lo/5/ac/5.3", "unit/204/lo/5/ac/5.4"]
    defect = _defects(tables, "missing-ac")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("cityguilds:unit/206/lo/1/ac/1.9", 3030)]


def test_developing_self_and_right_first_time(tables):
    # Line 3028: "Developing self:" | "Unit 201: 4.1-4.3, 4.6".
    assert _edges(tables, 13) == ["unit/201/lo/4/ac/4.1", "unit/201/lo/4/ac/4.2",
                                  "unit/201/lo/4/ac/4.3", "unit/201/lo/4/ac/4.6"]
    # Line 3035: "Unit 205: 3.2-3.6, 4.1-4.5 Unit 206: 1.2-1.4, 1.8".
    assert len(_edges(tables, 18)) == 5 + 5 + 3 + 1


def test_every_module_has_edges(tables):
    assert sorted(int(o.split("/")[1]) for o in tables["mappings"].object_id.unique()) == list(
        range(1, 19))


def test_missing_module_headings(tables):
    defect = _defects(tables, "missing-module-heading")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("standard:module/1", 3008), ("standard:module/4", 3013), ("standard:module/9", 3020),
        ("standard:module/15", 3030)]
    statement = _defects(tables, "missing-statement-text")
    assert list(zip(statement.item, statement.source_line, strict=True)) == [
        ("standard:module/13", 3028)]
    assert list(_defects(tables, "missing-column-heading").source_line) == [3024]


def test_irregular_notation(tables):
    defect = _defects(tables, "irregular-notation")
    assert list(zip(defect.source_line, defect.message.str.extract(r"'(.+)'")[0],
                    strict=True)) == [
        (3014, "Unit 201 :"), (3022, "Unit 201 :"), (3025, "Unit 206 :"), (3025, "2.1 -2.3")]


def test_customer_experience_reference_is_suspect_but_kept(tables):
    # Line 3015: "Customer experience: ..." | "Unit 203: 2.1-2.5" (unit 203 LO2 is core values).
    assert _edges(tables, 6) == [f"unit/203/lo/2/ac/2.{n}" for n in range(1, 6)]
    defect = _defects(tables, "suspect-reference")
    assert list(zip(defect.item, defect.source_line, strict=True)) == [
        ("standard:module/6", 3015)]
    assert "unit/204/lo/2" in defect.message.iloc[0]


def test_appendix_texts(tables):
    t = tables["texts"]
    assert (t.framework == "standard").all()
    headings = t[t.role == "cityguilds-appendix-module"]
    statements = t[t.role == "cityguilds-appendix-statements"]
    assert len(headings) == 14
    assert len(statements) == 16
    assert sorted(int(i.split("/")[1]) for i in headings.item_id) == [
        2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18]
    by_line = headings.set_index("source_line").text
    assert by_line[3028] == "Developing self"
    assert by_line[3035] == "'Right first time'"
    assert by_line[3031] == "Equality – treating all customers as individuals"
    module_4 = statements[statements.item_id == "module/4"].iloc[0]
    assert module_4.source_line == 3013
    assert module_4.text == (
        "Know how to use systems, equipment and technology to meet the needs of your customers. "
        "Understand types of measurement and evaluation tools available to monitor customer "
        "service levels.")
    assert (statements.truncated == "false").all()


# --- helpers ------------------------------------------------------------------------------


def test_parse_references_reads_ranges_singles_and_unit_only_cells():
    refs, odd = cg.parse_references("Unit 204: 4.2, 5.1-5.2 Unit 206")
    assert [(r.unit, r.lo, r.first, r.last, r.written) for r in refs] == [
        ("204", 4, 2, 2, "4.2"), ("204", 5, 1, 2, "5.1-5.2"), ("206", 0, 0, 0, "Unit 206")]
    assert odd == []


def test_unit_only_reference_becomes_a_unit_level_edge():
    ref = cg.RangeRef("206", 0, 0, 0, "Unit 206")
    assert cg.expand(ref, {"unit/206", "unit/206/lo/1/ac/1.1"}) == (["unit/206"], [])
    assert cg.reference_note(ref) == "unit named without AC range: Unit 206"


def test_range_across_two_los_is_not_expanded():
    refs, _ = cg.parse_references("Unit 201: 1.3-2.1")
    assert refs[0].lo == -1
    assert cg.expand(refs[0], {"unit/201/lo/1/ac/1.3"}) == ([], [])


def test_truncation():
    assert cg.truncation("Take ownership for keeping", "Take ownership for keeping it.") == "true"
    assert cg.truncation("Support good practice", "Support good") == "false"
    assert cg.truncation("Some other words", "Unrelated wording") == ""
