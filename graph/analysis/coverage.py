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

The *evidence tier* (``evidence``) says how strong the evidence behind a status is, by the
grain of the standard items the framework actually maps to: ``criterion`` (an AC, activity or
page maps to a criterion: the item itself, or criteria below it), ``statement`` (a mapping to
a statement), ``module`` (a claim made for a whole module: weak evidence, never full
coverage), then ``no-mapping`` (the document says so) and ``unmapped``. Where evidence comes
from several grains, the finest counts. Example: NCFE maps K1.1 only through statement 1.2,
so K1.1 is ``inherited`` with ``statement`` evidence; City & Guilds claims module 1 whole, so
its K1.1 evidence is ``module``.

The standard items are those of the frameworks the view lists as apprenticeship standards
(``view.graph["standards"]``; the bundled key ``standard`` for a view built by hand). In a
national catalogue a framework's coverage is reported on the standards it maps to (or states
"No mapping" for), and on all of them when it maps to none.

Each call walks the view once (edges, then the hierarchy through parent and child maps), so
the cost grows with the size of the view, never with items × items.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from graph.analysis.tiers import EVIDENCE_TIERS

LEVEL_KINDS = {"module": "Module", "statement": "StandardStatement", "criterion": "Criterion"}
STANDARD = "standard"  # the bundled standard's key, for views that do not list their standards
STATUSES = ("direct", "inherited", "no-mapping", "unmapped")
COVERAGE_EDGES = ("covers", "assesses")
COLUMNS = ["framework", "level", "notation", "label", "module", "status", "evidence", "via",
           "covered_by"]


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


def standards(view: nx.MultiDiGraph) -> set[str]:
    """The keys of the apprenticeship standards in ``view``."""
    return view.graph.get("standards", {STANDARD})


def mapped_standards(view: nx.MultiDiGraph, framework: str) -> set[str]:
    """The standards ``framework`` maps to or states "No mapping" for; all when none."""
    keys = standards(view)
    found = {view.nodes[target].get("framework") for subject, target, kind
             in view.edges(keys=True) if kind in COVERAGE_EDGES
             and view.nodes[subject].get("framework") == framework}
    found |= {item.partition(":")[0] for item in view.graph.get("no_mapping", {})
              .get(framework, ())}
    return (found & keys) or keys


def standard_items(view: nx.MultiDiGraph, level: str,
                   framework: str | None = None) -> list[str]:
    """The standards' items of ``level`` (module, statement or criterion) in notation order.

    With ``framework``, only the items of the standards it maps to (:func:`mapped_standards`).
    """
    kind = LEVEL_KINDS[level]
    keys = mapped_standards(view, framework) if framework is not None else standards(view)
    items = [n for n, d in view.nodes(data=True)
             if d.get("framework") in keys and d.get("kind") == kind]
    return sorted(items, key=lambda n: (view.nodes[n]["framework"],
                                        standard_order(view.nodes[n]["notation"])))


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
    keys = standards(view)
    found: dict[str, set[str]] = defaultdict(set)
    for subject, target, kind in view.edges(keys=True):
        if kind not in COVERAGE_EDGES or view.nodes[subject].get("framework") != framework:
            continue
        if allowed is not None and unit_of(view, subject) not in allowed:
            continue
        if view.nodes[target].get("framework") in keys:
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
    up = _parents(view)
    down: dict[str, list[str]] = defaultdict(list)
    for child, above in up.items():
        down[above].append(child)
    rows = []
    for item in standard_items(view, level, framework):
        above = _chain(up, item)
        module = next((a for a in [item, *above] if view.nodes[a]["kind"] == "Module"), item)
        status, via, by, evidence = "unmapped", [], set(), "unmapped"
        if item in direct:
            status, by = "direct", direct[item]
            evidence = _finest(view, [item, *(d for d in _below(down, item) if d in direct)])
        elif item in stated_none:
            status = evidence = "no-mapping"
        else:
            sources = [a for a in above if a in direct] + \
                      [d for d in _below(down, item) if d in direct]
            if sources:
                status, via = "inherited", sources
                by = set().union(*(direct[s] for s in sources))
                evidence = _finest(view, sources)
            elif (denied := [a for a in above if a in stated_none]):
                status, via, evidence = "no-mapping", denied, "no-mapping"
        rows.append({
            "framework": framework, "level": level,
            "notation": view.nodes[item]["notation"], "label": view.nodes[item]["label"],
            "module": view.nodes[module]["notation"], "status": status, "evidence": evidence,
            "via": ", ".join(describe(view, v) for v in sorted(
                via, key=lambda n: standard_order(view.nodes[n]["notation"]))),
            "covered_by": ", ".join(sorted(by, key=natural_key)),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def _finest(view: nx.MultiDiGraph, items: Iterable[str]) -> str:
    """The finest standard level among ``items`` (criterion before statement before module)."""
    levels = {k: level for level, k in LEVEL_KINDS.items()}
    found = {levels[view.nodes[i]["kind"]] for i in items}
    return next(tier for tier in EVIDENCE_TIERS if tier in found)


def _parents(view: nx.MultiDiGraph) -> dict[str, str]:
    """Item -> the item directly above it, for the whole view in one pass."""
    return {child: above for child, above, kind in view.edges(keys=True) if kind == "broader"}


def _chain(up: dict[str, str], node: str) -> list[str]:
    """Items above ``node`` in the parent map, nearest first."""
    chain = []
    while (node := up.get(node)) is not None:
        chain.append(node)
    return chain


def _below(down: dict[str, list[str]], node: str) -> list[str]:
    """Every item below ``node`` in the child map."""
    out, stack = [], list(down.get(node, ()))
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(down.get(item, ()))
    return out


def describe(view: nx.MultiDiGraph, node: str) -> str:
    """``statement 1.2``-style name of a standard item."""
    kind = {v: k for k, v in LEVEL_KINDS.items()}[view.nodes[node]["kind"]]
    return f"{kind} {view.nodes[node]['notation']}"
