"""Suggested mappings for the gaps of a qualification, ranked by text similarity.

A *suggestion* for a standard item that a framework leaves unmapped (``unmapped`` or
``no-mapping`` in :func:`graph.analysis.coverage.coverage_status`) is one of the
framework's ACs, ranked by the cosine of TF-IDF vectors between

* the item's text: its label followed by the labels of the items below it (a module's
  statements and criteria, a statement's criteria), and
* the AC's text: its wording, prefixed with its LO's wording where it has an LO.

The vectors are fitted on the framework's AC texts and the texts of the standard's items of
that level (English stop words, single words, sublinear term frequency): the best of the 24
settings tried on :func:`evaluate_recall` (words, or words and pairs; raw or sublinear tf; the
item's label alone or with the labels below it; the AC alone, after its LO or after its unit).
The labels below the item raise recall@5 from 0.118 to 0.135 for NCFE and from 0.492 to 0.571
for City & Guilds; the LO raises City & Guilds' recall@10 from 0.722 to 0.762; word pairs
lower NCFE's recall@5 to 0.127.

A suggestion is never a mapping: it has ``kind`` "suggestion" and is for a person to accept
or reject; a rejected (framework, standard item, AC) is never suggested again. Highfield gives
no AC texts (its mapping names ACs by reference only), so it gets no suggestions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.coverage import (
    LEVEL_KINDS,
    coverage_status,
    descendants,
    direct_coverage,
    natural_key,
    parent,
    standard_items,
    standard_order,
    unit_of,
)
from graph.analysis.text import tfidf_rows, wording

GAP_STATUSES = ("unmapped", "no-mapping")
COLUMNS = ["framework", "level", "notation", "label", "status", "rank", "candidate",
           "candidate_label", "unit", "score", "kind"]
RECALL_COLUMNS = ["framework", "level", "notation", "label", "asserted", "hits"]


def mapping_grain(view: nx.MultiDiGraph, framework: str) -> str:
    """The level (module, statement, criterion) most of ``framework``'s mappings target.

    Raises ``ValueError`` when the framework maps nothing (then pass the level yourself).

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:statement/1.1", framework="standard", kind="StandardStatement")
    >>> v.add_node("q:ac/1", framework="q", kind="AssessmentCriterion")
    >>> _ = v.add_edge("q:ac/1", "standard:statement/1.1", key="covers")
    >>> mapping_grain(v, "q")
    'statement'
    """
    level_of = {kind: level for level, kind in LEVEL_KINDS.items()}
    counts = Counter(level_of[view.nodes[item]["kind"]]
                     for item in direct_coverage(view, framework))
    if not counts:
        raise ValueError(f"{framework} maps to no item of the standard; give the level")
    return counts.most_common(1)[0][0]


def suggest_mappings(view: nx.MultiDiGraph, framework: str, level: str | None = None,
                     k: int = 5, rejected: frozenset[tuple[str, str, str]] = frozenset()
                     ) -> pd.DataFrame:
    """The ``k`` best-ranked ACs of ``framework`` for each standard item it leaves unmapped.

    Parameters
    ----------
    view : the networkx view (:func:`graph.analysis.network.to_networkx`).
    framework : a qualification whose ACs have texts.
    level : module, statement or criterion; by default the framework's own
        :func:`mapping_grain`.
    k : how many candidates per item.
    rejected : (framework, standard item id, candidate) triples never to suggest, e.g.
        ``("ncfe", "statement/1.1", "unit/2/ac/1.1")``, as
        :func:`graph.model.curation.rejected_pairs` gives them.

    Returns
    -------
    One row per suggestion: ``framework``, ``level``, ``notation``, ``label``, ``status``
    (``unmapped`` or ``no-mapping``), ``rank`` (1 = best), ``candidate`` (the AC's item id,
    ``unit/201/lo/1/ac/1.1``), ``candidate_label``, ``unit`` (the AC's unit notation),
    ``score`` (the cosine, > 0) and ``kind`` ("suggestion"). Empty when the framework's ACs
    have no texts.

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> for i, text in ((1, "Know who customers are"), (2, "Treat colleagues well")):
    ...     v.add_node(f"standard:statement/1.{i}", framework="standard",
    ...                kind="StandardStatement", notation=f"1.{i}", label=text)
    >>> for n, text in (("1.1", "Describe who customers are"), ("1.2", "Work with colleagues")):
    ...     v.add_node(f"q:unit/1/ac/{n}", framework="q", kind="AssessmentCriterion",
    ...                notation=n, label=text)
    >>> _ = v.add_edge("q:unit/1/ac/1.2", "standard:statement/1.2", key="covers")
    >>> suggest_mappings(v, "q", k=1)[["notation", "candidate", "status"]].values.tolist()
    [['1.1', 'unit/1/ac/1.1', 'unmapped']]
    """
    level = level or mapping_grain(view, framework)
    items, candidates, scores = _scores(view, framework, level)
    status = coverage_status(view, framework, level).set_index("notation")["status"]
    rows = []
    for i, item in enumerate(items):
        notation = view.nodes[item]["notation"]
        if status[notation] not in GAP_STATUSES:
            continue
        allowed = [j for j in _ranking(scores[i])
                   if scores[i, j] > 0
                   and (framework, _item_id(item), _item_id(candidates[j])) not in rejected]
        for rank, j in enumerate(allowed[:k], start=1):
            unit = unit_of(view, candidates[j])
            rows.append({
                "framework": framework, "level": level, "notation": notation,
                "label": view.nodes[item]["label"], "status": status[notation],
                "rank": rank, "candidate": _item_id(candidates[j]),
                "candidate_label": view.nodes[candidates[j]]["label"],
                "unit": view.nodes[unit]["notation"] if unit else "",
                "score": float(scores[i, j]), "kind": "suggestion",
            })
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class Recall:
    """recall@k of the suggestion ranking against a framework's asserted mappings.

    ``recall`` = hits / asserted pairs; ``baseline`` the expected recall of a random ranking
    (k / candidates); ``ceiling`` the best recall possible, as an item with more than k
    asserted ACs can hit only k; ``items`` the per-item table (:data:`RECALL_COLUMNS`). The
    three rates are NaN when nothing can be ranked (no asserted pair or no AC with a text).
    """

    k: int
    candidates: int
    pairs: int
    hits: int
    recall: float
    baseline: float
    ceiling: float
    items: pd.DataFrame


def evaluate_recall(view: nx.MultiDiGraph, framework: str, level: str | None = None,
                    k: int = 5) -> Recall:
    """Leave-one-item-out recall@k of the suggestions against the asserted mappings.

    Each standard item of ``level`` (by default the :func:`mapping_grain`) that the
    framework maps to directly is taken as if unmapped: all the framework's ACs are ranked
    for it as :func:`suggest_mappings` ranks them, and a *hit* is an asserted AC in the top
    ``k``. The ranking uses no asserted mapping at all (only texts), so holding an item's
    mappings out changes nothing else and each item is ranked once.

    Parameters
    ----------
    view : the networkx view.
    framework : a qualification whose ACs have texts.
    level : module, statement or criterion.
    k : the cut-off.

    Returns
    -------
    A :class:`Recall`; its ``items`` has one row per item: ``framework``, ``level``,
    ``notation``, ``label``, ``asserted`` (ACs mapped to it), ``hits``.

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:statement/1.1", framework="standard", kind="StandardStatement",
    ...            notation="1.1", label="Know who customers are")
    >>> for n, text in (("1.1", "Describe who customers are"), ("1.2", "Work with others")):
    ...     v.add_node(f"q:unit/1/ac/{n}", framework="q", kind="AssessmentCriterion",
    ...                notation=n, label=text)
    >>> _ = v.add_edge("q:unit/1/ac/1.1", "standard:statement/1.1", key="covers")
    >>> r = evaluate_recall(v, "q", k=1)
    >>> r.recall, r.baseline
    (1.0, 0.5)
    """
    level = level or mapping_grain(view, framework)
    items, candidates, scores = _scores(view, framework, level)
    direct = direct_coverage(view, framework)
    rows = []
    for i, item in enumerate(items):
        if item not in direct:
            continue
        top = {candidates[j] for j in _ranking(scores[i])[:k]}
        rows.append({"framework": framework, "level": level,
                     "notation": view.nodes[item]["notation"],
                     "label": view.nodes[item]["label"], "asserted": len(direct[item]),
                     "hits": len(direct[item] & top)})
    table = pd.DataFrame(rows, columns=RECALL_COLUMNS)
    pairs, hits = int(table["asserted"].sum()), int(table["hits"].sum())
    ranked = bool(pairs and candidates)
    return Recall(k=k, candidates=len(candidates), pairs=pairs, hits=hits,
                  recall=hits / pairs if ranked else float("nan"),
                  baseline=min(k, len(candidates)) / len(candidates) if ranked
                  else float("nan"),
                  ceiling=float(np.minimum(table["asserted"], k).sum() / pairs) if ranked
                  else float("nan"),
                  items=table)


def _scores(view: nx.MultiDiGraph, framework: str, level: str
            ) -> tuple[list[str], list[str], np.ndarray]:
    """The standard items of ``level``, the framework's ACs with a text, and their cosines."""
    items = standard_items(view, level)
    candidates = sorted((n for n, d in view.nodes(data=True)
                         if d.get("framework") == framework
                         and d.get("kind") == "AssessmentCriterion" and wording(view, n)),
                        key=natural_key)
    vectors = tfidf_rows([_item_text(view, n) for n in items]
                         + [_candidate_text(view, n) for n in candidates], sublinear_tf=True)
    queries, documents = vectors[:len(items)], vectors[len(items):]
    return items, candidates, (queries @ documents.T).toarray()


def _ranking(scores: np.ndarray) -> list[int]:
    """Candidate positions by score, best first; ties in candidate order (stable sort)."""
    return np.argsort(-scores, kind="stable").tolist()


def _item_text(view: nx.MultiDiGraph, item: str) -> str:
    """A standard item's label followed by the labels of the items below it, in order."""
    below = sorted(descendants(view, item),
                   key=lambda n: standard_order(view.nodes[n]["notation"]))
    return " ".join(view.nodes[n]["label"] for n in [item, *below])


def _candidate_text(view: nx.MultiDiGraph, ac: str) -> str:
    """An AC's wording, after its LO's wording where the AC sits under an LO."""
    above = parent(view, ac)
    outcome = wording(view, above) if above and \
        view.nodes[above].get("kind") == "LearningOutcome" else ""
    return f"{outcome} {wording(view, ac)}".strip()


def _item_id(node: str) -> str:
    """The item id of a view key: ``unit/2/ac/1.1`` of ``ncfe:unit/2/ac/1.1``."""
    return node.partition(":")[2]
