"""Rendering result tables for the terminal and for files: table, csv, json, markdown.

Standard library only, so a command that answers from stored results never imports pandas.
A result is a :class:`Table` of plain values (text, whole numbers, decimals, booleans, None);
:func:`as_table` turns an analysis's DataFrame into one, and every format is rendered from
that, whichever way the answer was obtained.

The two formats people read (``table`` and ``markdown``) head their columns with plain
words (:func:`heading`); ``csv`` and ``json`` keep the column keys, for scripts.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class TableFormat(StrEnum):
    """Output formats of every tabular command."""

    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@dataclass(frozen=True)
class Table:
    """A result: column keys and rows of plain values (JSON's types)."""

    columns: list[str]
    rows: list[list[Any]]

    def to_json(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        return cls(list(data["columns"]), [list(row) for row in data["rows"]])


DECIMALS = 4  # scores are rounded to this many decimals
CELL_WIDTH = 120  # a longer cell is cut with "…" in the terminal table
# Column keys whose plain heading is not just the key in words (see :func:`heading`).
HEADINGS = {
    "notation": "Code", "label": "Wording", "via": "Through", "class": "Kind",
    "source": "Source document", "a": "Unit A", "b": "Unit B", "a_label": "Unit A title",
    "b_label": "Unit B title", "a_unit": "Unit A code", "b_unit": "Unit B code",
    "no_mapping": "No mapping", "covers": "Covers edges", "assesses": "Assesses edges",
    "text": "Text similarity", "coverage": "Module overlap", "shared": "Shared modules",
    "share": "Share covered", "highfield": "Highfield", "ncfe": "NCFE",
    "cityguilds": "City & Guilds",
}


def heading(column: str) -> str:
    """The plain heading of a column key: :data:`HEADINGS`, else the key in words.

    >>> heading("criteria_direct"), heading("notation")
    ('Criteria direct', 'Code')
    """
    return HEADINGS.get(column) or column.replace("_", " ").capitalize()


def as_table(frame) -> Table:
    """A pandas DataFrame as a :class:`Table`: numbers rounded to four decimals, a missing
    value None, every value of a JSON type (as JSON would store it)."""
    data = json.loads(frame.round(DECIMALS).to_json(orient="split", index=False,
                                                    force_ascii=False))
    return Table(list(data["columns"]), data["data"])


def render(result, fmt: TableFormat) -> str:
    """``result`` (a :class:`Table` or a DataFrame) as text in format ``fmt``.

    JSON is a list of objects keyed by the column keys; a missing value is empty in CSV and
    tables and ``null`` in JSON.

    >>> result = Table(["notation", "share"], [["K1.1", 0.5], ["K1.2", None]])
    >>> print(render(result, "table"), end="")
    Code  Share covered
    K1.1            0.5
    K1.2
    """
    table = result if isinstance(result, Table) else as_table(result)
    fmt = TableFormat(fmt)
    if fmt is TableFormat.csv:
        return _csv(table)
    if fmt is TableFormat.json:
        records = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt is TableFormat.markdown:
        return _markdown(table)
    return _text(table)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _csv(table: Table) -> str:
    """CSV for spreadsheets: a text cell never starts like a formula
    (:func:`graph.interop.spreadsheet.inert_cell`)."""
    from graph.interop.spreadsheet import inert_cell

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([inert_cell(c) for c in table.columns])
    writer.writerows([inert_cell(_cell(v)) for v in row] for row in table.rows)
    return out.getvalue()


def _markdown(table: Table) -> str:
    def cell(value: Any) -> str:
        return _cell(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(heading(c) for c in table.columns) + " |",
             "| " + " | ".join("---" for _ in table.columns) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def _text(table: Table) -> str:
    """Aligned columns: numbers to the right, text to the left, long cells cut."""
    if not table.rows:
        return "(no rows)\n"
    cells = [[_fit(_cell(v).replace("\n", " ")) for v in row] for row in table.rows]
    headings = [heading(c) for c in table.columns]
    numeric = [all(isinstance(row[i], int | float) and not isinstance(row[i], bool)
                   for row in table.rows if row[i] is not None)
               for i in range(len(table.columns))]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headings)]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if right else v.ljust(w)
                         for v, w, right in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(headings), *(line(row) for row in cells)]) + "\n"


def _fit(text: str) -> str:
    return text if len(text) <= CELL_WIDTH else text[:CELL_WIDTH - 1] + "…"
