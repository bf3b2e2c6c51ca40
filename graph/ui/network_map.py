"""The full detail coverage map: every item of the standard and of the frameworks covering it.

Pure functions, no Streamlit: :func:`map_graph` picks what to draw, :func:`layout` places it
and :func:`to_pyvis_html` renders it (with :mod:`graph.ui.map_render`'s encoding). The
readable maps, one item in focus and the aggregated overview, are :mod:`graph.ui.map_focus`.

The map's nodes keep the view's keys (``standard:criterion/K1.1``) and attributes; every edge
has a ``type``:

* ``hierarchy``: ``skos:broader``, child to parent (an AC to its LO, a criterion to its
  statement, a training manual's coverage item to its statement);
* ``asserted``: a ``covers`` or ``assesses`` edge of the graph (``relation`` says which);
* ``inherited``: a framework item to a standard item it covers only by roll-up or roll-down
  (status ``inherited`` in :func:`graph.analysis.coverage.coverage_status`). Drawn only where
  the map hides every item the coverage is inherited through, so the few dashed edges are the
  map's only way to show that coverage; elsewhere hierarchy and asserted edges already do;
* ``suggested``: a text-similarity candidate for a gap, never a mapping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis import coverage as cov  # the standard's tree and direct coverage
from graph.store.queries import select
from graph.ui.data import FRAMEWORK_ORDER
from graph.ui.map_data import ordered_frameworks
from graph.ui.map_render import render_html

STANDARD = "standard"
LEVELS = {kind: level for level, kind in cov.LEVEL_KINDS.items()}  # Criterion -> criterion
MAX_NODES = 900  # the whole bundled map (853 nodes) fits; more is capped
# Layout: rings around the centre. The criteria's ring gives each leaf LEAF_SPACING pixels
# (at least MIN_RADIUS), the statements' and modules' rings are fractions of it.
RING_SHARE = {"Module": 0.25, "StandardStatement": 0.6, "Criterion": 1.0}
LEAF_SPACING = 55.0
MIN_RADIUS = 220.0
RING_GAP = 90.0  # between two frameworks' rings
LEVEL_GAP = 50.0  # between one framework's rings (its ACs', its LOs', its units')
SPACING = 26.0
START = -math.pi / 2  # the first module at the top


def map_graph(view: nx.MultiDiGraph, coverage: pd.DataFrame, frameworks: Iterable[str],
              modules: Iterable[str], ksb_types: Iterable[str], statuses: Iterable[str], *,
              suggested: pd.DataFrame | None = None, max_nodes: int = MAX_NODES) -> nx.DiGraph:
    """The subgraph to draw for one choice of filters.

    The standard's modules, statements and criteria of the chosen ``modules`` (notations,
    ``"1"``) and ``ksb_types`` (``Knowledge``, ``Skill``, ``Behaviour``). With frameworks
    chosen, a criterion stays when its status for any of them (``coverage``, the frame of
    :func:`~graph.analysis.coverage.coverage_status` rows) is in ``statuses``, a statement or
    module when its own status is or it keeps a criterion. For each chosen framework, the
    items that cover what stays (with their LOs, units, booklets, methods), joined by the
    edge types of the module docstring; ``suggested`` rows (``framework``, ``notation``,
    ``candidate``) add dotted edges.

    At most ``max_nodes`` nodes: whole modules in order while they fit (an item goes with the
    first module it covers); if the first module alone does not fit, its first ``max_nodes``
    nodes, standard items first. ``graph.graph`` says ``capped``, ``total_nodes`` (before the cap),
    ``max_nodes`` and ``modules_shown``.
    """
    chosen = ordered_frameworks(frameworks)
    rows = _status_rows(coverage, chosen)
    graph = nx.DiGraph()
    for node in _standard_selection(view, rows, chosen, set(modules), set(ksb_types),
                                    set(statuses)):
        found = rows.get(_row_key(view, node), {})
        graph.add_node(node, **view.nodes[node],
                       module=view.nodes[_module(view, node)]["notation"],
                       status={f: found[f]["status"] for f in chosen if f in found})
        if (up := cov.parent(view, node)) in graph:
            graph.add_edge(node, up, type="hierarchy")
    shown = list(graph)
    _add_asserted(view, graph, set(chosen))
    for framework in chosen:
        _add_inherited(view, graph, framework, shown, rows)
    if suggested is not None:
        _add_suggested(view, graph, suggested, set(chosen), shown)
    return _cap(graph, max_nodes)


def _status_rows(coverage: pd.DataFrame, frameworks: list[str]) -> dict[tuple, dict]:
    """(level, notation) -> framework -> its coverage row, for the chosen frameworks."""
    rows: dict[tuple, dict] = {}
    for row in coverage[coverage["framework"].isin(frameworks)].to_dict("records"):
        rows.setdefault((row["level"], row["notation"]), {})[row["framework"]] = row
    return rows


def _row_key(view: nx.MultiDiGraph, node: str) -> tuple[str, str]:
    """A standard item's key in :func:`_status_rows`: (level, notation)."""
    return LEVELS[view.nodes[node]["kind"]], view.nodes[node]["notation"]


