"""How the coverage maps look: colours, shapes, edge styles, legend and the pyvis page.

No Streamlit here. The encoding:

* colour: one colour-blind-safe colour per framework family (a qualification with the
  resources of its publisher; :func:`family_colours`), the standard in black;
* shape: the kind of item (:data:`~graph.ui.map_layout.KIND_SHAPES`), so that one
  family's qualification, textbook, workbook and activities differ by shape, never by shade;
* edge style: the evidence tier (criterion-, statement-, module-level), suggested and
  "No mapping" (:data:`EDGE_STYLES`), named in words by :data:`EDGE_WORDS`.

Every text from a document reaches the page as data: labels are drawn on a canvas (plain
text, JSON-encoded in the page), tooltips are HTML-escaped, and a click opens a relative URL
built from a notation, never from label text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlencode

import networkx as nx
import pandas as pd
import pyvis
from jinja2 import Environment
from pyvis.network import Network

from graph.analysis.coverage import LEVEL_KINDS
from graph.ui import labels
from graph.ui.colours import FAMILY_COLOURS, MAP_GREY, STANDARD_COLOUR
from graph.ui.map_data import STANDARD, ordered_frameworks, shorten
from graph.ui.map_layout import FONT_SIZE, KIND_SHAPES, NODE_SIZE, caption, wrap

LEVELS = {kind: level for level, kind in LEVEL_KINDS.items()}  # Criterion -> criterion
SHAPE_GLYPHS = {"box": "▭", "square": "■", "triangle": "▲", "dot": "●", "triangleDown": "▼",
                "diamond": "◆", "hexagon": "⬢", "star": "★"}
KIND_WORDS = {  # the app's words for kinds (graph.ui.labels), and the map's own nodes
    **labels.KIND_WORDS,
    "NoMapping": "a stated “No mapping”", "Framework": "qualification or resource",
    "Count": "criteria of a module covered at one evidence tier",
}
BORDERS = {"Module": 3, "StandardStatement": 2, "Criterion": 1}
# vis-network edge options per type (the colour is the family's, but for hierarchy and
# "No mapping"), and the words the legend and tooltips use for them, in the legend's order.
EDGE_STYLES = {
    "criterion": {"width": 3.0, "dashes": False},
    "statement": {"width": 2.5, "dashes": [10, 6]},
    "module": {"width": 2.0, "dashes": [2, 6]},
    "inherited": {"width": 1.5, "dashes": [14, 4, 2, 4, 2, 4]},
    "suggested": {"width": 1.5, "dashes": [12, 4, 2, 4]},
    "no-mapping": {"width": 2.0, "dashes": False, "color": "#555555",
                   "arrows": {"to": {"enabled": True, "type": "bar"}}},
    "hierarchy": {"width": 1.0, "dashes": False, "color": "#C8C8C8",
                  "arrows": {"to": {"enabled": False}}},
    "row": {"width": 1.0, "dashes": False, "color": "#DDDDDD"},
}
EDGE_WORDS = {
    "criterion": "criterion-level mapping",
    "statement": "statement-level mapping",
    "module": "module-level claim (weak evidence)",
    "inherited": "covers by inheritance (the path is not shown)",
    "suggested": "suggested by text similarity (not a mapping)",
    "no-mapping": "the document states “No mapping”",
    "hierarchy": "part of (a criterion in its statement, an AC in its unit)",
    "row": "a module's row of counts",
}
FOCUS_BORDER = "#000000"


def family_colours(frameworks: pd.DataFrame) -> dict[str, str]:
    """Framework key -> its colour (``frameworks``: rows with ``framework``, ``kind`` and
    ``publisher``, as :func:`~graph.ui.map_data.framework_names` gives them).

    Each qualification gets the next colour of :data:`FAMILY_COLOURS`, in the app's order;
    a resource or assessment plan takes the colour of its publisher's first qualification,
    else the next colour; past the palette, grey. The standard is black.

    >>> frame = pd.DataFrame({"framework": ["standard", "ncfe", "ncfe-book", "other"],
    ...                       "kind": ["standard", "qualification", "learning resource",
    ...                                "learning resource"],
    ...                       "publisher": ["", "NCFE", "NCFE", "Other"]})
    >>> family_colours(frame)
    {'standard': '#000000', 'ncfe': '#0072B2', 'ncfe-book': '#0072B2', 'other': '#E69F00'}
    """
    rows = {r.framework: r for r in frameworks.itertuples(index=False)}
    order = ordered_frameworks(rows)
    palette = iter(FAMILY_COLOURS)
    by_publisher: dict[str, str] = {}
    out = {STANDARD: STANDARD_COLOUR} if STANDARD in rows else {}
    for qualification in (k for k in order if rows[k].kind == "qualification"):
        out[qualification] = next(palette, MAP_GREY)
        by_publisher.setdefault(rows[qualification].publisher, out[qualification])
    for key in (k for k in order if k not in out):
        publisher = rows[key].publisher
        if publisher not in by_publisher:
            by_publisher[publisher] = next(palette, MAP_GREY)
        out[key] = by_publisher[publisher]
    return out


def edge_kind(graph: nx.DiGraph, source: str, target: str, data: Mapping) -> str:
    """The style an edge is drawn in: its ``type``, but an asserted edge of the detail map
    (``asserted``) takes the tier of the standard item it reaches (a manual's coverage item
    stands for its statement)."""
    if data["type"] != "asserted":
        return data["type"]
    kind = graph.nodes[target]["kind"]
    return LEVELS.get(kind, "statement")


def node_options(node: str, data: Mapping, colour: str, *, words: bool = True,
                 focus: bool = False) -> dict:
    """The vis-network options of one node: its caption (words, shortened, at
    :data:`~graph.ui.map_layout.FONT_SIZE`; or its notation when ``words`` is false), shape
    and colour; the focus gets a thick black border."""
    shape = KIND_SHAPES.get(data["kind"], "dot")
    text = caption(data) if words else shorten(data.get("notation") or data["label"], 18)
    font = {"size": FONT_SIZE, "face": "sans-serif", "color": "#1A1A1A",
            "strokeWidth": 4, "strokeColor": "#FFFFFF"}
    options = {"label": text, "shape": shape, "font": font,
               "widthConstraint": {"maximum": wrap(data)}}
    if data["kind"] == "Count":
        options["shapeProperties"] = {"borderDashes": EDGE_STYLES[data["tier"]]["dashes"]}
    if shape == "box":
        border = STANDARD_COLOUR if data["framework"] == STANDARD else colour
        options["color"] = {"background": "#FFFFFF", "border": border,
                            "highlight": {"background": "#F2F2F2", "border": border}}
        options["borderWidth"] = BORDERS.get(data["kind"], 2)
        options["widthConstraint"] = {"minimum": 28, "maximum": wrap(data)}
        options["font"] = {**font, "strokeWidth": 0}
    else:
        options["color"] = {"background": colour, "border": "#333333",
                            "highlight": {"background": colour, "border": "#000000"}}
        options["size"] = NODE_SIZE
        options["borderWidth"] = 1
    if focus:
        options["borderWidth"] = 5
        options["color"]["border"] = FOCUS_BORDER
    return options


def node_title(data: Mapping, framework_name: str, source: str = "",
               stands_for: int = 0) -> str:
    """The tooltip of a node as HTML: its full words, kind and framework, source line and
    a standard item's coverage; every text from a document is escaped."""
    if data["kind"] == "Count":
        return escape(data["sentence"]) + "<br>click: put the module in focus"
    notation = data.get("notation") or ""
    lines = [f"<b>{escape(notation)}</b> {escape(data['label'])}" if notation
             else f"<b>{escape(data['label'])}</b>",
             f"{escape(KIND_WORDS.get(data['kind'], data['kind']))} · {escape(framework_name)}"]
    if stands_for:
        lines.append(f"stands for {stands_for} items it holds (the map shows at most 80)")
    if source:
        lines.append(f"source: {escape(source)}")
    if data.get("status"):
        lines.append("coverage: " + ", ".join(f"{escape(f)} {escape(s)}"
                                              for f, s in data["status"].items()))
    return "<br>".join(lines)


