"""The analytics commands on the real data: plain JSON fields and answers read in the sources."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()


def run_json(*args):
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_gaps_json_fields():
    rows = run_json("gaps", "--framework", "ncfe", "--level", "statement")
    assert set(rows[0]) >= {"framework", "level", "notation", "label", "status"}
    assert [r["notation"] for r in rows if r["status"] == "no-mapping"] == ["1.1", "2.2"]


def test_equivalents_json_fields():
    rows = run_json("equivalents", "--min-score", "0.7")
    pair = next(r for r in rows if {r["a"], r["b"]} == {"ncfe:5", "cityguilds:201"})
    assert pair["shared"] == "5, 11, 13, 14" and pair["score"] == pytest.approx(0.7, abs=0.02)


def test_fit_ranks_highfield_first():
    rows = run_json("fit")
    assert [r["framework"] for r in rows] == ["highfield", "ncfe", "cityguilds"]
    assert rows[0]["criteria_direct"] == 66


def test_trace_k1_1_line_20():
    rows = run_json("trace", "K1.1")
    by_framework = {}
    for r in rows:
        by_framework.setdefault(r["framework"], set()).add((r["item"], r["how"]))
    assert by_framework["highfield"] == {("unit/1/lo/1/ac/1.2", "direct")}
    assert by_framework["highfield-workbook"] == {("booklet/1/question/1", "direct")}
    assert by_framework["epa"] == {("method/discussion", "inherited")}


def test_suggest_labels_every_row_a_suggestion():
    rows = run_json("suggest", "--framework", "ncfe")
    assert {r["kind"] for r in rows} == {"suggestion"}
    assert sorted({r["notation"] for r in rows}) == ["1.1", "2.2"]


@pytest.mark.parametrize(("args", "message"), [
    (["gaps", "--framework", "acme"], "--framework 'acme': choose one of"),
    (["gaps", "--framework", "ncfe", "--level", "unit"], "--level 'unit': choose one of"),
    (["trace", "K9.9"], "no criterion, statement or module K9.9"),
    (["report", "--out", "r.csv"], "name it *.xlsx"),
])
def test_bad_arguments_are_one_line(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2)
    assert len(result.output.strip().splitlines()) == 1 and message in result.output


def test_report_workbook(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    assert runner.invoke(app, ["report", "--out", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Gaps", "Ranking", "Fit", "Optional units", "Official KSBs",
                               "Audit", "Equivalents", "Equivalent groups", "Suggestions"]
    assert book["Suggestions"].freeze_panes == "A2"


def test_curate_accept_writes_the_curation_file(tmp_path, monkeypatch):
    import shutil

    from graph.ingest.sources import DATA_DIR
    from graph.model.tables import TABLES

    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", tmp_path / f"{name}.csv")
    result = runner.invoke(app, ["--data", str(tmp_path), "curate", "reject", "--framework",
                                 "ncfe", "--item", "1.1", "--candidate", "unit/16/ac/1.1",
                                 "--note", "challenging customers only"])
    assert result.exit_code == 0, result.output
    rows = run_json("--data", str(tmp_path), "suggest", "--framework", "ncfe")
    assert ("1.1", "unit/16/ac/1.1") not in {(r["notation"], r["candidate"]) for r in rows}
    bad = runner.invoke(app, ["--data", str(tmp_path), "curate", "accept", "--framework",
                              "ncfe", "--item", "1.1", "--candidate", "unit/99/ac/1.1"])
    assert bad.exit_code == 1 and "ncfe has no such item" in bad.output
