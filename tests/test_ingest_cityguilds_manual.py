"""Tests for the City & Guilds training manual importer; counts verified by reading the source."""

from __future__ import annotations

from functools import cache

import pandas as pd

from graph.ingest import cityguilds_manual
from graph.model.tables import COLUMNS

FILE = "cityguilds-training-manual.txt"


@cache
def tables() -> dict[str, pd.DataFrame]:
    return cityguilds_manual.parse()


def rows(name: str, **where: object) -> pd.DataFrame:
    frame = tables()[name]
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return frame


def covered(task: str, module: int) -> list[str]:
    edges = rows("mappings", subject_id=task)
    prefix = f"module/{module}/coverage/"
    return sorted(e[len(prefix):] for e in edges.object_id if e.startswith(prefix))


def defect_lines(kind: str) -> list[tuple[str, int]]:
    found = rows("defects", kind=kind)
    return sorted(zip(found.item, found.source_line, strict=True))


def test_all_tables_have_declared_columns_and_trace_to_the_file():
    for name, frame in tables().items():
        assert tuple(frame.columns) == COLUMNS[name]
        if len(frame):
            assert set(frame.source_file) == {FILE}
            assert frame.source_line.min() >= 1


def test_framework_line_35():
    (row,) = tables()["frameworks"].to_dict("records")
    assert row["framework"] == "cityguilds-manual"
    assert row["kind"] == "LearningResource"
    assert row["title"] == ("City & Guilds Customer Service Practitioner Apprenticeship training "
                            "manual")
    assert row["publisher"] == "City & Guilds"
    assert row["reference"] == "ISBN 9780851933863"
    assert row["source_line"] == 35


def test_sixteen_tasks_from_the_contents_lines_83_to_98():
    tasks = rows("items", kind="TrainingTask")
    assert len(tasks) == 16
    assert set(tasks.item_id) == {f"task/{n}" for n in range(1, 16)} | {"task/reflective-practice"}
    reflective = rows("items", item_id="task/reflective-practice").iloc[0]
    assert (reflective.notation, reflective.source_line) == ("", 83)
    assert reflective.label == "Reflective practice – making the most of your learning"
    task1 = rows("items", item_id="task/1").iloc[0]
    assert (task1.notation, task1.source_line) == ("1", 84)
    assert task1.label == "Induction part one – Understanding organisation types"
    task15 = rows("items", item_id="task/15").iloc[0]
    assert (task15.notation, task15.label, task15.source_line) == ("15", "Dealing with conflict",
                                                                  98)


def test_coverage_items_per_module():
    items = rows("items", kind="CoverageItem")
    per_module = items.item_id.str.split("/").str[1].astype(int).value_counts().to_dict()
    assert per_module == {1: 16, 2: 13, 3: 5, 4: 4, 5: 4, 6: 5, 7: 3, 8: 4, 9: 6, 10: 4, 11: 5,
                          12: 10, 13: 4, 14: 4, 15: 5, 16: 3, 17: 7, 18: 15}
    assert len(items) == 117
    assert set(items.parent_framework) == {"standard"}


def test_statements_per_module_as_the_manual_numbers_them():
    items = rows("items", kind="CoverageItem")
    parents = items.parent_id.unique()
    per_module: dict[int, int] = {}
    for parent in parents:
        module = int(parent.removeprefix("statement/").split(".")[0])
        per_module[module] = per_module.get(module, 0) + 1
    assert per_module == {1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 2, 7: 1, 8: 1, 9: 1, 10: 1, 11: 1,
                          12: 4, 13: 2, 14: 1, 15: 2, 16: 2, 17: 1, 18: 2}


def test_coverage_item_line_221_and_its_parent():
    item = rows("items", item_id="module/1/coverage/1.1").iloc[0]
    assert (item.notation, item.label, item.source_line) == ("1.1", "Who are my customers?", 221)
    assert item.parent_id == "statement/1.1"


def test_coverage_item_shifted_into_module_column_line_236():
    item = rows("items", item_id="module/1/coverage/3.8").iloc[0]
    assert item.source_line == 236
    assert item.label.startswith("How you adapt your service approach")
    assert item.parent_id == "statement/1.3"


def test_module_3_coverage_lines_252_to_256():
    items = rows("items", parent_id="statement/3.2")
    assert sorted(zip(items.notation, items.source_line, strict=True)) == [
        ("2.1", 253), ("2.2", 254), ("2.3", 255), ("2.4", 256)]
    first = rows("items", item_id="module/3/coverage/1.1").iloc[0]
    assert first.source_line == 252 and first.parent_id == "statement/3.1"