def edge_title(kind: str, data: Mapping) -> str:
    """The tooltip of an edge as HTML (escaped): what its style means, and for an overview
    edge the count it stands for."""
    words = EDGE_WORDS[kind]
    if "count" in data:
        words = f"{data['count']} of the module's {data['of']} criteria: {words}"
    elif data.get("via"):
        words = f"{words}, via {data['via']}"
    return escape(words)


def trace_url(notation: str) -> str:
    """The Trace page of a standard item, relative to the app: ``trace?item=K1.1``."""
    return "trace?" + urlencode({"item": notation})


def focus_url(notation: str) -> str:
    """The coverage map's focus view of a standard item: ``coverage-map?item=1``."""
    return "coverage-map?" + urlencode({"item": notation})


# vis-network shows a string tooltip as plain text: turn each (escaped) HTML title into an
# element before the network is drawn, so <b> and <br> work and entities read as characters.
_HTML_TITLES = """
                  [nodes, edges].forEach(function (set) {
                    set.update(set.get({filter: function (item) {
                      return typeof item.title === "string";
                    }}).map(function (item) {
                      var box = document.createElement("div");
                      box.style.whiteSpace = "normal";
                      box.style.maxWidth = "32em";
                      box.innerHTML = item.title;
                      return {id: item.id, title: box};
                    }));
                  });
                  network = new vis.Network("""
