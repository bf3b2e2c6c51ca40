"""Coverage map: one item in focus (the default), or the whole standard in aggregate."""

import streamlit as st

from graph.analysis.coverage import STATUSES, standard_items
from graph.model.build import KSB_TYPES
from graph.ui.data import Explorer
from graph.ui.map_data import framework_names, ordered_frameworks, resolve_item, search_options
from graph.ui.map_export import to_svg
from graph.ui.map_focus import focus_graph, overview_drawing, overview_graph, trace_targets
from graph.ui.map_layout import column_layout, overview_layout
from graph.ui.map_render import (
    family_colours,
    framework_links,
    legend_html,
    module_links,
    render_html,
)
from graph.ui.network_map import layout, map_graph, source_lines, to_pyvis_html
from graph.ui.widgets import explorer, page_intro, plain, version

HEIGHT = 700
OVERVIEW_HEIGHT = 1600  # the overview's 18 rows at the labels' size
VIEWS = ("Focus on an item", "Overview")


@st.cache_data(show_spinner=False, max_entries=2)
def words(_ex: Explorer, version: tuple[float, ...]) -> tuple[dict, dict, dict, dict]:
    """Framework names and colours, every item's search name and source line."""
    frame = framework_names(_ex.graph)
    names = dict(zip(frame["framework"], frame["name"], strict=True))
    return (names, family_colours(frame), search_options(_ex.view, names),
            source_lines(_ex.graph))


@st.cache_data(show_spinner="Drawing the map…", max_entries=64)
def focus_map(_ex: Explorer, version: tuple[float, ...], item: str,
              frameworks: tuple[str, ...], suggested: bool) -> tuple[str, str, str, dict]:
    """The focus view of ``item``: its HTML, SVG, legend and attributes."""
    names, colours, _, sources = words(_ex, version)
    graph = focus_graph(_ex.view, item, frameworks,
                        suggested=_ex.suggestions if suggested else None)
    positions = column_layout(graph)
    html = render_html(graph, positions, colours, names, height=f"{HEIGHT}px", sources=sources,
                       links=framework_links(graph, trace_targets(graph)), focus=item)
    return (html, to_svg(graph, positions, colours, focus=item),
            legend_html(graph, colours, names), dict(graph.graph, nodes=len(graph)))


@st.cache_data(show_spinner="Drawing the overview…", max_entries=16)
def overview_map(_ex: Explorer, version: tuple[float, ...], frameworks: tuple[str, ...],
                 detail: bool) -> tuple[str, str, str, int]:
    """The overview (or, with ``detail``, every item): HTML, SVG, legend, node count."""
    names, colours, _, sources = words(_ex, version)
    if detail:
        graph = detail_graph(_ex, frameworks)
        every = detail_positions(_ex, version)
        positions = {n: every[n] for n in graph}
        html = to_pyvis_html(graph, positions, f"{HEIGHT}px", sources, colours=colours,
                             names=names)
        svg = to_svg(graph, positions, colours, words=False)
    else:
        graph = overview_drawing(overview_graph(_ex.view, _ex.coverage, frameworks, names))
        positions = overview_layout(graph)
        html = render_html(graph, positions, colours, names, height=f"{OVERVIEW_HEIGHT}px",
                           links=module_links(graph), min_scale=0.0)
        svg = to_svg(graph, positions, colours)
    return html, svg, legend_html(graph, colours, names), len(graph)


def detail_graph(ex: Explorer, frameworks: tuple[str, ...]):
    """Every item of the chosen frameworks and the standard (the full detail map)."""
    modules = [ex.view.nodes[n]["notation"] for n in standard_items(ex.view, "module")]
    return map_graph(ex.view, ex.coverage, frameworks, modules, list(KSB_TYPES), STATUSES)


@st.cache_data(show_spinner=False, max_entries=2)
def detail_positions(_ex: Explorer, version: tuple[float, ...]) -> dict:
    """The detail map's layout, computed once for every framework: a choice of frameworks
    keeps each item where it is."""
    return layout(detail_graph(_ex, tuple(ordered_frameworks(_ex.coverage["framework"]))))


st.title("Coverage map")
page_intro("Put one criterion, statement, module, unit or resource in focus to see what covers "
           "it or what it covers; or see the whole standard at once. Click an item to open "
           "its Trace.")
ex = explorer()
names, colours, options, _ = words(ex, version())
keys = ordered_frameworks(ex.coverage["framework"])

top_left, top_right = st.columns([1, 3], vertical_alignment="bottom")
with top_left:
    mode = st.segmented_control("Map", VIEWS, default=VIEWS[0], required=True, key="view",
                                bind="query-params")
chosen = st.pills("Frameworks", keys, selection_mode="multi", default=keys,
                  format_func=lambda k: names.get(k, k), key="framework", bind="query-params")
chosen = tuple(ordered_frameworks(chosen or ()))

detail = False
if mode == VIEWS[1]:
    with top_right:
        detail = st.toggle("Every item (the full detail map, notations as labels)",
                           key="detail", bind="query-params")
    html, svg, legend, count = overview_map(ex, version(), chosen, detail)
    name = "coverage-map-detail" if detail else "coverage-map-overview"
    caption = (f"{count} items; hover for the full text." if detail else
               "The standard's modules down the left, each framework at the head of its "
               "column; where they meet, how many of the module's criteria the framework "
               "covers at that evidence tier. Click a module or a number to put the module "
               "in focus.")
else:
    with top_right:
        picked = st.selectbox("Find an item: type a code such as K1.1, or words",
                              list(options), format_func=lambda k: options.get(k, k),
                              accept_new_options=True, key="item", bind="query-params")
    item = resolve_item(ex.view, options, picked)
    if item is None:
        st.warning(f"No criterion, statement, module, unit or resource matches "
                   f"“{plain(str(picked))}”; showing K1.1.")
        item = next(iter(options))
    suggested = st.toggle("Show suggested mappings (text similarity, not mappings)",
                          key="suggested", bind="query-params")
    html, svg, legend, info = focus_map(ex, version(), item, chosen, suggested)
    name = "coverage-map-" + "".join(c if c.isalnum() or c in ".-" else "-"
                                     for c in ex.view.nodes[item].get("notation") or "item")
    caption = (f"In focus: {options[item].rstrip('.')}. {info['nodes']} items; hover for the "
               "full text, click an item for its Trace.")
    if info["grouped"]:
        caption += (" To stay readable, the map shows the units or booklets of "
                    + ", ".join(names.get(f, f) for f in info["grouped"])
                    + " instead of each of their items.")

overview = mode == VIEWS[1] and not detail
st.iframe(html, height=(OVERVIEW_HEIGHT if overview else HEIGHT) + 20)
st.caption(plain(caption) + " Scroll to zoom, drag to pan.")
st.markdown(legend, unsafe_allow_html=True)
left, right, _ = st.columns([2, 2, 5])
left.download_button("Download this map (HTML)", html.encode("utf-8"), file_name=f"{name}.html",
                     mime="text/html", key="download-map-html")
right.download_button("Download as a picture (SVG)", svg.encode("utf-8"),
                      file_name=f"{name}.svg", mime="image/svg+xml", key="download-map-svg")
