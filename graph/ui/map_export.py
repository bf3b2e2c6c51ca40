"""A coverage map as a standalone SVG picture, for reports (no browser needed).

The same positions, colours, shapes, edge styles and captions as the interactive map
(:mod:`graph.ui.map_render`); every text is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

import networkx as nx

from graph.ui.colours import MAP_GREY
from graph.ui.map_layout import LINE_HEIGHT, label_box, label_lines
from graph.ui.map_render import EDGE_STYLES, EDGE_WORDS, edge_kind, node_options

MARGIN = 40.0


def _shape(shape: str, x: float, y: float, size: float, fill: str) -> str:
    """One node's shape, centred on (x, y)."""
    s = size
    points = {
        "triangle": [(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)],
        "triangleDown": [(x, y + s), (x + s, y - s * 0.8), (x - s, y - s * 0.8)],
        "diamond": [(x, y - s), (x + s, y), (x, y + s), (x - s, y)],
        "hexagon": [(x + s * 0.87, y - s / 2), (x + s * 0.87, y + s / 2), (x, y + s),
                    (x - s * 0.87, y + s / 2), (x - s * 0.87, y - s / 2), (x, y - s)],
        "star": [(x, y - s), (x + s * 0.3, y - s * 0.3), (x + s, y - s * 0.3),
                 (x + s * 0.45, y + s * 0.15), (x + s * 0.65, y + s), (x, y + s * 0.45),
                 (x - s * 0.65, y + s), (x - s * 0.45, y + s * 0.15), (x - s, y - s * 0.3),
                 (x - s * 0.3, y - s * 0.3)],
    }
    style = f'fill="{fill}" stroke="#333333" stroke-width="1"'
    if shape == "square":
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" ' \
               f'height="{2 * s:.1f}" {style}/>'
    if shape in points:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points[shape])
        return f'<polygon points="{path}" {style}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{s:.1f}" {style}/>'


def to_svg(graph: nx.DiGraph | nx.MultiDiGraph, positions: Mapping[str, tuple[float, float]],
           colours: Mapping[str, str], *, focus: str | None = None, words: bool = True) -> str:
    """The map as an SVG document: edges (styled by kind, counts as labels), then nodes with
    their captions, at the interactive map's scale 1."""
    options = {n: node_options(n, graph.nodes[n], colours.get(graph.nodes[n]["framework"],
                                                              MAP_GREY),
                               words=words, focus=n == focus) for n in graph}
    boxes = {n: label_box(options[n], positions[n]) for n in graph}
    left = min((b[0] for b in boxes.values()), default=0.0) - MARGIN
    top = min((b[1] for b in boxes.values()), default=0.0) - MARGIN
    width = max((b[2] for b in boxes.values()), default=0.0) - left + MARGIN
    height = max((b[3] for b in boxes.values()), default=0.0) - top + MARGIN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{left:.0f} {top:.0f} '
           f'{width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
           f'font-family="sans-serif" font-size="14">',
           f'<rect x="{left:.0f}" y="{top:.0f}" width="{width:.0f}" height="{height:.0f}" '
           f'fill="#FFFFFF"/>']
    for source, target, data in sorted(graph.edges(data=True), key=lambda e: e[:2]):
        kind = edge_kind(graph, source, target, data)
        style = EDGE_STYLES[kind]
        colour = style.get("color", colours.get(graph.nodes[source]["framework"], MAP_GREY))
        dashes = " ".join(str(d) for d in style["dashes"]) if style["dashes"] else "none"
        (x1, y1), (x2, y2) = positions[source], positions[target]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                   f'stroke="{colour}" stroke-width="{style["width"]}" '
                   f'stroke-dasharray="{dashes}"><title>{escape(EDGE_WORDS[kind])}</title>'
                   f"</line>")
        if "count" in data:
            out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 + 5:.1f}" '
                       f'text-anchor="middle" paint-order="stroke" stroke="#FFFFFF" '
                       f'stroke-width="4">{data["count"]}</text>')
    for node in sorted(graph):
        option, (x, y), box = options[node], positions[node], boxes[node]
        lines = label_lines(option["label"], option["widthConstraint"]["maximum"])
        if option["shape"] == "box":
            out.append(f'<rect x="{box[0]:.1f}" y="{box[1]:.1f}" width="{box[2] - box[0]:.1f}" '
                       f'height="{box[3] - box[1]:.1f}" rx="4" fill="#FFFFFF" '
                       f'stroke="{option["color"]["border"]}" '
                       f'stroke-width="{option["borderWidth"]}"/>')
            first = y - (len(lines) - 1) * LINE_HEIGHT / 2 + 5
        else:
            out.append(_shape(option["shape"], x, y, option["size"],
                              option["color"]["background"]))
            first = y + option["size"] + LINE_HEIGHT - 2
        for i, line in enumerate(lines):
            out.append(f'<text x="{x:.1f}" y="{first + i * LINE_HEIGHT:.1f}" '
                       f'text-anchor="middle">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