# After drawing: a click on a node opens its link in the app (same origin, a relative URL
# from the server's whitelist), through the history the app routes its pages by (the map's
# frame is sandboxed: it may not load another page in the app's window); the first view
# centres on the focus at scale 1 (the labels' size), or fits the map when it is small
# enough to read whole.
_AFTER_DRAW = """
                  window.mapLinks = __LINKS__;
                  window.mapFocus = __FOCUS__;
                  network.on("click", function (params) {
                    if (!params.nodes.length || !(params.nodes[0] in mapLinks)) { return; }
                    if (window.parent === window) { return; }  // a downloaded copy
                    var app = window.parent;
                    app.history.pushState({}, "", new URL(mapLinks[params.nodes[0]],
                                                          app.location.href));
                    app.dispatchEvent(new PopStateEvent("popstate", {state: {}}));
                  });
                  network.on("hoverNode", function (params) {
                    container.style.cursor = params.node in mapLinks ? "pointer" : "default";
                  });
                  network.on("blurNode", function () { container.style.cursor = "default"; });
                  network.fit({animation: false});
                  if (network.getScale() < __MIN_SCALE__) {
                    if (mapFocus !== null) {
                      network.focus(mapFocus, {scale: 1.0, animation: false});
                    } else {
                      network.moveTo({scale: __MIN_SCALE__, animation: false});
                    }
                  }
                  if (mapFocus !== null) { network.selectNodes([mapFocus]); }
                  return network;"""
# pyvis' template loads Bootstrap from a CDN and adds an empty heading; the map needs neither.
_UNUSED = re.compile(r'<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>'
                     r'|<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>\s*</script>'
                     r'|<center>\s*<h1>\s*</h1>\s*</center>')


@cache
def _environment() -> Environment:
    """pyvis' template environment, shared: a new Network compiles its template again
    (about 0.4 s) unless its environment is one that has compiled it already."""
    return Network().templateEnv


@cache
def _vis_css() -> str:
    """vis-network's stylesheet as pyvis inlines it (220 kB, mostly images of navigation
    buttons the maps do not show)."""
    return (Path(pyvis.__file__).parent / "templates/lib/vis-9.1.2/vis-network.css").read_text(
        encoding="utf-8")


# The one rule of vis-network's stylesheet the maps need: the tooltip's.
_TOOLTIP_CSS = ("div.vis-tooltip{position:absolute;visibility:hidden;padding:5px;"
                "white-space:nowrap;font-family:sans-serif;font-size:14px;color:#000;"
                "background-color:#f5f4ed;border:1px solid #808074;border-radius:3px;"
                "box-shadow:3px 3px 10px rgba(0,0,0,.2);pointer-events:none;z-index:5}")


