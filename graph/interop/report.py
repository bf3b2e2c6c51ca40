"""The quality lead's workbook: one Excel sheet per analysis, ready to filter and file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from rdflib import Graph

from graph.analysis.coverage import coverage_status
from graph.analysis.fit import (
    fit_ranking,
    optional_unit_gain,
    qualification_fit,
    qualifications,
    unit_rules,
)
from graph.analysis.official import framework_ksb_coverage, ksb_links
from graph.fileio import atomic_write
from graph.interop.spreadsheet import text_cells
from graph.store.queries import defects

WIDEST = 60  # characters; longer text wraps
NARROWEST = 8


def report_sheets(view: nx.MultiDiGraph, graph: Graph) -> dict[str, pd.DataFrame]:
    """The workbook's own sheets, in order.

    ``Gaps``: every criterion a qualification does not cover directly, with its status
    (inherited, no-mapping or unmapped), every qualification (:func:`qualifications`)
    stacked. ``Ranking``: :func:`fit_ranking`. ``Fit``: :func:`qualification_fit` of each
    qualification, stacked. ``Optional units``: :func:`optional_unit_gain` of each
    qualification, stacked. ``Official KSBs``: each qualification's coverage by official KSB
    code (:func:`graph.analysis.official.framework_ksb_coverage`), stacked. ``Audit``: the
    sources' defects (:func:`graph.store.queries.defects`).

    >>> list(report_sheets(nx.MultiDiGraph(), Graph()))
    ['Gaps', 'Ranking', 'Fit', 'Optional units', 'Official KSBs', 'Audit']
    """
    keys = qualifications(view)
    links = ksb_links(graph)
    gaps = pd.concat([coverage_status(view, q, "criterion") for q in keys], ignore_index=True)
    rules = unit_rules(graph)
    return {
        "Gaps": gaps[gaps["status"] != "direct"].reset_index(drop=True),
        "Ranking": fit_ranking(view, keys),
        "Fit": pd.concat([qualification_fit(view, q) for q in keys], ignore_index=True),
        "Optional units": pd.concat([optional_unit_gain(view, q, rules) for q in keys],
                                    ignore_index=True),
        "Official KSBs": pd.concat([framework_ksb_coverage(view, links, q) for q in keys],
                                   ignore_index=True),
        "Audit": defects(graph),
    }


def write_report(view: nx.MultiDiGraph, graph: Graph, out: Path,
                 extra: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write :func:`report_sheets` and then ``extra`` (sheet name -> frame) to ``out``.

    Every text cell is stored as text, never as a formula
    (:func:`graph.interop.spreadsheet.text_cells`). Every sheet has a bold, frozen header row,
    an autofilter over its data, and columns as wide as their longest value up to
    :data:`WIDEST` characters, longer text wrapped. The file is written all or nothing. An
    extra sheet may not reuse a built-in sheet's name.

    Returns
    -------
    ``out``.

    Example
    -------
    >>> import tempfile
    >>> from openpyxl import load_workbook
    >>> out = Path(tempfile.mkdtemp()) / "report.xlsx"
    >>> _ = write_report(nx.MultiDiGraph(), Graph(), out, {"Notes": pd.DataFrame({"a": [1]})})
    >>> load_workbook(out).sheetnames[-1]
    'Notes'
    """
    sheets = report_sheets(view, graph)
    if (clash := sorted(set(sheets) & set(extra or {}))):
        raise ValueError(f"extra sheet names clash with the report's own: {', '.join(clash)}")
    sheets |= dict(extra or {})

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in sheets.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                _format(writer.sheets[name], frame)

    return atomic_write(out, write)


def _format(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Text cells as text (never formulas), bold frozen header, autofilter, capped column
    widths with wrapped long text."""
    text_cells(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(longest + 2, NARROWEST), WIDEST)
        if longest > WIDEST:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
