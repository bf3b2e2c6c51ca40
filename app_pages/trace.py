"""Trace: everything that teaches or assesses one criterion, statement or module."""

import streamlit as st

from graph.analysis.coverage import standard_items, unit_of
from graph.analysis.trace import NOTATION_LEVELS, trace
from graph.ui.labels import ASSESSES, TEACHES, TIER_PHRASES
from graph.ui.tables import TRACE_WIDTHS, trace_table
from graph.ui.widgets import (
    csv_download,
    explorer,
    page_intro,
    plain,
    unknown_choice,
    url_select,
    version,
)


@st.cache_data(show_spinner=False)
def _trace(item: str, version: tuple[float, ...]):
    del version  # cache key only
    return trace(explorer().view, item)


def level_of(notation: str) -> str:
    """``criterion``, ``statement`` or ``module`` by the form of the notation."""
    return next(lvl for pattern, lvl in NOTATION_LEVELS if pattern.fullmatch(notation))


st.title("Trace")
page_intro("Pick a criterion, statement or module of the standard to see every qualification "
           "unit, learning resource and assessment method that covers it, and how.")
ex = explorer()
names = ex.names
options = [ex.view.nodes[n]["notation"] for level in ("criterion", "statement", "module")
           for n in standard_items(ex.view, level)]

def shown(notation: str) -> str:
    return names.standard(notation, level_of(notation))


if (wanted := unknown_choice("item", options, shown)) is not None:
    st.warning(f"There is no criterion, statement or module “{plain(wanted)}”; showing K1.1.")
item = url_select("Standard item", options, "item", "K1.1", format_func=shown)
level = level_of(item)
st.markdown(f"**{plain(names.standard(item, level))}**")

rows = ex.coverage[(ex.coverage["level"] == level) & (ex.coverage["notation"] == item)]
traced = _trace(item, version())
table = trace_table(traced, names)
for row in rows[rows["framework"].isin(ex.qualifications)].itertuples(index=False):
    own = traced[traced["framework"] == row.framework]
    by_unit: dict = {}
    for node in dict.fromkeys(f"{row.framework}:{i}" for i in own["item"]):
        by_unit.setdefault(unit_of(ex.view, node), []).append(node)
    items = "; ".join(
        names.item(nodes[0]) if len(nodes) == 1 or unit is None
        else f"{names.unit(unit)} ({len(nodes)} assessment criteria)"
        for unit, nodes in by_unit.items())
    st.markdown(f"- **{plain(names.framework(row.framework))}** evidences it "
                f"{TIER_PHRASES[row.evidence]}" + (f": {plain(items)}" if items else "."))

if table.empty:
    st.info("Nothing covers this item.")
for role, heading in ((TEACHES, "What teaches it"), (ASSESSES, "What assesses it")):
    part = table[table["Role"] == role].drop(columns="Role")
    st.subheader(f"{heading} ({len(part)})")
    if part.empty:
        st.write("Nothing.")
    else:
        st.dataframe(part, hide_index=True, column_config={
            column: st.column_config.Column(width=width)
            for column, width in TRACE_WIDTHS.items()})
csv_download(table, f"trace-{item}.csv")