def _script_json(value: object) -> str:
    """``value`` as JSON that cannot close the script element it sits in."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")


def render_html(graph: nx.DiGraph | nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]],
                colours: Mapping[str, str], names: Mapping[str, str], *,
                height: str = "720px", sources: Mapping[str, str] | None = None,
                links: Mapping[str, str] | None = None, focus: str | None = None,
                words: bool = True, min_scale: float = 0.9) -> str:
    """A map as one self-contained HTML page (vis-network inlined, no file written).

    Fixed ``positions`` with physics off; nodes and edges styled as the module docstring
    says; edges with a ``count`` are labelled with it and as wide as it is large;
    ``links`` (node -> relative URL) open on a click; ``focus`` is selected and centred.
    The first view fits the whole map when that keeps the scale at least ``min_scale``,
    else shows the focus (or the map's centre) at scale 1.
    """
    sources = sources or {}
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    net.templateEnv = _environment()
    net.toggle_physics(False)
    net.options.edges.smooth.enabled = False
    net.options.interaction.hover = True
    net.options.interaction.tooltipDelay = 150
    net.options.interaction.hideEdgesOnDrag = len(graph) > 200
    for node in sorted(graph):
        data = graph.nodes[node]
        x, y = positions[node]
        net.add_node(node, x=x, y=y, physics=False,
                     title=node_title(data, names.get(data["framework"], data["framework"]),
                                      sources.get(node, ""), data.get("stands_for", 0)),
                     **node_options(node, data, colours.get(data["framework"], MAP_GREY),
                                    words=words, focus=node == focus))
    largest = max((d.get("count", d.get("weight", 0)) for *_, d in graph.edges(data=True)),
                  default=0)
    seen: dict[tuple[str, str], int] = {}
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: e[:2]):
        kind = edge_kind(graph, source, target, data)
        style = {"color": colours.get(graph.nodes[source]["framework"], MAP_GREY),
                 "arrows": {"to": {"enabled": False}}, **EDGE_STYLES[kind]}
        if "count" in data:
            style["label"] = str(data["count"])
            style["width"] = 1.0 + 4.0 * data["count"] / max(largest, 1)
            style["color"] = {"color": style["color"], "opacity": 0.55}
            style["font"] = {"size": FONT_SIZE, "background": "#FFFFFF", "strokeWidth": 0,
                             "align": "middle"}
        if "weight" in data:
            style["width"] = 1.0 + 5.0 * data["weight"] / max(largest, 1)
        again = seen.get((source, target), 0)
        seen[(source, target)] = again + 1
        if again:  # a second tier between the same two nodes bends away from the first
            style["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15 * again}
        net.add_edge(source, target, title=edge_title(kind, data), **style)
    after = (_AFTER_DRAW.replace("__LINKS__", _script_json(dict(links or {})))
             .replace("__FOCUS__", _script_json(focus))
             .replace("__MIN_SCALE__", repr(float(min_scale))))
    html = net.generate_html().replace("network = new vis.Network(", _HTML_TITLES, 1)
    html = html.replace("\n                  return network;", after, 1)
    return _UNUSED.sub("", html).replace(_vis_css(), _TOOLTIP_CSS, 1)


def legend_html(graph: nx.DiGraph | nx.MultiDiGraph, colours: Mapping[str, str],
                names: Mapping[str, str]) -> str:
    """The legend of one map, in words: the colour of each framework on it, the style of
    each kind of edge on it, and the shape of each kind of item on it."""
    present = {d["framework"] for _, d in graph.nodes(data=True)}
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    edges = {edge_kind(graph, s, t, d) for s, t, d in graph.edges(data=True)}

    def swatch(colour: str) -> str:
        return (f'<span style="display:inline-block;width:0.9em;height:0.9em;'
                f'background:{colour};border:1px solid #333;margin-right:0.3em;'
                f'vertical-align:-0.1em"></span>')

    def line(kind: str) -> str:
        style = EDGE_STYLES[kind]
        dashes = " ".join(str(d) for d in style["dashes"]) if style["dashes"] else "none"
        colour = style.get("color", "#333333")
        end = ('<line x1="33" y1="3" x2="33" y2="11" stroke="#555555" stroke-width="2"/>'
               if kind == "no-mapping" else "")
        return (f'<svg width="36" height="14" style="vertical-align:middle;margin-right:0.3em">'
                f'<line x1="1" y1="7" x2="33" y2="7" stroke="{colour}" '
                f'stroke-width="{min(style["width"], 3)}" stroke-dasharray="{dashes}"/>'
                f"{end}</svg>")

    families = [f for f in [STANDARD, *ordered_frameworks(present)] if f in present]
    colour_row = " &nbsp; ".join(
        f"{swatch(colours.get(f, MAP_GREY))}{escape(names.get(f, f))}" for f in families)
    edge_row = " &nbsp; ".join(f"{line(k)}{escape(EDGE_WORDS[k])}"
                               for k in EDGE_STYLES if k in edges)
    shapes: dict[str, list[str]] = {}
    for kind, shape in KIND_SHAPES.items():
        if kind in kinds:
            shapes.setdefault(shape, []).append(KIND_WORDS[kind])
    shape_row = " &nbsp; ".join(f"{SHAPE_GLYPHS[s]} {escape(', '.join(k))}"
                                for s, k in shapes.items())
    counts = ("<br>A number: how many of the module's criteria the framework covers at the "
              "tier its border and edge show." if "Count" in kinds else "")
    return (f'<div style="font-size:0.9em;line-height:2">{colour_row}<br>{edge_row}<br>'
            f"{shape_row}{counts}</div>")


def framework_links(graph: nx.DiGraph, targets: Mapping[str, str]) -> dict[str, str]:
    """Node -> the Trace URL a click on it opens (``targets``: node -> a standard item's
    notation, as :func:`~graph.ui.map_focus.trace_targets` gives them)."""
    return {node: trace_url(notation) for node, notation in targets.items()
            if node in graph and notation}


def module_links(graph: nx.DiGraph) -> dict[str, str]:
    """Each module of an overview, and each count in its row -> the module's focus view."""
    return {n: focus_url(d["notation"]) for n, d in graph.nodes(data=True)
            if d["kind"] in (LEVEL_KINDS["module"], "Count")}
