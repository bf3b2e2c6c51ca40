"""Tests for the Active IQ EPA toolkit importer; every count was verified by reading the source
(data/sources/activeiq-epa-toolkit.txt), and each test names the lines it checks."""

from __future__ import annotations

from functools import cache

import pandas as pd

from graph.ingest import epa_toolkit
from graph.ingest.epa_toolkit import html_blocks, parse, split_items
from graph.model.tables import COLUMNS, MANUAL_CURATION

FILE = "activeiq-epa-toolkit.txt"
OBS, SHOW, DISC = "method/observation", "method/showcase", "method/discussion"
C = "method/showcase/component/"


@cache
def tables() -> dict[str, pd.DataFrame]:
    return parse()


def texts(framework: str | None = None, item_id: str | None = None,
          role: str | None = None) -> pd.DataFrame:
    frame = tables()["texts"]
    if framework is not None:
        frame = frame[frame["framework"] == framework]
    if item_id is not None:
        frame = frame[frame["item_id"] == item_id]
    if role is not None:
        frame = frame[frame["role"] == role]
    return frame


def prop_rows(item_id: str, name: str) -> list[tuple[int, str]]:
    props = tables()["properties"]
    rows = props[(props["item_id"] == item_id) & (props["property"] == name)]
    return list(zip(rows["source_line"], rows["value"], strict=True))


def assessed(subject: str) -> set[int]:
    maps = tables()["mappings"]
    rows = maps[maps["subject_id"] == subject]
    return {int(o.split("/")[1]) for o in rows["object_id"]}


def defects(kind: str) -> pd.DataFrame:
    frame = tables()["defects"]
    return frame[frame["kind"] == kind]


# --- shape -------------------------------------------------------------------------------

def test_all_six_tables_with_declared_columns_and_provenance():
    lines = epa_toolkit.read_lines("epa")
    for name, frame in tables().items():
        assert tuple(frame.columns) == COLUMNS[name]
        assert (frame["source_file"] == FILE).all()
        assert frame["source_line"].between(1, len(lines)).all()


def test_table_sizes():
    sizes = {name: len(frame) for name, frame in tables().items()}
    # properties: 4 overall grade rules (lines 139, 145, 1087, 1089)
    assert sizes == {"frameworks": 1, "items": 9, "properties": 85, "texts": 247,
                     "mappings": 33, "defects": 14}


def test_framework_row():  # title page, line 6
    row = tables()["frameworks"].iloc[0]
    assert (row["framework"], row["kind"], row["publisher"], row["reference"]) == (
        "epa", "AssessmentPlan", "Active IQ", "")
    assert row["title"] == "Customer Service Practitioner end-point assessment"
    assert row["source_line"] == 6


# --- items -------------------------------------------------------------------------------

def test_three_methods_from_numbered_headings():  # lines 55, 84, 109
    items = tables()["items"]
    methods = items[items["kind"] == "AssessmentMethod"]
    assert list(zip(methods["item_id"], methods["notation"], methods["label"],
                    methods["source_line"], strict=True)) == [
        (OBS, "1", "Practical observation", 55),
        (SHOW, "2", "Apprentice showcase", 84),
        (DISC, "3", "Professional discussion", 109),
    ]
    assert (methods["parent_id"] == "").all()


def test_six_showcase_components_from_contents_checklist():  # lines 222-231
    items = tables()["items"]
    parts = items[items["kind"] == "AssessmentComponent"]
    assert list(zip(parts["item_id"], parts["label"], parts["source_line"], strict=True)) == [
        (C + "worksheet", "Worksheet", 222),
        (C + "presentation-or-induction-pack",
         "Presentation or induction pack for a new employee", 223),
        (C + "personal-development-plan", "Personal development plan", 224),
        (C + "conflict-and-challenge-case-study", "Conflict and challenge case study", 229),
        (C + "influencing-skills-case-study", "Influencing skills case study", 230),
        (C + "line-manager-testimony", "Line-manager testimony", 231),
    ]
    assert (parts["parent_framework"] == "epa").all() and (parts["parent_id"] == SHOW).all()


# --- mappings ----------------------------------------------------------------------------

def test_observation_assesses_five_modules():  # lines 307-311
    assert assessed(OBS) == {8, 9, 16, 17, 18}


def test_showcase_assesses_ten_modules():  # lines 475-484
    assert assessed(SHOW) == {2, 3, 4, 7, 13, 14, 12, 10, 11, 15}


def test_discussion_assesses_three_modules():  # lines 963-965
    assert assessed(DISC) == {5, 1, 6}


