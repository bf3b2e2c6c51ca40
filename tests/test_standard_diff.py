"""What changed between two standard versions: a fixture derived from the 1.1 record with one
KSB reworded (K3), one removed (S7) and one added, and the bundled 1.0 and 1.1 records."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from graph.analysis.standard_diff import standard_diff
from graph.cli import app
from graph.ingest.skills_england import read_version
from graph.ingest.sources import DATA_DIR
from graph.model.tables_io import read_tables

HERE = Path(__file__).parent / "standards"
OLD, NEW = HERE / "ST0072-1.1.json", HERE / "ST0072-1.2-changed.json"
runner = CliRunner()
# the documents' items the reconciliation links to K3 and S7 (see test_skills_england)
K3_TARGETS = {"statement/1.3", "criterion/K1.2", "criterion/K1.3", "criterion/K1.6"}
S7_TARGETS = {"statement/12.1", "criterion/S12.1"}


def _diff():
    tables = read_tables(DATA_DIR)
    return standard_diff(read_version(str(OLD), tables), read_version(str(NEW), tables),
                         tables["mappings"]), tables


def test_exactly_one_reworded_one_removed_one_added():
    diff, _ = _diff()
    rows = diff.ksbs[["change", "old_code", "new_code"]].values.tolist()
    assert rows == [["reworded", "K3", "K3"], ["removed", "S7", ""], ["added", "", "B11"]]
    reworded = diff.ksbs.iloc[0]
    assert reworded["diff"].endswith("[-knowing how to adapt-] {+adapting+} style to be "
                                     "highly effective.")
    assert diff.ksbs.iloc[2]["new_text"] == "Act with integrity in every customer interaction."
    assert diff.metadata.values.tolist() == [["version", "1.1", "1.2"],
                                             ["funding_band", "3500", "3000"]]


def test_stale_mappings_are_every_coverage_edge_on_their_items():
    diff, tables = _diff()
    maps = tables["mappings"]
    edges = maps[maps["predicate"].isin(["covers", "assesses"])
                 & (maps["object_framework"] == "standard")]
    expected = {(r.subject_framework, r.subject_id, r.object_id) for r in
                edges.itertuples(index=False) if r.object_id in K3_TARGETS | S7_TARGETS}
    stale = diff.stale
    assert set(zip(stale["framework"], stale["item"], stale["target"], strict=True)) == expected
    assert len(stale) == len(expected) > 0
    assert set(stale.loc[stale["target"].isin(S7_TARGETS), "ksb"]) == {"S7"}
    assert set(stale.loc[stale["target"].isin(S7_TARGETS), "change"]) == {"removed"}
    assert set(stale.loc[stale["target"].isin(K3_TARGETS), "change"]) == {"reworded"}
    # by framework: Highfield's Unit 6 LO1 AC1.1 covers S12.1 (Highfield line 77)
    row = stale[(stale["framework"] == "highfield") & (stale["target"] == "criterion/S12.1")]
    assert row[["item", "source_line"]].values.tolist() == [["unit/6/lo/1/ac/1.1", 77]]


def test_bundled_versions_compare_metadata_only():
    result = runner.invoke(app, ["standard-diff", "ST0072@1.0", "ST0072@1.1", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["note"] == "ST0072@1.0 lists no KSBs in its record: KSBs not compared"
    changed = {r["field"]: (r["old"], r["new"]) for r in data["metadata"]}
    assert changed["funding_band"] == ("4000", "3500")
    assert changed["status"] == ("Retired", "Approved for delivery")
    assert changed["assessment_plan"][1].endswith("/media/7271/customer_service_practitionerem.pdf")
    assert data["ksbs"] == [] and data["stale_mappings"] == []


def test_csv_output_has_one_row_per_change(tmp_path):
    result = runner.invoke(app, ["standard-diff", str(OLD), str(NEW), "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(pd.io.common.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert frame["section"].value_counts().to_dict()["ksb"] == 3
    assert list(frame.loc[frame["section"] == "metadata", "code"]) == ["version",
                                                                       "funding band"]


def test_unknown_side_is_one_line():
    result = runner.invoke(app, ["standard-diff", "ST0072@9.9", str(NEW)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("crosswalk: error: ST0072@9.9: no such file or "
                                            "imported standard version (imported: ST0072@1.0")
    assert "Traceback" not in result.output