def test_run_together_coverage_items_line_257_and_308():
    line_257 = rows("items", source_line=257)
    assert list(line_257.item_id) == ["module/4/coverage/1.1", "module/4/coverage/1.2"]
    assert line_257.iloc[1].label == ("In your role how would you use systems, equipment and/or "
                                      "technology to support customer needs?")
    line_308 = rows("items", source_line=308)
    assert list(line_308.notation) == ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
    assert line_308.iloc[1].label == ("Be approachable and welcoming when dealing with customers "
                                      "face-to-face OR")


def test_html_paragraph_coverage_line_312():
    items = rows("items", source_line=312)
    assert list(items.notation) == [f"2.{k}" for k in range(1, 8)]
    assert items.iloc[-1].label == ("Following organisational procedures, check customer "
                                    "satisfaction.")


def test_communication_is_one_statement_in_the_manual_line_272():
    items = rows("items", kind="CoverageItem")
    module_9 = items[items.item_id.str.startswith("module/9/")]
    assert set(module_9.parent_id) == {"statement/9.1"}


def test_weightings_lines_189_to_191():
    weights = rows("properties", property="weighting")
    assert sorted(zip(weights.item_id, weights.value, weights.source_line, strict=True)) == [
        ("method/discussion", "15", 191), ("method/observation", "20", 190),
        ("method/showcase", "65", 189)]
    assert set(weights.framework) == {"epa"}


def test_durations_lines_190_and_191():
    durations = rows("properties", property="duration")
    assert sorted(zip(durations.item_id, durations.value, durations.source_line, strict=True)) == [
        ("method/discussion", "Maximum of 1 hour", 191),
        ("method/observation", "Minimum of 1 hour", 190)]


def test_distinction_thresholds_lines_206_to_208():
    props = tables()["properties"]
    found = {(p.item_id, p.property): (p.value, p.source_line) for p in props.itertuples()}
    assert found[("method/showcase", "distinction_required")] == ("7", 206)
    assert found[("method/showcase", "distinction_available")] == ("10", 206)
    assert found[("method/observation", "distinction_required")] == ("4", 207)
    assert found[("method/observation", "distinction_available")] == ("5", 207)
    assert found[("method/discussion", "distinction_required")] == ("3", 208)
    assert found[("method/discussion", "distinction_available")] == ("4", 208)
    # 3 weightings, 2 durations, 3 pass marks (lines 189-191), 6 thresholds (206-208),
    # 16 task pages (contents, lines 83-98), 2 grade rules (197, 202)
    assert len(props) == 32


def test_mapping_edge_count_and_every_coverage_item_is_covered():
    maps = tables()["mappings"]
    assert len(maps) == 118 + 5  # task edges; the observation's five minimum modules (190)
    maps = maps[maps["predicate"] == "covers"]
    assert set(maps.object_framework) == {"cityguilds-manual"}
    items = set(rows("items", kind="CoverageItem").item_id)
    assert set(maps.object_id) == items


def test_task_2_covers_module_1_line_318():
    assert covered("task/2", 1) == (["1.1", "1.2", "1.3"] + [f"2.{k}" for k in range(1, 6)]
                                    + [f"3.{k}" for k in range(1, 9)])
    edge = rows("mappings", subject_id="task/2", object_id="module/1/coverage/2.4").iloc[0]
    assert edge.raw_text == "1.1–1.3, 2.1–2.5, 3.1–3.8"
    assert edge.note == "expanded from range 2.1–2.5"
    assert edge.source_line == 318
    assert edge.justification == "semapv:ManualMappingCuration"


def test_task_1_covers_module_2_line_319():
    assert covered("task/1", 2) == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5",
                                    "3.1", "3.2", "3.3"]


def test_single_numbers_carry_no_note_line_330():
    edge = rows("mappings", subject_id="task/5", object_id="module/13/coverage/2.2").iloc[0]
    assert (edge.raw_text, edge.note, edge.source_line) == ("2.2", "", 330)


def test_task_4_covers_presentation_line_334():
    assert covered("task/4", 17) == [f"1.{k}" for k in range(1, 8)]


def test_second_block_columns_lines_338_to_355():
    assert covered("task/13", 2) == ["3.4", "3.5"]  # line 339
    assert covered("task/8", 3) == ["1.1", "2.1", "2.2", "2.3", "2.4"]  # line 340
    assert covered("task/7", 4) == ["1.1", "1.2", "2.1", "2.2"]  # line 341
    assert covered("task/11", 6) == ["1.1", "1.2", "1.3", "2.1", "2.2"]  # line 343
    assert covered("task/6", 11) == ["1.1", "1.2", "1.3", "1.4", "1.5"]  # line 348
    assert covered("task/14", 15) == ["1.1", "1.2", "1.3", "2.1", "2.2"]  # line 352
    assert covered("task/9", 16) == ["1.1", "1.2", "2.1"]  # line 353
    assert covered("task/12", 10) == ["1.1", "1.2", "1.3"]  # line 347
    assert covered("task/15", 10) == ["1.4"]  # line 347