def test_every_module_assessed_by_exactly_one_method():
    maps = tables()["mappings"]
    methods = maps[maps["subject_id"].isin([OBS, SHOW, DISC])]
    assert sorted(methods["object_id"]) == sorted(f"module/{m}" for m in range(1, 19))
    assert defects("module-assessment-count").empty


def test_method_mapping_rows_keep_the_list_line():  # line 484 "- Team-working."
    maps = tables()["mappings"]
    row = maps[(maps["subject_id"] == SHOW) & (maps["object_id"] == "module/15")].iloc[0]
    assert (row["raw_text"], row["source_line"]) == ("- Team-working.", 484)
    assert (maps["predicate"] == "assesses").all()
    assert (maps["justification"] == MANUAL_CURATION).all()
    assert (maps["object_framework"] == "standard").all()


def test_components_assess_the_plan_table_modules():  # lines 245-250
    assert assessed(C + "presentation-or-induction-pack") == {2, 3, 4, 7}
    assert assessed(C + "worksheet") == {2, 3, 4, 7, 14}
    assert assessed(C + "influencing-skills-case-study") == {10}
    assert assessed(C + "conflict-and-challenge-case-study") == {12}
    assert assessed(C + "line-manager-testimony") == {11, 15}
    assert assessed(C + "personal-development-plan") == {13, 14}


def test_plan_table_agrees_with_method_lists():  # line 243 vs 307-311; 245-250 vs 475-484
    assert defects("plan-table-disagrees").empty


# --- properties --------------------------------------------------------------------------

def test_grading_table_thresholds():  # lines 142-144
    assert prop_rows(OBS, "distinction_required")[0] == (142, "4")
    assert prop_rows(OBS, "distinction_available")[0] == (142, "5")
    assert prop_rows(SHOW, "distinction_required")[0] == (143, "7")
    assert prop_rows(SHOW, "distinction_available")[0] == (143, "10")
    assert prop_rows(DISC, "distinction_required")[0] == (144, "3")
    assert prop_rows(DISC, "distinction_available")[0] == (144, "4")


def test_every_threshold_statement_kept_with_its_line():
    assert [line for line, _ in prop_rows(OBS, "distinction_required")] == [
        142, 382, 388, 407, 1095, 1109]
    assert [line for line, _ in prop_rows(SHOW, "distinction_required")] == [143, 1103, 1110]
    assert [line for line, _ in prop_rows(DISC, "distinction_required")] == [
        144, 1012, 1054, 1078, 1105, 1111]
    assert defects("threshold-mismatch").empty


def test_component_thresholds():  # 535/545/595/614/1097 ... 864/1102
    assert prop_rows(C + "worksheet", "distinction_required") == [
        (535, "3"), (545, "3"), (595, "3"), (614, "3"), (1097, "3")]
    assert prop_rows(C + "presentation-or-induction-pack", "distinction_available") == [
        (662, "1"), (707, "1"), (732, "1"), (1098, "1")]
    assert prop_rows(C + "personal-development-plan", "distinction_required") == [
        (744, "1"), (791, "1"), (807, "1"), (1099, "1")]
    assert prop_rows(C + "conflict-and-challenge-case-study", "distinction_required") == [
        (823, "1"), (1100, "1")]
    assert prop_rows(C + "influencing-skills-case-study", "distinction_required") == [
        (837, "1"), (1101, "1")]
    assert prop_rows(C + "line-manager-testimony", "distinction_available") == [
        (864, "3"), (1102, "3")]


def test_pass_rules():  # lines 142-144, 388, 594, 706, 790, 1053
    assert prop_rows(OBS, "pass_rule") == [
        (142, "You must meet all of the pass criteria (100%)"),
        (388, "Apprentices must achieve all criteria to pass this assessment.")]
    assert prop_rows(SHOW, "pass_rule") == [(143, "You must meet all of the pass criteria (100%)")]
    assert prop_rows(DISC, "pass_rule")[1] == (
        1053, "Apprentices must achieve all criteria to pass this assessment.")
    assert prop_rows(C + "presentation-or-induction-pack", "pass_rule") == [
        (706, "Apprentices must achieve the criteria in the shaded boxes to pass this assessment")]
    assert len(prop_rows(C + "worksheet", "pass_rule")) == 1


def test_durations():  # lines 73, 301, 325 (observation); 115, 976 (discussion)
    assert prop_rows(OBS, "duration") == [
        (73, "approximately one hour"), (301, "approximately one hour"),
        (325, "a minimum of one hour")]
    assert prop_rows(DISC, "duration") == [
        (115, "a maximum of one hour"), (976, "approximately one hour")]
    assert prop_rows(SHOW, "duration") == []


# --- texts: per-module guidance ----------------------------------------------------------

