"""Compare qualifications: coverage side by side, equivalent units and cross-body groups."""

import altair as alt
import pandas as pd
import streamlit as st

from graph.analysis.fit import QUALIFICATIONS
from graph.ui.colours import DARK_FROM
from graph.ui.tables import side_by_side
from graph.ui.widgets import csv_download, explorer, page_intro, url_multiselect

st.title("Compare qualifications")
page_intro("Two or three qualifications side by side: how much of the standard each covers, "
           "which of their units are equivalent, and why.")
ex = explorer()
name = ex.names.framework

chosen = url_multiselect("Qualifications", ex.qualifications, "compare", list(QUALIFICATIONS),
                         format_func=name, max_selections=3)
if len(chosen) < 2:
    st.info("Choose two or three qualifications to compare.")
    st.stop()

st.subheader("Coverage side by side")
st.caption("Covered: mapped directly or through the item above or below; the count mapped "
           "directly follows in brackets.")
st.dataframe(side_by_side(ex.fit, chosen, ex.names), hide_index=True)

st.subheader("Equivalent units")
st.caption("Score: the Jaccard index of the modules two units cover, averaged with the TF-IDF "
           "similarity of their criterion texts where both have texts. Computed, not asserted.")
unit_of = dict(zip(ex.similarity["a"], ex.similarity["a_unit"], strict=True)) | \
    dict(zip(ex.similarity["b"], ex.similarity["b_unit"], strict=True))
prefix = tuple(f"{q}:" for q in chosen)
pairs = ex.similarity[ex.similarity["a"].str.startswith(prefix)
                      & ex.similarity["b"].str.startswith(prefix)]
minimum = st.slider("Lowest score", 0.0, 1.0, 0.3, 0.05)
pairs = pairs[pairs["score"] >= minimum]
unit_name = {key: ex.names.item(unit, framework=True) for key, unit in unit_of.items()}
shown = pd.DataFrame({
    "Unit": [unit_name[a] for a in pairs["a"]],
    "Equivalent unit": [unit_name[b] for b in pairs["b"]],
    "Score": pairs["score"].round(2),
    "Modules both cover": pairs["shared"].fillna(""),
})
if shown.empty:
    st.info("No pair of units scores that high.")
else:
    base = alt.Chart(shown).encode(
        x=alt.X("Equivalent unit:N", title=None, sort=None, axis=alt.Axis(
            orient="top", labelAngle=-60, labelLimit=200, labelOverlap=False)),
        y=alt.Y("Unit:N", title=None, sort=None,
                axis=alt.Axis(labelLimit=300, labelOverlap=False)),
        tooltip=["Unit", "Equivalent unit", "Score", "Modules both cover"])
    matrix = base.mark_rect().encode(color=alt.Color(
        "Score:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), legend=None))
    numbers = base.mark_text(fontSize=10).encode(
        text=alt.Text("Score:Q", format=".2f"),
        color=alt.condition(alt.datum.Score >= DARK_FROM, alt.value("white"),
                            alt.value("black")))
    # a fixed step per row and column: every unit keeps a readable line of its own
    st.altair_chart((matrix + numbers).properties(height=alt.Step(22), width=alt.Step(26)),
                    width="content")
    st.dataframe(shown, hide_index=True)
    csv_download(shown, "equivalent-units.csv")

st.subheader("Groups equivalent across all three bodies")
if ex.groups.empty:
    st.info("No group of units scores high enough across all three bodies.")
else:
    bodies = [c for c in ex.groups.columns if c in ex.qualifications]
    groups = pd.DataFrame({name(b): [unit_name.get(k, k) for k in ex.groups[b]]
                           for b in bodies})
    groups["Score"] = ex.groups["score"].round(2).to_numpy()
    groups["Modules all cover"] = ex.groups["shared"].to_numpy()
    st.dataframe(groups, hide_index=True)