def test_module_18_split_over_three_tasks_line_355():
    assert covered("task/10", 18) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
    assert covered("task/12", 18) == ["1.5", "1.6", "1.7", "1.8"]
    assert covered("task/15", 18) == ["2.3", "2.4", "2.5", "2.6", "2.7"]
    edge = rows("mappings", subject_id="task/15", object_id="module/18/coverage/2.3").iloc[0]
    assert (edge.note, edge.source_line) == ("expanded from range 2.3-2.7", 355)


def test_task_15_conflict_line_349():
    assert covered("task/15", 12) == ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2", "3.3", "3.4",
                                      "4.1", "4.2"]


def test_range_naming_an_unlisted_item_gets_no_edge_line_322():
    assert covered("task/3", 5) == ["1.1", "1.2", "2.1", "2.2"]
    assert defect_lines("unknown-coverage-item") == [("cityguilds-manual:task/3", 322)]


def test_statement_texts():
    statements = rows("texts", role="manual-statement")
    assert len(statements) == 29
    assert set(statements.framework) == {"standard"}
    first = rows("texts", role="manual-statement", item_id="statement/1.1").iloc[0]
    assert (first.text, first.source_line) == ("Understand who customers are", 221)
    misnumbered = rows("texts", role="manual-statement", item_id="statement/4.1").iloc[0]
    assert misnumbered.source_line == 257
    assert misnumbered.text == ("Know how to use systems, equipment and technology to meet the "
                                "needs of your customers")
    shifted = rows("texts", role="manual-statement", item_id="statement/12.4").iloc[0]
    assert (shifted.text, shifted.source_line) == (
        "Maintain informative communication during service recovery", 293)
    uphold = rows("texts", role="manual-statement", item_id="statement/16.2").iloc[0]
    assert uphold.source_line == 306
    for missing in ("statement/3.1", "statement/3.2", "statement/16.1", "statement/17.1"):
        assert rows("texts", role="manual-statement", item_id=missing).empty
    assert set(statements.truncated) == {"false"}


def test_module_heading_texts():
    headings = rows("texts", role="manual-module")
    assert len(headings) == 17
    found = dict(zip(headings.item_id, headings.source_line, strict=True))
    assert found["module/3"] == 254
    assert found["module/4"] == 258
    assert found["module/16"] == 303
    assert found["module/17"] == 306
    assert "module/7" not in found
    mapping = rows("texts", role="manual-mapping-module")
    assert len(mapping) == 18
    product = rows("texts", role="manual-mapping-module", item_id="module/7").iloc[0]
    assert (product.text, product.source_line) == ("Product and service knowledge", 324)


def test_criterion_counts_per_module():
    def per_module(role: str) -> dict[int, int]:
        found = rows("texts", role=role)
        return found.item_id.str.removeprefix("module/").astype(int).value_counts().to_dict()

    assert per_module("manual-pass") == {1: 4, 2: 5, 3: 3, 4: 2, 5: 2, 6: 2, 7: 2, 8: 3, 9: 6,
                                         10: 4, 11: 1, 12: 6, 13: 2, 14: 2, 15: 3, 16: 2, 17: 2,
                                         18: 6}
    assert per_module("manual-distinction") == {1: 2, 2: 1, 3: 2, 6: 1, 7: 1, 8: 3, 9: 2, 10: 2,
                                                12: 1, 13: 1, 15: 2, 17: 1}
    criteria = tables()["texts"][tables()["texts"].role.isin(["manual-pass",
                                                              "manual-distinction"])]
    assert set(criteria.truncated) == {"false"}


def test_pass_criterion_shifted_into_standard_column_line_236():
    text = rows("texts", role="manual-pass", source_line=236).iloc[0]
    assert text.item_id == "module/1"
    assert text.text == ("Explain when and how to adapt the service approach to meet the needs "
                         "and expectations of customers.")


def test_shifted_criteria_of_module_3_lines_252_and_253():
    passes = rows("texts", role="manual-pass", item_id="module/3")
    assert list(passes.source_line) == [252, 253, 255]
    assert passes.iloc[0].text.startswith("Explain how the relevant pieces of legislation")
    distinctions = rows("texts", role="manual-distinction", item_id="module/3")
    assert list(distinctions.source_line) == [252, 253]
    assert distinctions.iloc[1].text == ("Explain how a code of practice or ethical standards "
                                         "affect customer service.")