def test_observation_module_sections():  # Interpersonal skills 332-349, Communication 351-381
    assert len(texts("standard", "module/8", "epa-requirement")) == 8
    assert len(texts("standard", "module/8", "epa-pass")) == 3
    assert len(texts("standard", "module/8", "epa-distinction")) == 3
    assert len(texts("standard", "module/9", "epa-requirement")) == 6
    assert len(texts("standard", "module/9", "epa-pass")) == 6
    assert len(texts("standard", "module/9", "epa-distinction")) == 6


def test_observation_pass_cell_keeps_lead_in():  # line 343
    row = texts("standard", "module/8", "epa-pass").iloc[0]
    assert row["source_line"] == 343
    assert row["text"] == ("To achieve a Pass you must demonstrate a willingness and ability to "
                           "engage with customers in a positive manner using the relevant "
                           "interpersonal skills.")
    assert row["truncated"] == "false"


def test_observation_doubled_full_stop_kept():  # line 372 "use.."
    rows = texts("standard", "module/9", "epa-pass")
    assert rows[rows["source_line"] == 372]["text"].iloc[0].endswith("which techniques to use..")


def test_observation_requirement_sub_bullets():  # lines 336-340, 344
    rows = texts("standard", "module/8", "epa-requirement")
    assert rows["source_line"].tolist() == [336, 337, 338, 339, 340, 344, 344, 347]
    assert rows["text"].iloc[1] == (
        "Open and closed questioning skills that are relevant to the situation.")


def test_discussion_module_sections():  # lines 984-1011
    assert len(texts("standard", "module/5", "epa-pass")) == 4
    assert texts("standard", "module/5", "epa-distinction").empty
    assert len(texts("standard", "module/1", "epa-pass")) == 10
    assert len(texts("standard", "module/1", "epa-distinction")) == 3
    assert len(texts("standard", "module/6", "epa-pass")) == 4
    assert len(texts("standard", "module/6", "epa-distinction")) == 1


def test_run_together_bullets_split_and_rejoined():  # line 1002
    rows = texts("standard", "module/1", "epa-pass")
    assert (rows["source_line"] == 1002).all()
    assert rows["text"].iloc[1] == "Who 'your' direct customers are."
    assert rows["text"].iloc[8] == (
        "The customers who have needs that would be covered by the Equality Act (e.g. a child, "
        "a disabled person). You should also provide an example of when you have done this.")


def test_single_module_case_studies_go_to_their_module():  # lines 820-822, 834-836
    rows = texts("standard", "module/12", "epa-pass")
    assert len(rows) == 6 and (rows["source_line"] == 820).all()
    assert "Kept customers informed of progress while resolving issues." in rows["text"].tolist()
    assert texts("standard", "module/12", "epa-distinction")["text"].tolist() == [
        "Took ownership of customer issues, taking the appropriate actions to ensure that "
        "customers' needs and expectations were met."]
    assert len(texts("standard", "module/10", "epa-pass")) == 3
    assert len(texts("standard", "module/10", "epa-distinction")) == 1


def test_multi_module_components_keep_bullets_on_component():
    counts = {part: (len(texts("epa", C + part, "epa-pass")),
                     len(texts("epa", C + part, "epa-distinction")))
              for part in ("worksheet", "presentation-or-induction-pack",
                           "personal-development-plan", "line-manager-testimony")}
    assert counts == {"worksheet": (11, 3), "presentation-or-induction-pack": (11, 1),
                      "personal-development-plan": (4, 1), "line-manager-testimony": (5, 3)}


def test_showcase_has_ten_distinction_criteria():  # 531-533, 660, 744, 822, 836, 860-862
    rows = texts(role="epa-distinction")
    showcase_lines = rows[rows["source_line"].between(500, 903)]["source_line"].tolist()
    assert showcase_lines == [531, 532, 533, 660, 744, 822, 836, 860, 861, 862]


def test_testimony_bullets_split_at_bullet_marks():  # line 854
    rows = texts("epa", C + "line-manager-testimony", "epa-pass")
    assert rows["text"].iloc[0] == (
        "Prioritised and planned the completion of tasks according to the agreed deadlines.")


# --- texts: checklists -------------------------------------------------------------------

def test_observation_checklist_counts():  # 388 (items 1-19 unnumbered), 390-398, 400-404
    assert len(texts("epa", OBS, "epa-checklist-pass")) == 28
    assert texts("epa", OBS, "epa-checklist-distinction")["source_line"].tolist() == [
        400, 401, 402, 403, 404]
    assert defects("checklist-numbering").empty


