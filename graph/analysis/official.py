"""Coverage by official KSB code (K1 ... B10): the documents' coverage, read through the links
between the official record and the documents' standard.

An official KSB stands for the documents' items linked to it: the criteria that
``elaborate`` it and the statements it matches (``skos:exactMatch`` / ``skos:closeMatch``).
A framework's coverage of a KSB is the best coverage it has of any of those items:

* ``status``: the first of ``direct``, ``inherited``, ``no-mapping``, ``unmapped`` that any
  linked item has (:mod:`graph.analysis.coverage`);
* ``evidence``: the strongest evidence tier among them (criterion, statement, module, ...);
* ``covered_by``: the framework's items behind a direct or inherited status, all linked
  items together.

A KSB that no document item is linked to is ``unmapped`` with no evidence.
"""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis.coverage import STATUSES, coverage_status, natural_key
from graph.analysis.fit import FIT_COLUMNS
from graph.analysis.fit import _count as count_statuses
from graph.analysis.tiers import EVIDENCE_TIERS
from graph.analysis.trace import TRACE_COLUMNS, trace
from graph.errors import UnknownItemError
from graph.store.queries import select

# The column, in coverage tables, of the official KSB codes an item elaborates.
OFFICIAL_COLUMN = "official KSB"

OFFICIAL_CODE = re.compile(r"[KSB]\d+")
LINK_COLUMNS = ["version", "code", "label", "ksb_type", "kind", "notation"]
KSB_COLUMNS = ["framework", "version", "code", "label", "ksb_type", "status", "evidence",
               "criteria", "statements", "covered_by"]
KSB_ORDER = {"K": 0, "S": 1, "B": 2}


def ksb_order(code: str) -> tuple[int, int]:
    """Sort key of an official code: knowledge, then skills, then behaviours, by number.

    >>> sorted(["S2", "B1", "K10", "K2"], key=ksb_order)
    ['K2', 'K10', 'S2', 'B1']
    """
    return KSB_ORDER.get(code[:1], 3), int(code[1:]) if code[1:].isdigit() else 0


def ksb_links(graph: Graph) -> pd.DataFrame:
    """Every official KSB of a version linked to the documents, with the items it stands for.

    One row per KSB and linked item: ``version`` (``ST0072@1.1``), ``code``, ``label``,
    ``ksb_type``, ``kind`` (``criterion`` or ``statement``) and the item's ``notation``.
    """
    rows = select(graph, """
        SELECT ?version ?code ?label ?ksb_type ?kind ?notation WHERE {
          ?k a cw:KSB ; skos:notation ?code ; skos:prefLabel ?label ; cw:ksbType ?type ;
             skos:inScheme/dcterms:identifier ?version .
          BIND(STRAFTER(STR(?type), "#") AS ?ksb_type)
          { ?item cw:elaborates ?k . BIND("criterion" AS ?kind) }
          UNION { ?k skos:exactMatch|skos:closeMatch ?item . ?item a cw:StandardStatement .
                  BIND("statement" AS ?kind) }
          ?item skos:notation ?notation .
        }
    """)
    return rows.reindex(columns=LINK_COLUMNS).sort_values(
        ["version", "code", "kind", "notation"],
        key=lambda s: s.map(ksb_order) if s.name == "code" else s.map(natural_key),
    ).reset_index(drop=True)


