"""Trace: everything that covers one criterion, statement or module."""

import streamlit as st

from graph.analysis.coverage import LEVEL_KINDS, standard_items
from graph.analysis.trace import trace
from graph.ui.widgets import csv_download, explorer, page_intro, plain, version


@st.cache_data(show_spinner=False)
def _trace(item: str, version: tuple[float, ...]):
    del version  # cache key only
    return trace(explorer().view, item)


def cached_trace(item: str):
    """The trace of ``item``, computed once per item and build."""
    return _trace(item, version())


st.title("Trace")
page_intro("Pick a criterion, statement or module of the standard to see every unit, AC, page, "
           "question, activity, task and assessment method that covers it, and how.")
ex = explorer()

options = [ex.view.nodes[n]["notation"] for level in ("criterion", "statement", "module")
           for n in standard_items(ex.view, level)]
labels = {ex.view.nodes[n]["notation"]: ex.view.nodes[n]["label"]
          for level in LEVEL_KINDS for n in standard_items(ex.view, level)}
wanted = st.query_params.get("item", "K1.1")
if wanted not in options:
    st.warning(f"There is no criterion, statement or module {wanted!r}; showing K1.1.")
    wanted = "K1.1"
item = st.selectbox("Standard item", options, index=options.index(wanted),
                    format_func=lambda n: f"{n} — {labels[n]}")
st.query_params["item"] = item
st.markdown(f"**{item}** {plain(labels[item])}")

rows = cached_trace(item)
if rows.empty:
    st.info(f"Nothing covers {item}.")
else:
    for framework, part in rows.groupby("framework", sort=False):
        st.markdown(f"**{plain(ex.framework_title(framework))}** ({len(part)})")
        st.dataframe(part.drop(columns=["framework"]), hide_index=True,
                     use_container_width=True)
    csv_download(rows, f"trace-{item}.csv")