def test_observation_checklist_items():  # lines 388, 390, 400
    rows = texts("epa", OBS, "epa-checklist-pass")
    assert (rows["source_line"].iloc[:19] == 388).all()
    assert rows["text"].iloc[0] == (
        "Presented a tidy and professional image in line with the organisational dress code.")
    assert rows["text"].iloc[18] == (
        "Adapted tone and behaviour to meet customer needs and expectations.")
    assert (rows["text"].iloc[19], rows["source_line"].iloc[19]) == (
        "Built and maintained a rapport with customers.", 390)
    first = texts("epa", OBS, "epa-checklist-distinction").iloc[0]
    assert first["text"] == ("Demonstrated the ability to balance the needs and expectations "
                             "of the customer with those of the organisation.")


def test_discussion_checklist_bold_questions():  # line 1021 "(9, 10, 17, 19)", 1055-1074
    assert len(texts("epa", DISC, "epa-checklist-pass")) == 16
    assert texts("epa", DISC, "epa-checklist-distinction")["source_line"].tolist() == [
        1063, 1064, 1071, 1073]
    assert defects("distinction-marker-mismatch").empty


def test_worksheet_checklist():  # lines 597-610
    assert len(texts("epa", C + "worksheet", "epa-checklist-pass")) == 11
    assert texts("epa", C + "worksheet", "epa-checklist-distinction")["source_line"].tolist() == [
        602, 605, 609]


def test_presentation_checklist_grades():  # lines 709-728
    part = C + "presentation-or-induction-pack"
    assert len(texts("epa", part, "epa-checklist-pass")) == 11
    assert texts("epa", part, "epa-checklist-distinction")["source_line"].tolist() == [722]
    assert texts("epa", part, "epa-checklist")["source_line"].tolist() == [
        709, 712, 713, 718, 719, 724, 726, 728]


def test_pdp_checklist_grades():  # lines 793-802
    part = C + "personal-development-plan"
    assert texts("epa", part, "epa-checklist-pass")["source_line"].tolist() == [
        793, 796, 800, 802]
    assert texts("epa", part, "epa-checklist-distinction")["source_line"].tolist() == [798]
    assert len(texts("epa", part, "epa-checklist")) == 5


def test_module_name_wordings():  # lines 481, 245, 984
    rows = texts("standard", role="epa-module")
    assert len(rows) == 43
    by_line = {(r.source_line, r.item_id): r.text for r in rows.itertuples()}
    assert by_line[(481, "module/12")] == "Dealing with customer challenge and conflict"
    assert by_line[(245, "module/2")] == "Understanding your organisation"
    assert by_line[(984, "module/5")] == "Role and responsibility"


def test_no_text_is_cut_off():
    assert (tables()["texts"]["truncated"] == "false").all()


# --- defects -----------------------------------------------------------------------------

def test_defect_kinds_and_lines():
    found = sorted(zip(tables()["defects"]["kind"], tables()["defects"]["source_line"],
                       strict=True))
    assert found == sorted([
        ("module-name-variant", 481),
        ("threshold-contradiction", 1103),
        ("duration-mismatch", 325),
        ("duration-mismatch", 976),
        ("heading-run-together", 978),
        ("heading-run-together", 984),
        ("missing-criteria-section", 309),
        ("missing-criteria-section", 310),
        ("missing-criteria-section", 311),
        ("lost-formatting", 595),
        ("lost-formatting", 706),
        ("lost-formatting", 790),
        ("question-mismatch", 547),
        ("question-mismatch", 553),
    ])


def test_challenge_and_conflict_reversed():  # line 481
    row = defects("module-name-variant").iloc[0]
    assert row["item"] == "standard:module/12"


def test_showcase_component_minimums_exceed_overall():  # lines 1097-1103
    row = defects("threshold-contradiction").iloc[0]
    assert "10 of 10" in row["message"] and "7 of 10" in row["message"]


def test_observation_lacks_sections_for_three_modules():  # lines 309-311
    assert defects("missing-criteria-section")["item"].tolist() == [
        "standard:module/16", "standard:module/17", "standard:module/18"]


def test_worksheet_questions_one_and_two_wrong():  # lines 547, 553 vs 597, 598
    rows = defects("question-mismatch")
    assert all("What are skills and behaviours?" in m for m in rows["message"])


def test_distinction_counts_match_thresholds():  # 5 (400-404), 10 (showcase), 4 (1004, 1011)
    assert defects("distinction-count-mismatch").empty


# --- helpers -----------------------------------------------------------------------------

def test_html_blocks_paragraphs_and_items():
    assert html_blocks('<p>Lead:</p> <ul style="x"> • One. • Two. <p>Rule.</p>') == [
        ("p", "Lead:"), ("li", "One."), ("li", "Two."), ("p", "Rule.")]


def test_split_items_without_bullets():
    assert split_items("Do A (e.g. a thing). You also b. Do C.") == [
        "Do A (e.g. a thing). You also b.", "Do C."]
