"""Downloads of what a page shows: Excel workbooks and printable pages (no Streamlit here).

Text from documents and uploads stays data: a spreadsheet cell starting with ``= + - @`` is
written as text (a leading apostrophe), and every value in a printable page is HTML-escaped.
"""

from __future__ import annotations

import html
import io
from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@")
PRINT_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
@media print { h2 { page-break-after: avoid; } tr { page-break-inside: avoid; } }
"""


def inert(value: Any) -> Any:
    """A cell value a spreadsheet shows as text, never as a formula.

    >>> inert("=HYPERLINK(\\"x\\")"), inert("plain"), inert(3)
    ('\\'=HYPERLINK("x")', 'plain', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """``sheets`` (name -> frame) as one Excel workbook, every text cell inert."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.map(inert).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def printable_html(title: str, paragraphs: list[str],
                   tables: dict[str, pd.DataFrame]) -> bytes:
    """A self-contained printable page: a title, paragraphs, then titled tables.

    >>> page = printable_html("Verdict <1>", ["a & b"], {"T": pd.DataFrame({"x": ["<i>"]})})
    >>> b"Verdict &lt;1&gt;" in page and b"a &amp; b" in page and b"&lt;i&gt;" in page
    True
    """
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>{html.escape(title)}</title><style>{PRINT_STYLE}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    parts += [f"<p>{html.escape(text)}</p>" for text in paragraphs]
    for heading, frame in tables.items():
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append(frame.to_html(index=False, escape=True, na_rep="", border=0))
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
