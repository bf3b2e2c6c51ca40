"""The two readable coverage maps: one item in focus, and the whole standard in aggregate.

Pure functions on the networkx view (no Streamlit). Every edge of these maps has a ``type``:

* an evidence tier, ``criterion``, ``statement`` or ``module``: a framework item maps to a
  standard item of that level (a training task reaches its statement through the manual's
  coverage item, so its edge is ``statement``);
* ``suggested``: a text-similarity candidate for a gap (never a mapping);
* ``no-mapping``: the framework's document states "No mapping" for the standard item;
* ``hierarchy``: an item inside another (a criterion in its statement, an AC in its LO or
  unit, a page in its booklet, a component in its method).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
import pandas as pd

from graph.analysis import coverage as cov  # the standard's tree and direct coverage
from graph.analysis.tiers import EVIDENCE_TIERS
from graph.ui.map_data import item_name, ordered_frameworks

FOCUS_MAX_NODES = 80
LEVELS = {kind: level for level, kind in cov.LEVEL_KINDS.items()}  # Criterion -> criterion
TIERS = EVIDENCE_TIERS[:3]  # criterion, statement, module: the tiers that cover
NO_MAPPING = "no-mapping"


def covered_targets(view: nx.MultiDiGraph, frameworks: Iterable[str]) -> dict[str, set[str]]:
    """Framework item -> the standard items it maps to directly (a task: its coverage
    item's statement), for the items of ``frameworks``."""
    out: dict[str, set[str]] = defaultdict(set)
    for framework in frameworks:
        for target, items in cov.direct_coverage(view, framework).items():
            for item in items:
                out[item].add(target)
    return dict(out)


def focus_graph(view: nx.MultiDiGraph, focus: str, frameworks: Iterable[str], *,
                suggested: pd.DataFrame | None = None,
                max_nodes: int = FOCUS_MAX_NODES) -> nx.DiGraph:
    """The neighbourhood of one item: what covers it, or what it covers.

    *A standard item in focus* (criterion, statement or module): the standard's items above
    and below it (two steps at most: the standard has three levels), and every item of the
    chosen ``frameworks`` that maps to one of them, each with the items that hold it (an AC's
    LO and unit, a page's booklet, a component's method). These are the items that cover
    the focus directly or by inheritance, as in :func:`graph.analysis.trace.trace`. A
    framework that states "No mapping" for one of them gets a ``no-mapping`` node and edge;
    ``suggested`` rows (``framework``, ``level``, ``notation``, ``candidate``) add their
    candidates for the standard items on the map.

    *A framework item in focus* (a unit, AC, page, task, method…): the item, the items that
    hold it and the items it holds, and the standard items they map to with the standard's
    items above those (whatever ``frameworks`` says).

    An item that only makes module-level claims is shown by the item that holds it (its
    unit stands for its ACs). At most ``max_nodes`` nodes: while there are more, the
    framework with the most items that another item on the map holds shows their holder
    instead (a unit for its ACs, a booklet for its pages), its edges standing for theirs;
    the focus and what it holds stay.
    ``graph.graph``: ``focus``, ``grouped`` (the frameworks shown by their holders) and
    ``capped`` (more than ``max_nodes`` remain). Nodes carry the view's attributes and
    ``name`` (:func:`~graph.ui.map_data.item_name`); a holder standing for items carries
    ``stands_for`` (how many); edges carry ``type`` (module docstring).
    """
    own = view.nodes[focus]["framework"]
    graph = nx.DiGraph(focus=focus, grouped=[], capped=False)
    if own in cov.standards(view):
        chosen = ordered_frameworks(frameworks)
        tree = [focus, *cov.ancestors(view, focus),
                *(d for d in cov.descendants(view, focus)
                  if view.nodes[d]["framework"] == own)]
        for node in tree:
            _add(view, graph, node)
        covering = {item: targets & set(tree) for item, targets
                    in covered_targets(view, chosen).items() if targets & set(tree)}
        kept: set[str] = {focus}
        _add_no_mapping(view, graph, chosen, tree)
    else:
        chosen = [own]
        kept = {focus, *cov.descendants(view, focus)}
        for node in [focus, *cov.ancestors(view, focus), *cov.descendants(view, focus)]:
            _add_item(view, graph, node)
        covering = {item: targets for item, targets in covered_targets(view, [own]).items()
                    if item in kept}
        for target in sorted(set().union(*covering.values()) if covering else ()):
            for node in [target, *cov.ancestors(view, target)]:
                _add(view, graph, node)
    for item in sorted(covering, key=cov.natural_key):
        _add_item(view, graph, item)
        for target in sorted(covering[item]):
            graph.add_edge(item, target, type=LEVELS[view.nodes[target]["kind"]])
    if suggested is not None:
        _add_suggested(view, graph, suggested, set(chosen))
    _group_module_claims(graph, kept)
    _fit(graph, max_nodes, kept)
    return graph


def _group_module_claims(graph: nx.DiGraph, kept: set[str]) -> None:
    """Show a module-level claim from the item that holds the claiming items: a unit whose
    ACs are each mapped to a whole module stands for them (a claim made for a module is
    weak evidence, and twelve edges of it would hide the rest of the map)."""
    changed = True
    while changed:
        changed = False
        for node in sorted(graph):
            holder = _holder(graph, node) if node in graph else None
            kinds = {d["type"] for *_, d in graph.out_edges(node, data=True)} - {"hierarchy"}
            if holder and node not in kept and kinds == {"module"} and not any(
                    graph.edges[c, node]["type"] == "hierarchy" for c in graph.predecessors(node)):
                _merge_into(graph, node, holder)
                changed = True


def _add(view: nx.MultiDiGraph, graph: nx.DiGraph, node: str) -> None:
    """Add a standard item, joined to the standard items above and below it on the map."""
    if node in graph:
        return
    graph.add_node(node, **view.nodes[node], name=item_name(view.nodes[node]))
    up = cov.parent(view, node)
    if up in graph:
        graph.add_edge(node, up, type="hierarchy")
    for child in list(graph):
        if cov.parent(view, child) == node and graph.nodes[child]["kind"] in LEVELS:
            graph.add_edge(child, node, type="hierarchy")


def _add_item(view: nx.MultiDiGraph, graph: nx.DiGraph, node: str) -> None:
    """Add a framework item and the items that hold it, joined by hierarchy edges (a
    manual's coverage item is left out: its task's edge goes to the statement)."""
    if node in graph:
        return
    graph.add_node(node, **view.nodes[node], name=item_name(view.nodes[node]))
    up = cov.parent(view, node)
    if up is not None and view.nodes[up]["framework"] == view.nodes[node]["framework"]:
        _add_item(view, graph, up)
        graph.add_edge(node, up, type="hierarchy")
    for child in list(graph):
        if cov.parent(view, child) == node and not graph.has_edge(child, node):
            graph.add_edge(child, node, type="hierarchy")


def _add_no_mapping(view: nx.MultiDiGraph, graph: nx.DiGraph, frameworks: list[str],
                    tree: list[str]) -> None:
    """A ``no-mapping`` node per framework that states "No mapping" for an item on the map."""
    for framework in frameworks:
        stated = [n for n in tree if n in view.graph.get("no_mapping", {}).get(framework, ())]
        if stated:
            node = f"{framework}:{NO_MAPPING}"
            graph.add_node(node, framework=framework, kind="NoMapping", notation="",
                           label="No mapping", name="No mapping (stated by the document)")
            for target in stated:
                graph.add_edge(node, target, type=NO_MAPPING)


def _add_suggested(view: nx.MultiDiGraph, graph: nx.DiGraph, suggested: pd.DataFrame,
                   frameworks: set[str]) -> None:
    """Suggested candidates for the standard items on the map; never over an edge the map
    already has."""
    on_map = {(LEVELS[d["kind"]], d["notation"]): n for n, d in graph.nodes(data=True)
              if d["kind"] in LEVELS}
    for row in suggested.itertuples(index=False):
        item = f"{row.framework}:{row.candidate}"
        target = on_map.get((row.level, row.notation))
        if row.framework in frameworks and target and item in view \
                and not graph.has_edge(item, target):
            _add_item(view, graph, item)
            graph.add_edge(item, target, type="suggested")


def _fit(graph: nx.DiGraph, max_nodes: int, kept: set[str]) -> None:
    """Show holders instead of the items they hold, framework by framework (see
    :func:`focus_graph`), until at most ``max_nodes`` nodes remain."""
    while len(graph) > max_nodes:
        held: dict[str, list[str]] = defaultdict(list)
        for node, data in graph.nodes(data=True):
            holder = _holder(graph, node)
            if holder and node not in kept and not any(
                    graph.edges[c, node]["type"] == "hierarchy" for c in graph.predecessors(node)):
                held[data["framework"]].append(node)
        if not held:
            graph.graph["capped"] = True
            return
        framework = max(sorted(held), key=lambda f: len(held[f]))
        for node in held[framework]:
            _merge_into(graph, node, _holder(graph, node))
        if framework not in graph.graph["grouped"]:
            graph.graph["grouped"].append(framework)


def _holder(graph: nx.DiGraph, node: str) -> str | None:
    """The framework item on the map that holds ``node`` (its LO, unit, booklet, method)."""
    data = graph.nodes[node]
    if data["kind"] in LEVELS:
        return None
    return next((t for t in graph.successors(node) if graph.edges[node, t]["type"] == "hierarchy"
                 and graph.nodes[t]["framework"] == data["framework"]), None)


def _merge_into(graph: nx.DiGraph, node: str, holder: str) -> None:
    """Move ``node``'s coverage edges onto ``holder`` (the finest tier wins) and remove it."""
    for _, target, data in list(graph.out_edges(node, data=True)):
        if data["type"] == "hierarchy":
            continue
        if graph.has_edge(holder, target):
            old = graph.edges[holder, target]["type"]
            data = {"type": min(old, data["type"], key=_edge_rank)}
        graph.add_edge(holder, target, type=data["type"])
    graph.nodes[holder]["stands_for"] = (graph.nodes[holder].get("stands_for", 0)
                                         + graph.nodes[node].get("stands_for", 1))
    graph.remove_node(node)


def _edge_rank(kind: str) -> int:
    """Tiers strongest first, then suggested, then "No mapping"."""
    order = (*TIERS, "suggested", NO_MAPPING, "hierarchy")
    return order.index(kind)


def trace_targets(graph: nx.DiGraph) -> dict[str, str]:
    """Node -> the notation of the standard item whose Trace a click on it opens: its own
    for a standard item; else the first (in the standard's order) standard item it or an
    item it holds has an edge to on the map; else the focus's."""
    standard = {n: d["notation"] for n, d in graph.nodes(data=True) if d["kind"] in LEVELS}
    out = dict(standard)
    focus = graph.graph.get("focus")
    fallback = standard.get(focus) or next(
        iter(sorted(standard.values(), key=cov.standard_order)), "")
    for node in graph:
        if node in out:
            continue
        reached, stack, seen = [], [node], {node}
        while stack:
            here = stack.pop()
            reached += [standard[t] for t in graph.successors(here) if t in standard]
            for child in graph.predecessors(here):
                if child not in seen and graph.edges[child, here]["type"] == "hierarchy":
                    seen.add(child)
                    stack.append(child)
        out[node] = min(reached, key=cov.standard_order) if reached else fallback
    return out


def overview_graph(view: nx.MultiDiGraph, coverage: pd.DataFrame, frameworks: Iterable[str],
                   names: Mapping[str, str]) -> nx.MultiDiGraph:
    """The whole standard in aggregate: the modules and the chosen frameworks as nodes.

    One edge per framework, module and evidence tier: ``count`` criteria of the module that
    the framework covers at that tier (``criterion``, ``statement`` or ``module``, the
    ``evidence`` of :func:`~graph.analysis.coverage.coverage_status` rows at criterion
    level), or states "No mapping" for (``no-mapping``); ``of`` is the module's number of
    criteria. Framework nodes are keyed by the framework and named by ``names``.
    """
    graph = nx.MultiDiGraph()
    for node in cov.standard_items(view, "module"):
        graph.add_node(node, **view.nodes[node], name=item_name(view.nodes[node]))
    by_notation = {graph.nodes[n]["notation"]: n for n in graph}
    rows = coverage[(coverage["level"] == "criterion")
                    & coverage["evidence"].isin((*TIERS, NO_MAPPING))]
    sizes = coverage[coverage["level"] == "criterion"].drop_duplicates("notation") \
        .groupby("module").size()
    for framework in ordered_frameworks(frameworks):
        graph.add_node(framework, framework=framework, kind="Framework", notation="",
                       label=names.get(framework, framework), name=names.get(framework,
                                                                              framework))
        mine = rows[rows["framework"] == framework]
        counts = mine.groupby(["module", "evidence"]).size()
        for (module, tier), count in sorted(counts.items(), key=lambda kv: (
                cov.standard_order(kv[0][0]), _edge_rank(kv[0][1]))):
            if module in by_notation:
                graph.add_edge(framework, by_notation[module], key=tier, type=tier,
                               count=int(count), of=int(sizes.get(module, 0)))
    return graph


def overview_drawing(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The overview as it is drawn: a grid, not a hairball.

    Each edge of :func:`overview_graph` is split at a count node (kind ``Count``, labelled
    with its number and named in words) that sits where the module's row meets the
    framework's column: a ``row`` edge joins the module to it, an edge of the tier's type
    (``weight``: the count) joins it to the framework. Read across, a module's coverage by
    every framework; read down, a framework's coverage of every module.
    """
    out = nx.DiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for framework, module, tier, data in graph.edges(keys=True, data=True):
        cell = f"{framework}|{module}|{tier}"
        words = ("states “No mapping” for" if tier == NO_MAPPING
                 else f"covers at {tier} level")
        out.add_node(cell, framework=framework, kind="Count", notation=graph.nodes[module][
            "notation"], label=str(data["count"]), tier=tier, name=str(data["count"]),
            module=module, sentence=f"{graph.nodes[framework]['name']} {words} "
                                    f"{data['count']} of the {data['of']} criteria of "
                                    f"{graph.nodes[module]['name']}")
        out.add_edge(module, cell, type="row")
        out.add_edge(cell, framework, type=tier, weight=data["count"])
    return out
