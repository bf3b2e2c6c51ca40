"""Rendering result tables for the terminal and for files: table, csv, json, markdown."""

from __future__ import annotations

import json
from enum import StrEnum

import pandas as pd


class TableFormat(StrEnum):
    """Output formats of every tabular command."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


def render(frame: pd.DataFrame, fmt: TableFormat) -> str:
    """``frame`` as text in format ``fmt``; JSON is a list of objects with plain field names.

    Scores are rounded to four decimals; a missing number is empty in CSV and tables and
    ``null`` in JSON.
    """
    frame = frame.round(4)
    if fmt is TableFormat.csv:  # for spreadsheets: text never starts like a formula
        from graph.interop.spreadsheet import spreadsheet_csv

        return spreadsheet_csv(frame)
    if fmt is TableFormat.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt is TableFormat.markdown:
        return _markdown(frame)
    if frame.empty:
        return "(no rows)\n"
    with pd.option_context("display.max_colwidth", 120, "display.width", 250):
        return frame.to_string(index=False) + "\n"


def _markdown(frame: pd.DataFrame) -> str:
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(frame.columns) + " |",
             "| " + " | ".join("---" for _ in frame.columns) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines) + "\n"
