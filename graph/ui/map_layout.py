"""Where the readable maps put their nodes: computed once on the server, physics off.

* :func:`column_layout` (the focus view): the standard's tree on the left, one column per
  level (module, statement, criterion); then one column per framework, in the app's order.
* :func:`overview_layout`: the modules in a column, the frameworks in a row of columns.

Positions are vis-network pixels at scale 1, the maps' default zoom; :func:`label_box` is
the box a node and its label take there, so that tests can check that none overlap.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.analysis.coverage import LEVEL_KINDS, natural_key, standard_order
from graph.ui.map_data import ordered_frameworks, shorten

LEVEL_ORDER = ("Module", "StandardStatement", "Criterion")
CAPTION_LENGTH = 48  # characters of a label on the readable maps; the tooltip has the rest
# vis-network shapes by kind: the standard's items are boxes around their words; a
# framework's items are shapes with the label under them.
KIND_SHAPES = {
    "Module": "box", "StandardStatement": "box", "Criterion": "box",
    "Unit": "square", "Booklet": "square", "AssessmentMethod": "square",
    "LearningOutcome": "triangle", "AssessmentComponent": "triangle",
    "AssessmentCriterion": "dot", "TextbookPage": "triangleDown",
    "WorkbookQuestion": "diamond", "CoverageItem": "diamond", "Activity": "hexagon",
    "TrainingTask": "star", "NoMapping": "box", "Framework": "box", "Count": "box",
}
FONT_SIZE = 14  # every label of the readable maps, in pixels at scale 1
CHAR_WIDTH = 0.62 * FONT_SIZE  # a generous average glyph width for a sans-serif font
LINE_HEIGHT = 1.3 * FONT_SIZE
WRAP = 170.0  # a label's widest line (vis-network's widthConstraint), pixels
STANDARD_COLUMN = 215.0  # between the standard's level columns
FRAMEWORK_GAP = 250.0  # between the standard's last column and the first framework's
FRAMEWORK_COLUMN = 215.0  # between framework columns
ROW = 92.0  # between two rows of one column: a node, three lines of label and a gap
GAP = 12.0  # at least this between two nodes' boxes in a framework column
OVERVIEW_ROW = 72.0
OVERVIEW_FIRST = 250.0  # x of the first framework column of the overview
OVERVIEW_COLUMN = 104.0  # between two frameworks' columns
HEADER_WRAP = 96.0  # the widest line of a framework's name at the head of its column
OVERVIEW_TIER = 50.0  # between the sub-columns of one framework's evidence tiers
TIER_ORDER = ("criterion", "statement", "module", "no-mapping")
NODE_SIZE = 12.0  # the radius of a shape whose label sits under it
BOX_PADDING = 6.0  # vis-network's margin around the label inside a box


def label_lines(text: str, width: float = WRAP) -> list[str]:
    """``text`` wrapped at word boundaries into lines of at most ``width`` pixels (long words
    stay whole), as vis-network does with ``widthConstraint``.

    >>> label_lines("K1.1 Explain the difference between internal and external", 190)
    ['K1.1 Explain the', 'difference between', 'internal and external']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and (len(lines[-1]) + 1 + len(word)) * CHAR_WIDTH <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def caption(data: Mapping) -> str:
    """A node's label on the readable maps: its name in words (its label when it has none),
    shortened to :data:`CAPTION_LENGTH`, and how many items a holder stands for.

    >>> caption({"name": "Unit 204 Understanding customers", "label": "", "stands_for": 5})
    'Unit 204 Understanding customers (5 items)'
    """
    text = shorten(data.get("name") or data["label"], CAPTION_LENGTH)
    return f"{text} ({data['stands_for']} items)" if data.get("stands_for") else text


def wrap(data: Mapping) -> float:
    """The widest line of a node's label: a framework's name at the head of its overview
    column is narrower than the others."""
    return HEADER_WRAP if data["kind"] == "Framework" else WRAP