def test_pass_criteria_in_distinction_column_lines_291_and_292():
    passes = rows("texts", role="manual-pass", item_id="module/12")
    assert list(passes.source_line) == [289, 290, 291, 292, 293, 293]
    assert rows("texts", role="manual-distinction", item_id="module/12").source_line.tolist() == [
        289]


def test_run_together_criteria_split_line_265_and_293():
    line_265 = rows("texts", role="manual-pass", source_line=265)
    assert list(line_265.text) == [
        "Explain the difference between the features and benefits of products and/or services "
        "in relation to the organisation.",
        "Describe how to maintain knowledge of the organisation's products and/or services."]
    assert set(line_265.item_id) == {"module/7"}
    line_293 = rows("texts", role="manual-pass", source_line=293)
    assert list(line_293.text) == [
        "Keep customers informed of progress while resolving issues.",
        "Maintain accurate record of customer issues and progress to resolution."]


def test_two_sentence_distinction_kept_whole_line_275():
    (text,) = rows("texts", role="manual-distinction", source_line=275).text
    assert text.startswith("In all roles, demonstrate ability to flex")
    assert text.endswith("the importance to the brand/organisation of this requirement.")


def test_paragraph_criteria_line_311():
    found = rows("texts", role="manual-pass", source_line=311)
    assert len(found) == 3
    assert found.iloc[2].text.startswith("Demonstrate knowledge of the organisational products")


def test_personal_organisation_criteria_recorded_where_they_stand_line_281():
    passes = rows("texts", role="manual-pass", source_line=281)
    assert list(zip(passes.item_id, passes.text, strict=True)) == [
        ("module/10", "Prioritise and plan the completion of tasks according to agreed deadlines.")]
    distinctions = rows("texts", role="manual-distinction", source_line=281)
    assert list(distinctions.item_id) == ["module/10"]


def test_team_working_criteria_line_303():
    found = rows("texts", source_line=303)
    assert set(zip(found.item_id, found.role, strict=True)) == {
        ("module/15", "manual-pass"), ("module/15", "manual-distinction"),
        ("module/16", "manual-module"), ("statement/15.2", "manual-statement")}


def test_defect_count():
    assert len(tables()["defects"]) == 33


def test_coverage_out_of_place_defects():
    assert defect_lines("coverage-out-of-place") == sorted([
        ("cityguilds-manual:module/1/coverage/3.8", 236),
        ("cityguilds-manual:module/2/coverage/3.5", 251),
        ("cityguilds-manual:module/3/coverage/1.1", 252),
        ("cityguilds-manual:module/3/coverage/2.1", 253),
        ("cityguilds-manual:module/3/coverage/2.2", 254),
        ("cityguilds-manual:module/3/coverage/2.3", 255),
        ("cityguilds-manual:module/3/coverage/2.4", 256),
        ("cityguilds-manual:module/12/coverage/3.2", 291),
        ("cityguilds-manual:module/12/coverage/3.4", 292)])


def test_criterion_out_of_place_defects():
    assert defect_lines("criterion-out-of-place") == sorted([
        ("standard:module/1", 236), ("standard:module/3", 252), ("standard:module/3", 252),
        ("standard:module/3", 253), ("standard:module/3", 253), ("standard:module/3", 255),
        ("standard:module/12", 291), ("standard:module/12", 292)])


def test_statement_defects():
    assert defect_lines("misnumbered-statement") == [("standard:statement/4.1", 257)]
    assert defect_lines("statement-out-of-place") == [("standard:statement/12.4", 293)]
    assert defect_lines("missing-statement") == [
        ("standard:statement/16.1", 305), ("standard:statement/17.1", 307),
        ("standard:statement/3.1", 252), ("standard:statement/3.2", 253)]
    assert defect_lines("statement-split-differs") == [("standard:module/9", 272)]


def test_heading_defects():
    assert defect_lines("missing-heading") == [("standard:module/7", 265)]
    assert defect_lines("module-heading-out-of-place") == [("standard:module/16", 303),
                                                           ("standard:module/17", 306)]
    assert defect_lines("missing-row-headings") == [("", 337)]


def test_criteria_in_wrong_module_line_281():
    assert defect_lines("criterion-in-wrong-module") == [("standard:module/10", 281),
                                                         ("standard:module/10", 281)]
    messages = rows("defects", kind="criterion-in-wrong-module").message
    assert all("module 11" in m for m in messages)


def test_other_defects():
    assert defect_lines("lost-formatting") == [("", 216)]
    assert defect_lines("missing-section") == [("", 572)]
    assert defect_lines("self-contradiction") == []


def test_range_expansion():
    assert cityguilds_manual.expand("1.1, 2.1-2.2") == [
        ("1.1", ""), ("2.1", "expanded from range 2.1-2.2"), ("2.2", "expanded from range 2.1-2.2")]
