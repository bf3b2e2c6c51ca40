"""The landing page's heatmap: colour and number come from the same counts, text is inert."""

from __future__ import annotations

import re

import pandas as pd

from graph.ui.colours import SHARE_STOPS
from graph.ui.heatmap import heatmap_html, share_colour


def cells(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Module", "Qualification", "Share", "Criteria",
                                       "Criterion-level", "Evidence"])


def test_colour_and_number_agree_cell_by_cell():
    html = heatmap_html(cells(
        ("Module 1", "Highfield", 1.0, "6/6", "6 of 6 criteria", "criterion-level"),
        ("Module 1", "City & Guilds", 0.0, "0/6 · module", "0 of 6 criteria", "module-level"),
        ("Module 2", "Highfield", 0.5, "2/4", "2 of 4 criteria", "criterion-level")),
        ["Module 1", "Module 2"], ["Highfield", "City & Guilds"])
    found = re.findall(r'<td style="background:(#[0-9a-f]{6});color:(\w+)"[^>]*>([^<]*)</td>',
                       html)
    assert found == [(SHARE_STOPS[-1], "white", "6/6"),
                     (SHARE_STOPS[0], "black", "0/6 · module"),
                     (share_colour(0.5), "black", "2/4")]
    assert html.count("<td></td>") == 1  # Module 2 has no City & Guilds cell
    assert re.findall(r'<th scope="col">([^<]*)</th>', html) == ["Highfield",
                                                                  "City &amp; Guilds"]


def test_a_darker_colour_means_a_larger_share():
    shades = [sum(int(share_colour(s / 10)[i:i + 2], 16) for i in (1, 3, 5))
              for s in range(11)]
    assert shades == sorted(shades, reverse=True)


def test_names_are_escaped():
    attack = '<script>alert(1)</script>" onmouseover="x'
    html = heatmap_html(cells((attack, attack, 0.2, attack, attack, attack)), [attack],
                        [attack])
    assert "<script>" not in html and '" onmouseover' not in html
    assert "&lt;script&gt;" in html
