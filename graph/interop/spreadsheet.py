"""Cells that a spreadsheet shows as text and never runs as a formula.

Text from documents and uploads may start like a formula (``=HYPERLINK(...)``). Following
OWASP's CSV-injection guidance, a CSV meant for spreadsheets gets a single quote before a text
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(:func:`inert_cell`); an Excel workbook stores every text cell as a string, with Excel's own
"quote prefix" on those same cells (:func:`text_cells`). The graph and SSSOM keep the raw
text: only these spreadsheet outputs change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line's CSV needs only inert_cell: keep its imports light
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: Any) -> Any:
    """``value`` with a single quote in front when it is text that starts like a formula.

    >>> inert_cell('=HYPERLINK("http://evil.example/u","Unit 101")')
    '\\'=HYPERLINK("http://evil.example/u","Unit 101")'
    >>> inert_cell("Unit 101"), inert_cell(-3)
    ('Unit 101', -3)
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`inert_cell` applied to every cell and column name."""
    inert = frame.map(inert_cell)
    inert.columns = [inert_cell(c) for c in frame.columns]
    return inert


def spreadsheet_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV safe to open in a spreadsheet (:func:`inert_frame`).

    Lines end with LF; with CRLF when a cell holds a carriage return, so that the CSV writer
    quotes that cell instead of letting it break the row.

    >>> import pandas as pd
    >>> print(spreadsheet_csv(pd.DataFrame({"title": ["=1+1", "Unit 1"]})), end="")
    title
    '=1+1
    Unit 1
    """
    inert = inert_frame(frame)
    has_return = any(isinstance(v, str) and "\r" in v
                     for v in [*inert.columns, *inert.to_numpy().ravel()])
    return inert.to_csv(index=False, lineterminator="\r\n" if has_return else "\n")


def text_cells(sheet: Worksheet) -> None:
    """Store every text cell of ``sheet`` as a string (never a formula), with the quote
    prefix on those that start like one."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
