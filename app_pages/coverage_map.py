"""Coverage map: the standard and the items of each framework that cover it, as a network."""

import pandas as pd
import streamlit as st
from rdflib import Graph

from graph.analysis.coverage import STATUSES, standard_items
from graph.model.build import KSB_TYPES as KSB_TYPE_TERMS
from graph.ui.data import Explorer
from graph.ui.network_map import (
    layout,
    legend_html,
    map_graph,
    nodes_table,
    ordered_frameworks,
    source_lines,
    to_pyvis_html,
)
from graph.ui.widgets import (
    csv_download,
    explorer,
    keep_choices,
    page_intro,
    query_choices,
    version,
)

HEIGHT = 720
KSB_TYPES = list(KSB_TYPE_TERMS)


@st.cache_data(show_spinner=False, max_entries=2)
def sources(_graph: Graph, version: tuple[float, ...]) -> dict[str, str]:
    """Every item's source line (``version`` keys the cache to the data)."""
    return source_lines(_graph)


@st.cache_data(show_spinner="Drawing the map…", max_entries=32)
def draw(_ex: Explorer, version: tuple[float, ...], frameworks: tuple[str, ...],
         modules: tuple[str, ...], ksb_types: tuple[str, ...], statuses: tuple[str, ...],
         suggested: bool) -> tuple[str, pd.DataFrame, dict]:
    """The map's HTML, its nodes table and its attributes for one choice of filters."""
    graph = map_graph(_ex.view, _ex.coverage, frameworks, modules, ksb_types, statuses,
                      suggested=_ex.suggestions if suggested else None)
    lines = sources(_ex.graph, version)
    html = to_pyvis_html(graph, layout(graph), f"{HEIGHT}px", lines) if len(graph) else ""
    return html, nodes_table(graph, lines), dict(graph.graph)


st.title("Coverage map")
page_intro("The standard's modules, statements and criteria, and every unit, AC, page, "
           "question, activity, task and assessment method that covers them.")
ex = explorer()

all_frameworks = ordered_frameworks(ex.coverage["framework"])
modules = {ex.view.nodes[n]["notation"]: ex.view.nodes[n]["label"]
           for n in standard_items(ex.view, "module")}
defaults = {"framework": all_frameworks, "module": ["1"], "ksb": KSB_TYPES,
            "status": list(STATUSES)}
left, middle, right, last = st.columns([4, 3, 2, 2])
chosen = {
    "framework": left.multiselect("Frameworks", all_frameworks, query_choices(
        "framework", all_frameworks, defaults["framework"])),
    "module": middle.multiselect("Modules", list(modules), query_choices(
        "module", list(modules), defaults["module"]), format_func=lambda m: f"{m} {modules[m]}"),
    "ksb": right.multiselect("KSB type", KSB_TYPES, query_choices(
        "ksb", KSB_TYPES, defaults["ksb"])),
    "status": last.multiselect("Status (any framework)", list(STATUSES), query_choices(
        "status", list(STATUSES), defaults["status"])),
}
for name, values in chosen.items():
    keep_choices(name, values, defaults[name])
suggested = st.toggle("Show suggested mappings (text similarity, not mappings)")

html, nodes, info = draw(ex, version(), *(tuple(v) for v in chosen.values()),
                         suggested)
if nodes.empty:
    st.info("Nothing to draw: no criterion of the chosen modules and KSB types has one of the "
            "chosen statuses. Choose more modules, KSB types or statuses.")
else:
    if info["capped"]:
        st.warning(f"The map is limited to {info['max_nodes']} items and these filters give "
                   f"{info['total_nodes']}: it shows module(s) "
                   f"{', '.join(info['modules_shown'])} only. Choose fewer modules or "
                   f"frameworks to see the rest.")
    st.markdown(legend_html(chosen["framework"]), unsafe_allow_html=True)
    st.iframe(html, height=HEIGHT + 20)
    st.caption(f"{len(nodes)} items. Hover over an item for its full text, kind, framework and "
               "source line; scroll to zoom, drag to pan.")
    csv_download(nodes, "coverage-map-nodes.csv", "Download the items shown (CSV)")
