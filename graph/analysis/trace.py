"""Everything that covers or assesses one item of the standard, across every framework."""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd

from graph.analysis.coverage import (
    LEVEL_KINDS,
    ancestors,
    descendants,
    describe,
    direct_coverage,
    natural_key,
    unit_of,
)
from graph.errors import UnknownItemError

TRACE_COLUMNS = ["framework", "kind", "item", "notation", "label", "unit", "how", "via"]
NOTATION_LEVELS = (  # how a notation names its level: K/S/B codes, "n.m", "n"
    # a coded criterion K1.1, or one no document codes: its module's letter and number with
    # "(uncoded)", as the shapes allow (ontology/shapes.ttl)
    (re.compile(r"[KSB]\d+(\.\d+| \(uncoded( \d+)?\))"), "criterion"),
    (re.compile(r"\d+\.\d+"), "statement"),
    (re.compile(r"\d+"), "module"),
)


def trace(view: nx.MultiDiGraph, notation: str) -> pd.DataFrame:
    """Every item of every framework that covers or assesses the standard item ``notation``.

    A framework's item *traces to* a standard item when it covers or assesses it (``how`` is
    ``direct``; a training task counts through the manual's coverage item under a statement,
    as in :func:`direct_coverage`) or covers or assesses an item above it (a statement's
    module, a criterion's statement or module) or below it (a statement's or module's
    criteria; a module's statements): ``how`` is ``inherited``. ``via`` names the standard
    item the edge points at (``statement 1.2``). Assessing methods and components of the
    end-point assessment appear through the module they assess.

    Parameters
    ----------
    notation : ``K1.1`` (criterion), ``1.2`` (statement) or ``1`` (module).

    Returns
    -------
    One row per tracing item and standard item it reaches through: ``framework``, ``kind``,
    ``item`` (item id), ``notation``, ``label``, ``unit`` (the unit's notation, empty outside
    a unit), ``how`` and ``via``; by framework, direct before inherited, then item.

    Raises
    ------
    ValueError : ``notation`` names no criterion, statement or module of the standard.

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:statement/1.2", framework="standard", kind="StandardStatement",
    ...            notation="1.2", label="S")
    >>> v.add_node("standard:criterion/K1.1", framework="standard", kind="Criterion",
    ...            notation="K1.1", label="C")
    >>> v.add_edge("standard:criterion/K1.1", "standard:statement/1.2", key="broader")
    'broader'
    >>> v.add_node("n:unit/2/ac/1.1", framework="n", kind="AssessmentCriterion",
    ...            notation="1.1", label="Explain")
    >>> v.add_edge("n:unit/2/ac/1.1", "standard:statement/1.2", key="covers")
    'covers'
    >>> trace(v, "K1.1")[["framework", "item", "how", "via"]].values.tolist()
    [['n', 'unit/2/ac/1.1', 'inherited', 'statement 1.2']]
    >>> trace(v, "K9.9")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownItemError: no criterion, statement or module K9.9
    """
    target = resolve_notation(view, notation)
    reach = [target, *ancestors(view, target),
             *(d for d in descendants(view, target)
               if view.nodes[d].get("framework") == "standard")]
    frameworks = sorted({d["framework"] for _, d in view.nodes(data=True)} - {"standard"})
    rows = []
    for framework in frameworks:
        direct = direct_coverage(view, framework)
        for standard in reach:
            for item in direct.get(standard, ()):
                unit = unit_of(view, item)
                node = view.nodes[item]
                rows.append({
                    "framework": framework, "kind": node["kind"],
                    "item": item.removeprefix(f"{framework}:"),
                    "notation": node["notation"], "label": node["label"],
                    "unit": view.nodes[unit]["notation"] if unit else "",
                    "how": "direct" if standard == target else "inherited",
                    "via": describe(view, standard),
                })
    frame = pd.DataFrame(rows, columns=TRACE_COLUMNS).drop_duplicates()
    order = sorted(frame.index, key=lambda i: (
        frame.at[i, "framework"], frame.at[i, "how"] != "direct",
        natural_key(frame.at[i, "item"]), natural_key(frame.at[i, "via"])))
    return frame.loc[order].reset_index(drop=True)


def resolve_notation(view: nx.MultiDiGraph, notation: str) -> str:
    """The standard item ``notation`` names, by the form of the notation."""
    wanted = " ".join(notation.split()).upper()  # codes in any case
    level = next((lvl for pattern, lvl in NOTATION_LEVELS
                  if pattern.fullmatch(wanted.replace("UNCODED", "uncoded"))), None)
    if level is not None:
        for node, data in view.nodes(data=True):
            if (data.get("framework") == "standard" and data.get("kind") == LEVEL_KINDS[level]
                    and data.get("notation", "").upper() == wanted):
                return node
    raise UnknownItemError(f"no criterion, statement or module {notation}")
