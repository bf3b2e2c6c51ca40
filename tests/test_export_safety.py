"""Exports that are safe to open and that work on every graph: text that looks like a formula
stays text in spreadsheets (and raw in the graph and SSSOM), invisible characters are refused
on import, and every export format writes the bundled data and an imported qualification."""

from __future__ import annotations

import csv
import io
import json
import shutil

import networkx as nx
import pytest
from openpyxl import load_workbook
from rdflib import Graph
from typer.testing import CliRunner

from graph.cli import app
from graph.ingest.sources import DATA_DIR
from graph.interop.export import ExportFormat
from graph.interop.spreadsheet import spreadsheet_csv

EXAMPLES = DATA_DIR / "examples"
TITLE = '=HYPERLINK("http://evil.example/u","Unit 101")'  # unit 101's title, as imported
AC_TEXT = "@SUM(1+1)*cmd|' /C calc'!A0"  # AC 101 1.1's wording, as imported
UNIT = "https://w3id.org/ksb-crosswalk/id/northbridge-l2/unit/101"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def northbridge_files(folder, replace: dict[str, str] | None = None) -> list:
    """The Northbridge example's three CSV files, with ``replace`` applied to the units."""
    folder.mkdir(exist_ok=True)
    paths = []
    for table in ("qualification", "units", "mapping"):
        path = folder / f"northbridge-{table}.csv"
        shutil.copy(EXAMPLES / path.name, path)
        paths.append(path)
    units = paths[1].read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in units
        units = units.replace(old, new)
    paths[1].write_text(units, encoding="utf-8")
    return paths


@pytest.fixture
def hostile(data_copy, tmp_path):
    """The bundled data with the Northbridge example imported, its unit 101 titled with a
    formula and AC 1.1 worded as a DDE payload."""
    files = northbridge_files(tmp_path / "upload", {
        "101,,,Customers and the organisation": f'101,,,"{TITLE.replace(chr(34), 2 * chr(34))}"',
        "Explain the difference between internal and external customers": f'"{AC_TEXT}"'})
    result = run("--data", data_copy, "import", *files)
    assert result.exit_code == 0, result.output
    return data_copy


def test_the_graph_keeps_the_raw_text(hostile):
    result = run("--data", hostile, "sparql", "--format", "json",
                 f"SELECT ?l WHERE {{ <{UNIT}> skos:prefLabel ?l }}")
    assert json.loads(result.output) == [{"l": TITLE}]


def test_command_line_csv_is_inert(hostile):
    result = run("--data", hostile, "sparql", "--format", "csv",
                 f"SELECT ?l WHERE {{ <{UNIT}> skos:prefLabel ?l }}")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.output))) == [["l"], [f"'{TITLE}"]]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_csv_quotes_every_formula_start(text):
    rows = list(csv.reader(io.StringIO(spreadsheet_csv(
        __import__("pandas").DataFrame({"t": [text, "plain", 3]})))))
    assert rows == [["t"], [f"'{text}"], ["plain"], ["3"]]


def test_the_report_has_no_formula_and_keeps_the_text(hostile, tmp_path):
    out = tmp_path / "report.xlsx"
    result = run("--data", hostile, "report", "--out", out)
    assert result.exit_code == 0, result.output
    workbook = load_workbook(out)
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    hostile_cells = [c for c in cells if c.value in (TITLE, AC_TEXT)]
    assert {c.value for c in hostile_cells} == {TITLE, AC_TEXT}
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile_cells)


def test_sssom_keeps_the_raw_text(hostile, tmp_path):
    out = tmp_path / "m.sssom.tsv"
    assert run("--data", hostile, "export", "--format", "sssom", "--out", out).exit_code == 0
    lines = [line for line in out.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert AC_TEXT in {row["subject_label"] for row in rows}


@pytest.mark.parametrize(("character", "name"), [("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
                                                 ("\u200b", "U+200B ZERO WIDTH SPACE"),
                                                 ("\u200d", "U+200D ZERO WIDTH JOINER"),
                                                 ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE")])
def test_invisible_characters_are_refused_with_row_and_column(data_copy, tmp_path, snapshot,
                                                              character, name):
    files = northbridge_files(tmp_path / "upload", {
        "Customers and the organisation": f"Customers{character} and the organisation"})
    before = snapshot(data_copy)
    result = run("--data", data_copy, "import", *files)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"northbridge-units.csv: row 2, column text: contains an invisible formatting "
        f"character ({name}); remove it",
        "crosswalk: error: 1 problem(s); nothing was written"]
    assert snapshot(data_copy) == before


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The bundled data with the Northbridge workbook imported."""
    from graph.model.tables import TABLES

    folder = tmp_path_factory.mktemp("imported") / "data"
    folder.mkdir()
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    result = run("--data", folder, "import", EXAMPLES / "northbridge.xlsx")
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("dataset", ["bundled", "imported"])
def test_every_export_format_writes(fmt, dataset, imported, tmp_path):
    folder = DATA_DIR if dataset == "bundled" else imported
    out = tmp_path / f"export.{fmt.value}"
    result = run("--data", folder, "export", "--format", fmt.value, "--out", out)
    assert (result.exit_code, result.output) == (0, f"wrote {out}\n")
    unit = "northbridge-l2:unit/101"
    if fmt is ExportFormat.graphml:
        view = nx.read_graphml(out)
        assert view.nodes["standard:statement/1.1"]["no_mapping"] == "ncfe"
        assert view.nodes["standard:criterion/K1.1"]["label"] == (
            "Explain the difference between internal and external customers in the context of "
            "their organisation.")
        assert view.graph["standards"] == "standard"
        assert (unit in view) == (dataset == "imported")
    elif fmt is ExportFormat.sssom:
        text = out.read_text(encoding="utf-8")
        assert text.count("sssom:NoTermFound\t") == 2
        assert ("id:northbridge-l2/unit/101/lo/1/ac/1.1\t" in text) == (dataset == "imported")
    else:
        graph = Graph().parse(out, format={"ttl": "turtle", "jsonld": "json-ld",
                                           "nt": "nt"}[fmt.value])
        subjects = {str(s) for s in graph.subjects()}
        assert len(graph) > 20000
        assert (UNIT in subjects) == (dataset == "imported")
