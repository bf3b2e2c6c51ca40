"""The workbook, read back with openpyxl."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from graph.analysis.network import to_networkx
from graph.ingest.sources import DATA_DIR
from graph.interop.report import WIDEST, write_report
from graph.model.build import build_graph
from graph.model.tables_io import read_tables


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    graph = build_graph(read_tables(DATA_DIR))
    out = tmp_path_factory.mktemp("report") / "crosswalk.xlsx"
    extra = {"Equivalents": pd.DataFrame({"left": ["ncfe:unit/2/ac/1.1"], "score": [0.9]})}
    write_report(to_networkx(graph), graph, out, extra)
    return load_workbook(out)


def column(sheet, name):
    header = [cell.value for cell in sheet[1]]
    return [row[header.index(name)] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_sheets_in_order(workbook):
    assert workbook.sheetnames == ["Gaps", "Ranking", "Fit", "Optional units",
                                   "Official KSBs", "Audit", "Equivalents"]


def test_every_sheet_is_frozen_filtered_and_bold(workbook):
    for sheet in workbook:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width <= WIDEST for c in sheet[1])


def test_known_cells(workbook):
    ranking = workbook["Ranking"]
    assert [ranking["A2"].value, ranking["B2"].value, ranking["C2"].value] == \
        ["highfield", 1, 66]  # 66 of 75 criteria mapped directly (Highfield mapping)
    assert ranking["A1"].value == "framework"
    gaps = workbook["Gaps"]
    # Highfield's first criterion with an empty unit cell: highfield-csp-mapping.txt line 22
    assert [gaps["A2"].value, gaps["C2"].value, gaps["F2"].value] == \
        ["highfield", "K1.5", "unmapped"]
    # gaps: Highfield's 8 and module 2's uncoded criterion, NCFE's 75 (none direct), C&G's 75
    # (none direct)
    assert gaps.max_row - 1 == 9 + 75 + 75
    assert workbook["Equivalents"]["B2"].value == 0.9
    assert len(column(workbook["Audit"], "kind")) == len(read_tables(DATA_DIR)["defects"])
    # C&G handbook line 3030: "Unit 206: 1.9" names an AC the unit does not have
    missing = [row for row in workbook["Audit"].iter_rows(min_row=2, values_only=True)
               if row[2] == "missing-ac"]
    assert [row[:2] for row in missing] == [("cityguilds-2794-02-handbook.txt", 3030)]


def test_long_text_wraps(workbook):
    reasons = workbook["Ranking"]["I2"]
    assert len(reasons.value) > WIDEST
    assert reasons.alignment.wrap_text
    assert workbook["Ranking"].column_dimensions["I"].width == WIDEST
    assert not workbook["Ranking"]["A2"].alignment.wrap_text


def test_extra_sheet_may_not_replace_a_report_sheet(tmp_path):
    graph = build_graph(read_tables(DATA_DIR))
    out = tmp_path / "r.xlsx"
    with pytest.raises(ValueError, match="clash with the report's own: Audit"):
        write_report(to_networkx(graph), graph, out, {"Audit": pd.DataFrame()})
    assert not out.exists()


def test_official_ksb_sheet_has_35_codes_per_qualification(workbook):
    sheet = workbook["Official KSBs"]
    frameworks, codes = column(sheet, "framework"), column(sheet, "code")
    assert frameworks.count("highfield") == frameworks.count("ncfe") == 35
    assert codes[:3] == ["K1", "K2", "K3"] and codes[34] == "B10"
    # NCFE states "No mapping" for statement 1.1 (line 9), which is K1
    ncfe = dict(zip(codes[35:70], column(sheet, "status")[35:70], strict=True))
    assert ncfe["K1"] == "no-mapping"


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    from rdflib import Graph

    out = tmp_path / "r.xlsx"
    write_report(to_networkx(Graph()), Graph(), out, {"Notes": pd.DataFrame({"a": ["=1+1"]})})
    cell = load_workbook(out)["Notes"]["A2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