def extent(data: Mapping) -> tuple[float, float]:
    """How far a node of the readable maps reaches above and below its position."""
    left, top, right, bottom = label_box(
        {"label": caption(data), "shape": KIND_SHAPES.get(data["kind"], "dot"),
         "size": NODE_SIZE, "widthConstraint": {"maximum": wrap(data)}}, (0.0, 0.0))
    return -top, bottom


def label_box(data: Mapping, position: tuple[float, float]) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) a node takes at scale 1: a box shape around its
    label (``shape`` ``box``), else its shape with the label under it."""
    x, y = position
    lines = label_lines(data["label"], data.get("widthConstraint", {}).get("maximum", WRAP))
    width = max(len(line) for line in lines) * CHAR_WIDTH
    height = len(lines) * LINE_HEIGHT
    if data.get("shape") == "box":
        half_w, half_h = width / 2 + BOX_PADDING, height / 2 + BOX_PADDING
        return x - half_w, y - half_h, x + half_w, y + half_h
    size = data.get("size", NODE_SIZE)
    half_w = max(width / 2, size)
    return x - half_w, y - size, x + half_w, y + size + 2 + height


def overlaps(boxes: Mapping[str, tuple[float, float, float, float]]) -> list[tuple[str, str]]:
    """The pairs of nodes whose boxes intersect."""
    items = sorted(boxes.items(), key=lambda kv: kv[1][0])
    found = []
    for i, (a, box_a) in enumerate(items):
        for b, box_b in items[i + 1:]:
            if box_b[0] >= box_a[2]:
                break
            if box_a[1] < box_b[3] and box_b[1] < box_a[3]:
                found.append(tuple(sorted((a, b))))
    return sorted(found)


def column_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Fixed, deterministic positions for a focus map (:func:`~graph.ui.map_focus.focus_graph`).

    The standard's items: one column per level on the map, the deepest items one row each in
    the standard's order, each other item at the mean height of the items below it. Then one
    column per framework (the app's order): its items as an outline, each holder (unit,
    booklet, method) followed by the items it holds, groups in the order of the mean height
    of the standard items they map to; every node as near that height as its column lets it
    be, its box at least :data:`GAP` below the box above it, the column centred on those
    heights.
    """
    standard = [n for n, d in graph.nodes(data=True) if d["kind"] in LEVEL_ORDER]
    levels = [k for k in LEVEL_ORDER if any(graph.nodes[n]["kind"] == k for n in standard)]
    x = {n: levels.index(graph.nodes[n]["kind"]) * STANDARD_COLUMN for n in standard}
    y = _tree_heights(graph, standard)
    column = (len(levels) - 1) * STANDARD_COLUMN + FRAMEWORK_GAP
    for framework in ordered_frameworks(d["framework"] for _, d in graph.nodes(data=True)):
        members = [n for n, d in graph.nodes(data=True)
                   if d["framework"] == framework and n not in x]
        if not members:
            continue
        wanted = _wanted_heights(graph, members, y)
        order = _outline(graph, members, wanted)
        placed = _pack([wanted[n] for n in order], [extent(graph.nodes[n]) for n in order])
        y |= dict(zip(order, placed, strict=True))
        x |= {n: column for n in order}
        column += FRAMEWORK_COLUMN
    return {n: (round(x[n], 1), round(y[n], 1)) for n in graph}


def _tree_heights(graph: nx.DiGraph, standard: list[str]) -> dict[str, float]:
    """Heights of the standard's items: leaves one row each, parents at their children's
    mean."""
    def below(node: str) -> list[str]:
        return sorted((c for c in graph.predecessors(node) if c in standard_set),
                      key=lambda c: standard_order(graph.nodes[c]["notation"]))

    standard_set = set(standard)
    roots = sorted((n for n in standard if not any(t in standard_set
                                                   for t in graph.successors(n))),
                   key=lambda n: (LEVEL_ORDER.index(graph.nodes[n]["kind"]),
                                  standard_order(graph.nodes[n]["notation"])))
    heights: dict[str, float] = {}
    row = 0

    def visit(node: str) -> float:
        nonlocal row
        children = below(node)
        if not children:
            heights[node] = row * ROW
            row += 1
        else:
            heights[node] = sum(visit(c) for c in children) / len(children)
        return heights[node]

    for root in roots:
        visit(root)
    return heights


