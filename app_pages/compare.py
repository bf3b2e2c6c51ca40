"""Compare qualifications: coverage side by side, equivalent units and cross-body groups."""

import streamlit as st

from graph.analysis.fit import QUALIFICATIONS
from graph.ui.widgets import csv_download, explorer, keep_choices, page_intro, query_choices

st.title("Compare qualifications")
page_intro("Two or three qualifications side by side: how much of the standard each covers, "
           "which of their units are equivalent, and why.")
ex = explorer()

everything = ex.qualifications
bundled = list(QUALIFICATIONS)
chosen = st.multiselect("Qualifications", everything,
                        default=query_choices("q", everything, bundled)[:3],
                        format_func=ex.framework_title, max_selections=3)
keep_choices("q", chosen, bundled)
if len(chosen) < 2:
    st.info("Choose two or three qualifications to compare.")
    st.stop()

fit = ex.fit[ex.fit["framework"].isin(chosen)]
side = fit.pivot_table(index=["measure", "group"], columns="framework",
                       values=["direct", "inherited", "covered", "items"], aggfunc="first")
side.columns = [f"{framework} {value}" for value, framework in side.columns]
st.subheader("Coverage side by side")
ordered = [f"{q} {v}" for q in chosen for v in ("direct", "inherited", "covered")]
st.dataframe(side[[c for c in ordered if c in side.columns]], use_container_width=True)

st.subheader("Equivalent units")
st.caption("Score: the Jaccard index of the modules two units cover, averaged with the TF-IDF "
           "similarity of their AC texts where both have texts. Computed, not asserted.")
prefix = tuple(f"{q}:" for q in chosen)
pairs = ex.similarity[ex.similarity["a"].str.startswith(prefix)
                      & ex.similarity["b"].str.startswith(prefix)]
minimum = st.slider("Lowest score", 0.0, 1.0, 0.3, 0.05)
pairs = pairs[pairs["score"] >= minimum]
matrix = pairs.pivot_table(index="a", columns="b", values="score", aggfunc="max")
st.dataframe(matrix.style.format("{:.2f}", na_rep=""), use_container_width=True)
st.dataframe(pairs[["a", "a_label", "b", "b_label", "coverage", "text", "score", "shared"]],
             hide_index=True, use_container_width=True)
csv_download(pairs, "equivalent-units.csv")

st.subheader("Groups equivalent across all three bodies")
if ex.groups.empty:
    st.info("No group of units scores high enough across all three bodies.")
else:
    st.dataframe(ex.groups, hide_index=True, use_container_width=True)