def _module(view: nx.MultiDiGraph, node: str) -> str:
    """The module a standard item is in (a module is its own)."""
    while view.nodes[node]["kind"] != cov.LEVEL_KINDS["module"]:
        node = cov.parent(view, node)
    return node


def _standard_selection(view: nx.MultiDiGraph, rows: dict, frameworks: list[str],
                        modules: set[str], ksb_types: set[str], statuses: set[str]
                        ) -> list[str]:
    """The standard's items that pass the filters (see :func:`map_graph`): modules, then
    statements, then criteria, each in the standard's order."""
    def matches(node: str) -> bool:
        found = rows.get(_row_key(view, node), {})
        return not frameworks or any(found[f]["status"] in statuses
                                     for f in frameworks if f in found)

    kept: dict[str, list[str]] = {}
    for level in ("criterion", "statement", "module"):
        below = set().union(*kept.values())
        kept[level] = []
        for node in cov.standard_items(view, level):
            module = view.nodes[_module(view, node)]
            ksb = view.nodes[node].get("ksb_type") or module.get("ksb_type")
            if module["notation"] in modules and ksb in ksb_types and (
                    matches(node) or below.intersection(cov.children(view, node))):
                kept[level].append(node)
    return kept["module"] + kept["statement"] + kept["criterion"]


def _add_item(view: nx.MultiDiGraph, graph: nx.DiGraph, node: str) -> None:
    """Add a framework item and the items above it (to a standard item already on the map),
    joined by hierarchy edges."""
    if node in graph:
        return
    graph.add_node(node, **view.nodes[node])
    up = cov.parent(view, node)
    if up is not None and view.nodes[up]["framework"] != STANDARD:
        _add_item(view, graph, up)
    if up in graph:
        graph.add_edge(node, up, type="hierarchy")


def _add_asserted(view: nx.MultiDiGraph, graph: nx.DiGraph, frameworks: set[str]) -> None:
    """Every covers/assesses edge of a chosen framework onto a standard item on the map, or
    onto a coverage item whose statement is on the map."""
    for subject, target, relation in sorted(view.edges(keys=True)):
        if (relation not in cov.COVERAGE_EDGES
                or view.nodes[subject]["framework"] not in frameworks):
            continue
        anchor = (target if view.nodes[target]["framework"] == STANDARD
                  else cov.parent(view, target))
        if anchor in graph and graph.nodes[anchor]["framework"] == STANDARD:
            _add_item(view, graph, subject)
            _add_item(view, graph, target)
            graph.add_edge(subject, target, type="asserted", relation=relation)


def _add_inherited(view: nx.MultiDiGraph, graph: nx.DiGraph, framework: str, shown: list[str],
                   rows: dict) -> None:
    """Dashed edges for coverage inherited through items the map does not show.

    Finest items first: an item gets no dashed edge from a framework item that already has an
    edge on the map to an item above or below it (a criterion it maps to, a statement it got
    a dashed edge to), because the map shows that path already.
    """
    linked: dict[str, set[str]] = {}
    for target, items in cov.direct_coverage(view, framework).items():
        for item in items:
            linked.setdefault(item, set()).add(target)
    for node in reversed(shown):
        row = rows.get(_row_key(view, node), {}).get(framework)
        if row is None or row["status"] != "inherited":
            continue
        visible = set(cov.ancestors(view, node)
                      + cov.descendants(view, node)).intersection(graph)
        for item in row["covered_by"].split(", "):
            if not linked.get(item, set()) & visible:
                _add_item(view, graph, item)
                graph.add_edge(item, node, type="inherited", via=row["via"])
                linked.setdefault(item, set()).add(node)