def _wanted_heights(graph: nx.DiGraph, members: list[str], fixed: Mapping[str, float]
                    ) -> dict[str, float]:
    """The height each framework item would like: the mean height of the standard items it
    has edges to, else of the items it holds, else of the item that holds it."""
    member_set = set(members)
    wanted: dict[str, float] = {}
    for node in members:
        reached = [fixed[t] for t in graph.successors(node) if t in fixed]
        if reached:
            wanted[node] = sum(reached) / len(reached)
    for _ in range(len(members)):
        missing = [n for n in members if n not in wanted]
        if not missing:
            break
        for node in missing:
            near = [wanted[c] for c in graph.predecessors(node) if c in wanted and c in member_set]
            near = near or [wanted[t] for t in graph.successors(node) if t in wanted]
            if near:
                wanted[node] = sum(near) / len(near)
    return {n: wanted.get(n, 0.0) for n in members}


def _outline(graph: nx.DiGraph, members: list[str], wanted: Mapping[str, float]) -> list[str]:
    """A framework's items in outline order: each holder, then what it holds."""
    member_set = set(members)

    def key(node: str) -> tuple:
        return wanted[node], natural_key(graph.nodes[node].get("notation") or ""), node

    def held(node: str) -> list[str]:
        return sorted((c for c in graph.predecessors(node) if c in member_set
                       and graph.edges[c, node]["type"] == "hierarchy"), key=key)

    tops = sorted((n for n in members if not any(
        t in member_set and graph.edges[n, t]["type"] == "hierarchy"
        for t in graph.successors(n))), key=key)
    out: list[str] = []

    def visit(node: str) -> None:
        out.append(node)
        for child in held(node):
            visit(child)

    for top in tops:
        visit(top)
    return out


def _pack(wanted: list[float], extents: list[tuple[float, float]]) -> list[float]:
    """Heights in the given order, each node's box at least :data:`GAP` below the box of
    the one before (``extents``: how far each reaches above and below) and as near its
    wanted height as that allows, then all shifted so that their mean is the wanted mean."""
    placed: list[float] = []
    for i, height in enumerate(wanted):
        placed.append(height if not placed else max(
            height, placed[-1] + extents[i - 1][1] + GAP + extents[i][0]))
    shift = (sum(wanted) - sum(placed)) / len(placed) if placed else 0.0
    return [p + shift for p in placed]


def overview_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """The overview's grid (:func:`~graph.ui.map_focus.overview_drawing`): the modules down
    the left in the standard's order; each framework at the head of its own column (the
    heads staggered in two rows); each
    count where its module's row meets its framework's column (one sub-column per evidence
    tier the framework has)."""
    modules = sorted((n for n, d in graph.nodes(data=True) if d["kind"] == LEVEL_KINDS["module"]),
                     key=lambda n: standard_order(graph.nodes[n]["notation"]))
    out = {n: (0.0, i * OVERVIEW_ROW) for i, n in enumerate(modules)}
    frameworks = ordered_frameworks(n for n, d in graph.nodes(data=True)
                                    if d["kind"] == "Framework")
    tiers = {f: sorted({d["tier"] for _, d in graph.nodes(data=True)
                        if d["kind"] == "Count" and d["framework"] == f}, key=TIER_ORDER.index)
             for f in frameworks}
    x = OVERVIEW_FIRST
    for i, framework in enumerate(frameworks):
        width = max(len(tiers[framework]), 1)
        out[framework] = (x, -(1.2 + i % 2) * OVERVIEW_ROW)  # staggered: names never meet
        for node, data in graph.nodes(data=True):
            if data["kind"] == "Count" and data["framework"] == framework:
                out[node] = (x + tiers[framework].index(data["tier"]) * OVERVIEW_TIER,
                             out[data["module"]][1])
        x += (width - 1) * OVERVIEW_TIER + OVERVIEW_COLUMN
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in out.items()}
