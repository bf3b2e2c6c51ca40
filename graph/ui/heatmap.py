"""The landing page's heatmap as an HTML table (no chart library, so it is drawn at once).

One row per module of the standard, one column per qualification. A cell's colour is the
share of the module's criteria the qualification evidences at criterion level, on one
sequential scale (:data:`~graph.ui.colours.SHARE_STOPS`); its text is the count behind that
share, with the evidence tier named when most criteria have weaker evidence. Colour and number
come from the same two counts, so they cannot disagree. Every text is HTML-escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from graph.ui.colours import DARK_FROM, SHARE_STOPS

STYLE = ("<style>.cw-heat{border-collapse:collapse;width:100%;font-size:0.9rem}"
         ".cw-heat th,.cw-heat td{border:2px solid white;padding:3px 8px}"
         ".cw-heat thead th{text-align:center}.cw-heat tbody th{text-align:left;"
         "font-weight:normal}.cw-heat td{text-align:center;white-space:nowrap}"
         ".cw-key{display:flex;gap:0;align-items:center;font-size:0.8rem;margin:4px 0 12px}"
         ".cw-key span{display:inline-block;width:28px;height:12px}</style>")


def share_colour(share: float) -> str:
    """The colour of ``share`` (0 … 1, clipped) on the sequential scale: linear in RGB
    between its evenly spaced stops.

    >>> share_colour(0.0), share_colour(1.0), share_colour(0.5)
    ('#f7fbff', '#08306b', '#6baed6')
    """
    share = min(max(float(share), 0.0), 1.0)
    at = share * (len(SHARE_STOPS) - 1)
    low = min(int(at), len(SHARE_STOPS) - 2)
    part = at - low
    a, b = (_rgb(SHARE_STOPS[low]), _rgb(SHARE_STOPS[low + 1]))
    return "#" + "".join(f"{round(x + (y - x) * part):02x}" for x, y in zip(a, b, strict=True))


def heatmap_html(cells: pd.DataFrame, modules: list[str], qualifications: list[str]) -> str:
    """The table of ``cells`` (columns ``Module``, ``Qualification``, ``Share``,
    ``Criteria``, ``Criterion-level``, ``Evidence``: :func:`graph.ui.tables.heat_cells`),
    rows in the order of ``modules``, columns in the order of ``qualifications``, and a key
    of the scale below it. A cell's tooltip says the module, qualification, count and tier.
    """
    by_cell = {(row["Module"], row["Qualification"]): row for _, row in cells.iterrows()}
    head = "".join(f'<th scope="col">{escape(q)}</th>' for q in qualifications)
    rows = []
    for module in modules:
        tds = []
        for qualification in qualifications:
            row = by_cell.get((module, qualification))
            if row is None:
                tds.append("<td></td>")
                continue
            ink = "white" if row["Share"] >= DARK_FROM else "black"
            tip = (f"{module} · {qualification}: {row['Criterion-level']} at criterion level; "
                   f"most criteria {row['Evidence']}")
            tds.append(f'<td style="background:{share_colour(row["Share"])};color:{ink}" '
                       f'title="{escape(tip)}">{escape(str(row["Criteria"]))}</td>')
        rows.append(f'<tr><th scope="row">{escape(module)}</th>{"".join(tds)}</tr>')
    key = "".join(f'<span style="background:{share_colour(i / 10)}"></span>' for i in range(11))
    return (f'{STYLE}<table class="cw-heat"><thead><tr><th></th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>'
            f'<div class="cw-key">share of criteria evidenced at criterion level:&nbsp;0%&nbsp;'
            f'{key}&nbsp;100%</div>')


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