def _add_suggested(view: nx.MultiDiGraph, graph: nx.DiGraph, suggested: pd.DataFrame,
                   frameworks: set[str], shown: list[str]) -> None:
    """Dotted edges from suggested candidates to the gaps on the map; never over an edge the
    map already has."""
    by_notation = {graph.nodes[n]["notation"]: n for n in shown}
    for row in suggested.itertuples(index=False):
        item = f"{row.framework}:{row.candidate}"
        target = by_notation.get(row.notation)
        if row.framework in frameworks and target and item in view \
                and not graph.has_edge(item, target):
            _add_item(view, graph, item)
            graph.add_edge(item, target, type="suggested")


def _anchored(graph: nx.DiGraph) -> dict[str, tuple[int, list[str]]]:
    """Node -> (rings out from the standard, the nearer nodes that place it).

    A standard item is ring 0. A framework item is one ring further out than the nearest
    items it points at (a standard item or a coverage item it covers) or sits above (its
    ACs, pages, components), and is placed by those.
    """
    def near(node: str) -> list[str]:
        out = [t for t in graph.successors(node)
               if graph.edges[node, t]["type"] != "hierarchy"
               or graph.nodes[t]["framework"] == STANDARD]
        below = [c for c in graph.predecessors(node)
                 if graph.edges[c, node]["type"] == "hierarchy"]
        return sorted(out + below)

    placed = {n: (0, []) for n, d in graph.nodes(data=True) if d["framework"] == STANDARD}
    ring = 0
    while True:
        ring += 1
        found = {}
        for node in sorted(set(graph) - set(placed)):
            if anchors := [a for a in near(node) if a in placed]:
                found[node] = (ring, anchors)
        if not found:
            return placed
        placed.update(found)


def _cap(graph: nx.DiGraph, max_nodes: int) -> nx.DiGraph:
    """At most ``max_nodes`` nodes, whole modules first (see :func:`map_graph`)."""
    graph.graph.update(capped=len(graph) > max_nodes, total_nodes=len(graph),
                       max_nodes=max_nodes)
    if len(graph) > max_nodes:
        placed = _anchored(graph)
        added = {n: i for i, n in enumerate(graph)}  # modules, statements, criteria, items
        first: dict[str, tuple] = {}
        for node in sorted(placed, key=lambda n: placed[n][0]):
            anchors = placed[node][1]
            first[node] = (cov.standard_order(graph.nodes[node]["module"]) if not anchors
                           else min(first[a] for a in anchors))
        kept: list[str] = []
        for module in sorted(set(first.values())):
            members = sorted((n for n in first if first[n] == module),
                             key=lambda n: (placed[n][0], added[n]))
            if len(kept) + len(members) > max_nodes:
                kept = kept or members[:max_nodes]
                break
            kept += members
        graph.remove_nodes_from(set(graph) - set(kept))
    graph.graph["modules_shown"] = sorted(
        {d["module"] for _, d in graph.nodes(data=True) if d["framework"] == STANDARD},
        key=cov.standard_order)
    return graph


def layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Fixed, deterministic positions: rings around the centre.

    Modules on the inner ring, statements on the next, criteria on the third (its size grows
    with the number of criteria), spread evenly in the standard's order, each parent at the
    middle of its children. Outside them one ring per framework and distance from the
    standard (an AC's ring, then its LOs', then its units'), in the app's framework order,
    inner rings first; each item at the mean angle of the nodes that place it
    (:func:`_anchored`), moved along its ring just enough not to overlap.
    """
    placed = _anchored(graph)
    standard = sorted((n for n in placed if placed[n][0] == 0),
                      key=lambda n: _path(graph, n))
    leaves = [n for n in standard if not any(
        graph.nodes[c]["framework"] == STANDARD for c in graph.predecessors(n))]
    slots: dict[str, list[int]] = {}
    for i, leaf in enumerate(leaves):
        for node in _chain(graph, leaf):
            slots.setdefault(node, []).append(i)
    angle = {n: START + 2 * math.pi * sum(slots[n]) / len(slots[n]) / len(leaves)
             for n in standard}
    outer = max(MIN_RADIUS, len(leaves) * LEAF_SPACING / (2 * math.pi))
    radius = {n: outer * RING_SHARE[graph.nodes[n]["kind"]] for n in standard}
    rank = {key: i for i, key in enumerate(ordered_frameworks(
        d["framework"] for _, d in graph.nodes(data=True)))}
    rings: dict[tuple[int, int], list[str]] = {}
    for node in sorted(set(graph) - set(standard)):
        rings.setdefault((rank[graph.nodes[node]["framework"]], placed[node][0]), []).append(node)
    r, previous = outer, None
    for key in sorted(rings):
        r += LEVEL_GAP if previous == key[0] else RING_GAP
        previous = key[0]
        angle |= _spread({n: _mean_angle([angle[a] for a in placed[n][1]]) for n in rings[key]},
                         r)
        radius |= {n: r for n in rings[key]}
    return {n: (round(radius[n] * math.cos(angle[n]), 1), round(radius[n] * math.sin(angle[n]), 1))
            for n in graph}


def _chain(graph: nx.DiGraph, node: str) -> list[str]:
    """A standard item and the standard items above it on the map, nearest first."""
    out = [node]
    while ups := [t for t in graph.successors(out[-1])
                  if graph.nodes[t]["framework"] == STANDARD]:
        out.append(ups[0])
    return out


def _path(graph: nx.DiGraph, node: str) -> tuple:
    """Sort key of a standard item: its module's, statement's and own order, top down."""
    return tuple(cov.standard_order(graph.nodes[n]["notation"]) for n in reversed(
        _chain(graph, node)))


def _mean_angle(angles: list[float]) -> float:
    """The circular mean of ``angles`` (START for none or for opposite angles)."""
    x, y = sum(map(math.cos, angles)), sum(map(math.sin, angles))
    return math.atan2(y, x) if math.hypot(x, y) > 1e-9 else START


def _spread(wanted: dict[str, float], radius: float) -> dict[str, float]:
    """Angles on one ring, in the wanted order, at least SPACING pixels (or an even share of
    the ring) apart, shifted to keep their mean where it was wanted."""
    order = sorted(wanted, key=lambda n: (wanted[n] % (2 * math.pi), n))
    gap = min(2 * math.pi / len(order), SPACING / radius)
    out: dict[str, float] = {}
    previous = -math.inf
    for node in order:
        previous = out[node] = max(wanted[node] % (2 * math.pi), previous + gap)
    shift = sum(wanted[n] % (2 * math.pi) - out[n] for n in order) / len(order)
    return {n: a + shift for n, a in out.items()}


def source_lines(graph: Graph) -> dict[str, str]:
    """Item key (``standard:criterion/K1.1``) -> where its document gives it,
    ``file line N``: one query for every item of the graph."""
    frame = select(graph, """
        SELECT ?framework ?id ?file ?line WHERE {
          ?item skos:inScheme ?scheme ; dcterms:source/cw:fileName ?file ;
                cw:sourceLine ?line .
          ?scheme dcterms:identifier ?framework .
          BIND(STRAFTER(STR(?item), CONCAT(STR(?scheme), "/")) AS ?id)
        }
    """)
    return {f"{r.framework}:{r.id}": f"{r.file} line {r.line}"
            for r in frame.itertuples(index=False)}


def to_pyvis_html(graph: nx.DiGraph, positions: Mapping[str, tuple[float, float]],
                  height: str = "720px", sources: Mapping[str, str] | None = None, *,
                  colours: Mapping[str, str] | None = None,
                  names: Mapping[str, str] | None = None) -> str:
    """The detail map as one self-contained HTML page: :func:`~graph.ui.map_render.render_html`
    with notations for labels (the full words are in each tooltip, with the kind, the
    framework's name from ``names``, the source line from ``sources`` and a standard item's
    coverage); colours from ``colours`` (:func:`~graph.ui.map_render.family_colours`)."""
    return render_html(graph, positions, colours or {}, names or {}, height=height,
                       sources=sources, words=False, min_scale=0.0)


def nodes_table(graph: nx.DiGraph, sources: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The nodes on the map, one row each: key, framework, kind, notation, label, module (a
    standard item's), coverage (a standard item's status per framework) and source."""
    sources = sources or {}
    rows = [{"node": n, "framework": d["framework"], "kind": d["kind"],
             "notation": d.get("notation", ""), "label": d["label"], "module": d.get("module", ""),
             "coverage": "; ".join(f"{f}: {s}" for f, s in d.get("status", {}).items()),
             "source": sources.get(n, "")}
            for n, d in graph.nodes(data=True)]
    rank = {key: i for i, key in enumerate([STANDARD, *FRAMEWORK_ORDER])}
    rows.sort(key=lambda r: (rank.get(r["framework"], len(rank)), cov.natural_key(r["node"])))
    return pd.DataFrame(rows, columns=["node", "framework", "kind", "notation", "label",
                                       "module", "coverage", "source"])
