"""Coverage status of the standard's items for one framework, with explicit roll-up/down.

The sources map at different grains (Highfield to criteria, NCFE to statements, City & Guilds
to modules), so a framework's coverage of an item at any level is one of:

* ``direct``: the framework maps to this item itself. A training task that covers a manual's
  coverage item covers that item's standard statement directly.
* ``no-mapping``: the document states "No mapping" for this item (and nothing maps to it).
* ``inherited``: nothing maps to the item itself, but the framework maps to an item above it
  (roll-down: a unit mapped to module 1 covers, by inheritance, module 1's statements and
  criteria) or below it (roll-up: an AC mapped to criterion K1.1 covers statement 1.2 and
  module 1 by inheritance). ``via`` names those items.
* ``no-mapping`` also when an item above it is stated "No mapping" and nothing else applies;
  ``via`` names that item.
* ``unmapped``: nothing maps, above, on or below the item.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd

LEVEL_KINDS = {"module": "Module", "statement": "StandardStatement", "criterion": "Criterion"}
STATUSES = ("direct", "inherited", "no-mapping", "unmapped")
COVERAGE_EDGES = ("covers", "assesses")
COLUMNS = ["framework", "level", "notation", "label", "module", "status", "via", "covered_by"]


def natural_key(notation: str) -> tuple:
    """Sort key that orders ``K1.2`` before ``K1.10`` and ``2`` before ``10``.

    >>> sorted(["K1.10", "K1.2", "S8.1"], key=natural_key)
    ['K1.2', 'K1.10', 'S8.1']
    """
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", notation))


def standard_order(notation: str) -> tuple[int, ...]:
    """Sort key of a standard item's notation: the standard's own order, K before S before B
    because module numbers already run that way.

    >>> sorted(["B13.1", "K1.10", "K1.2", "S8.1"], key=standard_order)
    ['K1.2', 'K1.10', 'S8.1', 'B13.1']
    """
    return tuple(int(n) for n in re.findall(r"\d+", notation))


def parent(view: nx.MultiDiGraph, node: str) -> str | None:
    """The item directly above ``node`` (its ``skos:broader``), or None at the top."""
    for _, target, kind in view.out_edges(node, keys=True):
        if kind == "broader":
            return target
    return None


def ancestors(view: nx.MultiDiGraph, node: str) -> list[str]:
    """Items above ``node``, nearest first."""
    chain = []
    while (node := parent(view, node)) is not None:
        chain.append(node)
    return chain


def children(view: nx.MultiDiGraph, node: str) -> list[str]:
    """Items directly below ``node``."""
    return [s for s, _, kind in view.in_edges(node, keys=True) if kind == "broader"]


def descendants(view: nx.MultiDiGraph, node: str) -> list[str]:
    """Every item below ``node``."""
    out, stack = [], children(view, node)
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(children(view, item))
    return out


def standard_items(view: nx.MultiDiGraph, level: str) -> list[str]:
    """The standard's items of ``level`` (module, statement or criterion) in notation order."""
    kind = LEVEL_KINDS[level]
    items = [n for n, d in view.nodes(data=True)
             if d.get("framework") == "standard" and d.get("kind") == kind]
    return sorted(items, key=lambda n: standard_order(view.nodes[n]["notation"]))


def unit_of(view: nx.MultiDiGraph, node: str) -> str | None:
    """The unit an AC, LO or unit belongs to, or None for items outside a unit."""
    for item in [node, *ancestors(view, node)]:
        if view.nodes[item].get("kind") == "Unit":
            return item
    return None


def direct_coverage(view: nx.MultiDiGraph, framework: str,
                    units: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Standard item -> the framework's items that map to it directly.

    With ``units``, only items of those units count (to weigh a choice of optional units).

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("q:ac/1", framework="q", kind="AssessmentCriterion")
    >>> v.add_node("standard:criterion/K1.1", framework="standard", kind="Criterion")
    >>> v.add_edge("q:ac/1", "standard:criterion/K1.1", key="covers")
    'covers'
    >>> direct_coverage(v, "q")
    {'standard:criterion/K1.1': {'q:ac/1'}}
    """
    allowed = set(units) if units is not None else None
    found: dict[str, set[str]] = defaultdict(set)
    for subject, target, kind in view.edges(keys=True):
        if kind not in COVERAGE_EDGES or view.nodes[subject].get("framework") != framework:
            continue
        if allowed is not None and unit_of(view, subject) not in allowed:
            continue
        if view.nodes[target].get("framework") == "standard":
            found[target].add(subject)
        elif view.nodes[target].get("kind") == "CoverageItem":
            statement = parent(view, target)
            if statement is not None:
                found[statement].add(subject)
    return dict(found)


def coverage_status(view: nx.MultiDiGraph, framework: str, level: str = "criterion",
                    units: Iterable[str] | None = None) -> pd.DataFrame:
    """Every standard item of ``level`` with ``framework``'s coverage status (module doc).

    Returns one row per item: ``framework``, ``level``, ``notation``, ``label``, ``module``,
    ``status`` (one of :data:`STATUSES`), ``via`` (the items the status comes from, by
    notation) and ``covered_by`` (the framework's items behind a direct or inherited status).
    """
    direct = direct_coverage(view, framework, units)
    stated_none = view.graph.get("no_mapping", {}).get(framework, set())
    rows = []
    for item in standard_items(view, level):
        above = ancestors(view, item)
        module = next((a for a in [item, *above] if view.nodes[a]["kind"] == "Module"), item)
        status, via, by = "unmapped", [], set()
        if item in direct:
            status, by = "direct", direct[item]
        elif item in stated_none:
            status = "no-mapping"
        else:
            sources = [a for a in above if a in direct] + \
                      [d for d in descendants(view, item) if d in direct]
            if sources:
                status, via = "inherited", sources
                by = set().union(*(direct[s] for s in sources))
            elif (denied := [a for a in above if a in stated_none]):
                status, via = "no-mapping", denied
        rows.append({
            "framework": framework, "level": level,
            "notation": view.nodes[item]["notation"], "label": view.nodes[item]["label"],
            "module": view.nodes[module]["notation"], "status": status,
            "via": ", ".join(describe(view, v) for v in sorted(
                via, key=lambda n: standard_order(view.nodes[n]["notation"]))),
            "covered_by": ", ".join(sorted(by, key=natural_key)),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def describe(view: nx.MultiDiGraph, node: str) -> str:
    """``statement 1.2``-style name of a standard item."""
    kind = {v: k for k, v in LEVEL_KINDS.items()}[view.nodes[node]["kind"]]
    return f"{kind} {view.nodes[node]['notation']}"