def ksb_coverage(links: pd.DataFrame, criteria: pd.DataFrame,
                 statements: pd.DataFrame) -> pd.DataFrame:
    """One framework's coverage per official KSB (module docstring), from its coverage of
    the criteria and statements (:func:`~graph.analysis.coverage.coverage_status` rows).

    >>> links = pd.DataFrame([["v", "K1", "Know", "Knowledge", "criterion", "K1.1"],
    ...                       ["v", "K1", "Know", "Knowledge", "statement", "1.1"],
    ...                       ["v", "K2", "Do", "Knowledge", "statement", "1.2"]],
    ...                      columns=LINK_COLUMNS)
    >>> crit = pd.DataFrame({"framework": ["q"], "notation": ["K1.1"], "status": ["unmapped"],
    ...                      "evidence": ["unmapped"], "covered_by": [""]})
    >>> stat = pd.DataFrame({"framework": ["q", "q"], "notation": ["1.1", "1.2"],
    ...                      "status": ["direct", "no-mapping"],
    ...                      "evidence": ["statement", "no-mapping"], "covered_by": ["ac/1", ""]})
    >>> cov = ksb_coverage(links, crit, stat)
    >>> cov[["code", "status", "evidence", "covered_by"]].values.tolist()
    [['K1', 'direct', 'statement', 'ac/1'], ['K2', 'no-mapping', 'no-mapping', '']]
    """
    framework = next(iter(criteria["framework"]), next(iter(statements["framework"]), ""))
    status = {("criterion", r.notation): r for r in criteria.itertuples(index=False)}
    status |= {("statement", r.notation): r for r in statements.itertuples(index=False)}
    rows = []
    for (version, code), group in links.groupby(["version", "code"], sort=False):
        found = [status[key] for key in zip(group["kind"], group["notation"], strict=True)
                 if key in status]
        best = min((STATUSES.index(r.status) for r in found), default=STATUSES.index("unmapped"))
        tier = min((EVIDENCE_TIERS.index(r.evidence) for r in found),
                   default=EVIDENCE_TIERS.index("unmapped"))
        by = {item for r in found if r.covered_by for item in r.covered_by.split(", ")}
        first = group.iloc[0]
        rows.append({
            "framework": framework, "version": version, "code": code, "label": first["label"],
            "ksb_type": first["ksb_type"], "status": STATUSES[best],
            "evidence": EVIDENCE_TIERS[tier],
            "criteria": ", ".join(group.loc[group["kind"] == "criterion", "notation"]),
            "statements": ", ".join(group.loc[group["kind"] == "statement", "notation"]),
            "covered_by": ", ".join(sorted(by, key=natural_key)),
        })
    frame = pd.DataFrame(rows, columns=KSB_COLUMNS)
    order = sorted(frame.index, key=lambda i: (frame.at[i, "version"],
                                               ksb_order(frame.at[i, "code"])))
    return frame.loc[order].reset_index(drop=True)


def framework_ksb_coverage(view: nx.MultiDiGraph, links: pd.DataFrame,
                           framework: str) -> pd.DataFrame:
    """``framework``'s coverage per official KSB, from the view and the links."""
    return ksb_coverage(links, coverage_status(view, framework, "criterion"),
                        coverage_status(view, framework, "statement"))


def ksb_fit(coverage: pd.DataFrame) -> pd.DataFrame:
    """Fit rows (the columns of :func:`graph.analysis.fit.qualification_fit`) for the official
    KSBs: measure ``official KSBs`` (group ``all``) and ``official KSBs by KSB type``.

    >>> cov = pd.DataFrame({"framework": ["q", "q"], "ksb_type": ["Skill", "Skill"],
    ...                     "status": ["direct", "unmapped"]})
    >>> ksb_fit(cov)[["measure", "group", "items", "covered", "share"]].values.tolist()
    [['official KSBs', 'all', 2, 1, 0.5], ['official KSBs by KSB type', 'Skill', 2, 1, 0.5]]
    """
    parts = [coverage.assign(measure="official KSBs", group="all"),
             coverage.assign(measure="official KSBs by KSB type", group=coverage["ksb_type"])]
    rows = [count_statuses(framework, measure, group, frame["status"])
            for (framework, measure, group), frame in pd.concat(parts).groupby(
                ["framework", "measure", "group"], sort=False)]
    return pd.DataFrame(rows, columns=FIT_COLUMNS)


def trace_ksb(view: nx.MultiDiGraph, links: pd.DataFrame, code: str) -> pd.DataFrame:
    """Everything that covers the document items an official KSB stands for.

    The rows of :func:`graph.analysis.trace.trace` for each criterion and statement linked
    to ``code``, each tracing item once: ``direct`` when it maps to one of them, else
    ``inherited``; ``via`` names the document item.

    Raises :class:`UnknownItemError` when no KSB of that code is linked to the documents.
    """
    wanted = code.strip().upper()
    mine = links[links["code"] == wanted]
    if mine.empty:
        raise UnknownItemError(f"no official KSB {code} linked to the documents "
                               f"(codes: K1 ... B10 of the official version)")
    parts = [trace(view, notation) for notation in mine["notation"]]
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=TRACE_COLUMNS)
    frame = frame.sort_values("how", kind="stable").drop_duplicates(["framework", "item"])
    order = sorted(frame.index, key=lambda i: (frame.at[i, "framework"],
                                               frame.at[i, "how"] != "direct",
                                               natural_key(frame.at[i, "item"])))
    return frame.loc[order].reset_index(drop=True)


def is_official_code(notation: str) -> bool:
    """True for an official KSB code (``K1``, ``s10``); ``K1.1`` is a document criterion.

    >>> is_official_code("K1"), is_official_code("K1.1")
    (True, False)
    """
    return OFFICIAL_CODE.fullmatch(notation.strip().upper()) is not None
