"""Bring your own qualification: the example imports, lands everywhere, and can be replaced."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analysis.fit import fit_ranking
from graph.analysis.network import to_networkx
from graph.ingest.sources import DATA_DIR, PROJECT_ROOT
from graph.ingest.template import TEMPLATES, template_reference, write_templates
from graph.ingest.upload import Upload
from graph.interop.importer import HISTORY, HISTORY_KEPT, import_files, import_paths, keep_previous
from graph.model.curation import record_decision
from graph.model.tables_io import read_tables
from graph.store.cache import build_and_validate
from graph.store.queries import stats
from graph.ui.data import load_explorer
from graph.ui.network_map import layout, map_graph, source_lines, to_pyvis_html

EXAMPLES = DATA_DIR / "examples"
KEY = "northbridge-l2"
CSV_FILES = [EXAMPLES / f"northbridge-{kind}.csv" for kind in TEMPLATES]
ATTACK = "<script>alert(1)</script>"


def upload(kind: str, text: str, name: str | None = None) -> Upload:
    return Upload(name or f"{kind}.csv", text.encode("utf-8"))


def example(kind: str) -> str:
    return (EXAMPLES / f"northbridge-{kind}.csv").read_text(encoding="utf-8")


def test_example_lands_in_the_tables_stats_and_fit_ranking(data_copy):
    result = import_paths(CSV_FILES, data_copy)
    assert not result.problems and result.written
    assert result.summary() == ("imported northbridge-l2: 1 frameworks, 30 items, "
                                "8 properties, 22 mappings")
    tables = read_tables(data_copy)
    row = tables["frameworks"].set_index("framework").loc[KEY]
    assert (row["kind"], row["source_file"], row["source_line"]) == (
        "Qualification", "northbridge-qualification.csv", 2)
    ac = tables["items"].set_index(["framework", "item_id"]).loc[(KEY, "unit/101/lo/1/ac/1.1")]
    assert (ac["parent_id"], ac["source_file"], ac["source_line"]) == (
        "unit/101/lo/1", "northbridge-units.csv", 4)
    graph = build_and_validate(data_copy)
    counts = stats(graph)
    mine = counts[counts["framework"] == KEY].set_index("class")
    assert mine.loc["Unit", "items"] == 4 and mine.loc["AssessmentCriterion", "items"] == 19
    assert mine["covers"].sum() == 22
    ranking = fit_ranking(to_networkx(graph)).set_index("framework")
    assert ranking.loc[KEY, "criteria_direct"] == 19
    assert list(ranking.index) == ["highfield", "ncfe", KEY, "cityguilds"]  # by evidence tier


def test_the_workbook_gives_the_same_rows_as_the_csv_files(data_copy, tmp_path):
    assert not import_paths(CSV_FILES, data_copy).problems
    other = tmp_path / "other"
    other.mkdir()
    for name in ("frameworks", "items", "properties", "texts", "mappings", "defects"):
        (other / f"{name}.csv").write_bytes((DATA_DIR / f"{name}.csv").read_bytes())
    assert not import_paths([EXAMPLES / "northbridge.xlsx"], other).problems
    for name in ("frameworks", "items", "properties", "mappings"):
        ours, theirs = (read_tables(folder)[name].drop(columns="source_file")
                        for folder in (data_copy, other))
        pd.testing.assert_frame_equal(ours, theirs)


def test_dry_run_reports_and_writes_nothing(data_copy, snapshot):
    before = snapshot(data_copy)
    result = import_paths(CSV_FILES, data_copy, dry_run=True)
    assert not result.problems and not result.written
    assert result.summary().startswith("would import northbridge-l2: 1 frameworks, 30 items")
    assert snapshot(data_copy) == before


def test_replacing_needs_framework_and_keeps_the_previous_version(data_copy, snapshot):
    assert import_paths(CSV_FILES, data_copy).written
    first = snapshot(data_copy)
    again = import_paths(CSV_FILES, data_copy)
    assert [str(p) for p in again.problems] == [
        "northbridge-qualification.csv: row 2, column framework: 'northbridge-l2' was "
        "imported before (from northbridge-qualification.csv); to replace it, import with "
        "--framework northbridge-l2"]
    assert snapshot(data_copy) == first
    renamed = example("units").replace("Customers and the organisation", "Customers first")
    result = import_files([upload("q", example("qualification"), "q.csv"),
                           upload("u", renamed, "u.csv")], data_copy, framework=KEY)
    assert result.written and result.replaced == [KEY]
    items = read_tables(data_copy)["items"]
    mine = items[items["framework"] == KEY]
    assert len(mine) == 30 and "Customers first" in set(mine["label"])
    assert read_tables(data_copy)["mappings"]["subject_framework"].eq(KEY).sum() == 0
    kept = sorted((data_copy / HISTORY).iterdir())
    assert len(kept) == 2
    assert {f"{HISTORY}/{kept[-1].name}/{name}": content for name, content in first.items()
            if "/" not in name} == {k: v for k, v in snapshot(data_copy).items()
                                    if k.startswith(f"{HISTORY}/{kept[-1].name}/")}


def test_history_keeps_the_newest_versions_only(data_copy):
    kept = [keep_previous(data_copy) for _ in range(HISTORY_KEPT + 2)]
    assert sorted((data_copy / HISTORY).iterdir()) == kept[-HISTORY_KEPT:]


def test_a_mapping_table_alone_corrects_only_the_mappings(data_copy):
    assert import_paths(CSV_FILES, data_copy).written
    items_before = read_tables(data_copy)["items"]
    correction = upload("mapping", "unit,lo,ac,standard,note\n101,1,1.1,K1.5,corrected\n",
                        "northbridge-mapping-v2.csv")
    refused = import_files([correction], data_copy)
    assert [str(p) for p in refused.problems] == [
        "northbridge-mapping-v2.csv: a mapping table imported on its own needs --framework "
        "naming the qualification it maps"]
    result = import_files([correction], data_copy, framework=KEY)
    assert result.written and result.replaced == [KEY]
    tables = read_tables(data_copy)
    pd.testing.assert_frame_equal(tables["items"], items_before)
    mine = tables["mappings"][tables["mappings"]["subject_framework"] == KEY]
    assert mine[["subject_id", "object_id", "note", "source_file"]].values.tolist() == [
        ["unit/101/lo/1/ac/1.1", "criterion/K1.5", "corrected", "northbridge-mapping-v2.csv"]]


def test_the_source_documents_mappings_are_never_replaced(data_copy, snapshot):
    before = snapshot(data_copy)
    result = import_files([upload("mapping", "unit,lo,ac,standard\n2,,,1\n", "fix.csv")],
                          data_copy, framework="ncfe")
    assert [str(p) for p in result.problems] == [
        "fix.csv: row 2, column unit: the mappings of 'ncfe' come from its source document "
        "and cannot be replaced; accept or reject suggestions with crosswalk curate instead"]
    assert snapshot(data_copy) == before


def test_an_import_that_would_break_a_curation_decision_is_refused(data_copy, snapshot):
    assert import_paths(CSV_FILES, data_copy).written
    record_decision(data_copy, KEY, "unit/104/lo/1/ac/1.1", "criterion/B13.1", "accept")
    before = snapshot(data_copy)
    shorter = "\n".join(line for line in example("units").splitlines()
                        if not line.startswith("104,1,1.1"))
    result = import_files([upload("q", example("qualification")), upload("units", shorter)],
                          data_copy, framework=KEY)
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith("q.csv, units.csv: the data would not build: ")
    assert "unknown item northbridge-l2:unit/104/lo/1/ac/1.1" in str(result.problems[0])
    assert snapshot(data_copy) == before


def test_a_script_in_an_uploaded_label_is_escaped_on_the_coverage_map(data_copy):
    units = example("units").replace("Explain the difference between internal and external "
                                     "customers", ATTACK)
    result = import_files([upload("q", example("qualification").replace(
        "Northbridge Awards (fictional)", ATTACK)), upload("u", units),
        upload("m", example("mapping"))], data_copy)
    assert result.written
    ex = load_explorer(data_copy)
    graph = map_graph(ex.view, ex.coverage, [KEY], ["1"], ["Knowledge", "Skill", "Behaviour"],
                      ["direct", "inherited", "no-mapping", "unmapped"])
    assert f"{KEY}:unit/101/lo/1/ac/1.1" in graph
    html = to_pyvis_html(graph, layout(graph), sources=source_lines(ex.graph))
    assert "<script>alert" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html


def test_the_shipped_template_and_example_workbook_match_their_source(tmp_path):
    for name in ("qualification", "units", "mapping"):
        (tmp_path / f"northbridge-{name}.csv").write_bytes(
            (EXAMPLES / f"northbridge-{name}.csv").read_bytes())
    for path in write_templates(tmp_path):
        shipped = EXAMPLES / path.name
        if path.suffix == ".csv":
            assert shipped.read_bytes() == path.read_bytes()
        else:
            ours, theirs = (pd.read_excel(p, sheet_name=None, dtype=str, na_filter=False)
                            for p in (path, shipped))
            assert ours.keys() == theirs.keys()
            for sheet in ours:
                pd.testing.assert_frame_equal(ours[sheet], theirs[sheet])


def test_the_readme_documents_every_template_column():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert template_reference() in readme


@pytest.mark.parametrize("mandatory, expected", [("yes", "true"), ("No", "false")])
def test_unit_facts_become_typed_properties(data_copy, mandatory, expected):
    units = f"unit,lo,ac,text,glh,mandatory\nA2,,,Customers,12,{mandatory}\n"
    result = import_files([upload("q", example("qualification")), upload("u", units)],
                          data_copy)
    assert result.written
    props = read_tables(data_copy)["properties"]
    mine = props[props["framework"] == KEY]
    assert mine[["item_id", "property", "value"]].values.tolist() == [
        ["unit/A2", "glh", "12"], ["unit/A2", "mandatory", expected]]
