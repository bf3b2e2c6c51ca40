"""Suggested mappings for the gaps of a qualification: words in common, and the neighbours.

A *suggestion* for a standard item that a framework leaves unmapped (``unmapped`` or
``no-mapping`` in :func:`graph.analysis.coverage.coverage_status`) is one of the framework's
ACs, ranked by a score of two parts:

* **Words** (:func:`graph.analysis.text.bm25_scores`, BM25 over word stems). The query is the
  item's label followed by the labels of the items below it (a module's statements and
  criteria, a statement's criteria). Each AC is scored three times, each score divided by the
  best of its kind for that item: against the AC's text (its wording, its LO's wording, its
  unit's title), against its *block*'s text (all the ACs of its LO, with the LO's wording; for
  a qualification without LOs, the ACs of its unit with the same number before the dot, 1.x or
  2.x), and against its unit's text (the unit title and all its ACs). The word part is
  ``AC + ½ block + ½ unit``.
* **Neighbours** (what the mapping itself teaches). The *siblings* of an item are the other
  items under the same parent (the other criteria of its statement, the other statements of
  its module); its *cousins* the other items of its kind in its module. An AC's *block*
  neighbour score is the number of mappings of the item's siblings (or, when no sibling is
  mapped, of its cousins) made by ACs of its block, divided by the best: an AC whose LO
  covers the item's siblings is a good candidate for the item. Its *unit* neighbour score
  counts, the same way, the mappings made by ACs of its unit: a unit that covers the
  siblings from another LO is the next place to look. Accepted curation decisions are
  mappings (:mod:`graph.model.curation`), so they count here; rejected ones are never
  suggested again.

score = words + w_block × block neighbours + w_unit × unit neighbours, where the weights (one
of :data:`NEIGHBOUR_WEIGHTS` and one of :data:`UNIT_NEIGHBOUR_WEIGHTS`) are fitted on the
framework's own mappings: the pair under which the most asserted ACs of the mapped items come
in their item's top ``k`` (then: rank highest, then the smallest weights), each item ranked
with its own mappings held out.

Highfield's mapping names its ACs by reference only (no wording, no unit titles), so its
suggestions come from the neighbour part alone: the ACs of the LOs that cover the gap's
sibling (or cousin) criteria.

A suggestion is never a mapping: it has ``kind`` "suggestion" and a ``reason`` in words, and
is for a person to accept or reject. :func:`evaluate_recall` measures the ranking honestly:
every mapped item in turn is taken as a gap, its mappings (and those of the items above and
below it) are removed from everything the ranking learns from, the fitted weights included,
and its asserted ACs are looked for in the top ``k``. ``method="words"`` leaves the neighbours
out and ``method="tfidf"`` gives the earlier ranking (TF-IDF cosine of the item's text and the
AC's text after its LO), for comparison. ``method="blocks-known"`` is a bound, not a ranking:
it is told which blocks hold the item's asserted ACs, puts their ACs first and orders them by
words, so it shows how much finding the right LO alone could give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.coverage import (
    LEVEL_KINDS,
    ancestors,
    children,
    coverage_status,
    descendants,
    direct_coverage,
    natural_key,
    parent,
    standard_items,
    standard_order,
    unit_of,
)
from graph.analysis.text import bm25_scores, stems, tfidf_rows, wording

GAP_STATUSES = ("unmapped", "no-mapping")
COLUMNS = ["framework", "level", "notation", "label", "status", "rank", "candidate",
           "candidate_label", "unit", "score", "kind", "reason"]
RECALL_COLUMNS = ["framework", "level", "notation", "label", "asserted", "hits"]
# words and neighbours; words alone; the earlier ranking; words told the right blocks
METHODS = ("bm25", "words", "tfidf", "blocks-known")
NEIGHBOUR_WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0)  # the block weights the fit chooses from
UNIT_NEIGHBOUR_WEIGHTS = (0.0, 0.5)  # the unit weights it chooses from
BLOCK_WEIGHT = UNIT_WEIGHT = 0.5  # the word scores of the AC's block and unit, beside its own
SHOWN_WORDS = 4  # words in common a reason names

LEVEL_OF = {kind: level for level, kind in LEVEL_KINDS.items()}  # "Criterion" -> "criterion"
Mappings = dict[str, set[str]]  # standard item -> the framework's ACs mapped to it
Weights = tuple[float, float]  # the weights of the block and unit neighbour scores


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
    counts = Counter(LEVEL_OF[view.nodes[item]["kind"]]
                     for item in direct_coverage(view, framework)
                     if view.nodes[item]["kind"] in LEVEL_OF)
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
    framework : a qualification.
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
    ``score`` (> 0), ``kind`` ("suggestion") and ``reason`` (why, in words). Only ACs with a
    score above 0 are suggested, so an item may get fewer than ``k``, or none.

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
    >>> suggest_mappings(v, "q", k=1)[["notation", "candidate", "reason"]].values.tolist()
    [['1.1', 'unit/1/ac/1.1', 'words in common: customers']]
    """
    level = level or mapping_grain(view, framework)
    ranker = _Ranker(view, framework, level)
    mapped = direct_coverage(view, framework)
    weights = ranker.fit(mapped, k)
    status = coverage_status(view, framework, level).set_index("notation")["status"]
    rows = []
    for i, item in enumerate(ranker.items):
        notation = view.nodes[item]["notation"]
        if status[notation] not in GAP_STATUSES:
            continue
        neighbours = np.asarray(weights) @ ranker.neighbours(item, mapped)
        scores = ranker.words[i] + neighbours
        allowed = [j for j in _ranking(scores)
                   if scores[j] > 0 and (framework, _item_id(item),
                                         _item_id(ranker.candidates[j])) not in rejected]
        for rank, j in enumerate(allowed[:k], start=1):
            candidate = ranker.candidates[j]
            unit = unit_of(view, candidate)
            rows.append({
                "framework": framework, "level": level, "notation": notation,
                "label": view.nodes[item]["label"], "status": status[notation],
                "rank": rank, "candidate": _item_id(candidate),
                "candidate_label": view.nodes[candidate]["label"],
                "unit": view.nodes[unit]["notation"] if unit else "",
                "score": float(scores[j]), "kind": "suggestion",
                "reason": ranker.reason(item, j, mapped, neighbours[j] > 0),
            })
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class Recall:
    """recall@k of the suggestion ranking against a framework's asserted mappings.

    ``recall`` = hits / asserted pairs; ``baseline`` the expected recall of a random ranking
    (k / candidates); ``ceiling`` the best recall possible, as an item with more than k
    asserted ACs can hit only k; ``items`` the per-item table (:data:`RECALL_COLUMNS`);
    ``weights`` the neighbour weights (block, unit) fitted for each held-out item (by
    notation). The three rates are NaN when nothing can be ranked (no asserted pair or no
    AC).
    """

    k: int
    candidates: int
    pairs: int
    hits: int
    recall: float
    baseline: float
    ceiling: float
    items: pd.DataFrame
    weights: dict[str, Weights]


def evaluate_recall(view: nx.MultiDiGraph, framework: str, level: str | None = None,
                    k: int = 5, method: str = "bm25") -> Recall:
    """Leave-one-item-out recall@k of the suggestions against the asserted mappings.

    Each standard item of ``level`` (by default the :func:`mapping_grain`) that the framework
    maps to directly is taken in turn as a gap: the mappings of the item, of the items above
    it and of the items below it are removed (a real gap has none of them, else it would be
    covered or inherited), the neighbour weights are fitted on what is left, and all the
    framework's ACs are ranked for the item as :func:`suggest_mappings` ranks them. A *hit*
    is an asserted AC in the top ``k``. ``method`` "words" ranks by the word part alone,
    "tfidf" by the earlier TF-IDF cosine (neither learns from mappings), and "blocks-known"
    by the word part with the ACs of the blocks that hold the item's asserted ACs first (it
    peeks at the answer, to bound what finding the right blocks could give).

    Parameters
    ----------
    view : the networkx view.
    framework : a qualification.
    level : module, statement or criterion.
    k : the cut-off.
    method : one of :data:`METHODS`.

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
    if method not in METHODS:
        raise ValueError(f"method {method!r}: choose one of {', '.join(METHODS)}")
    level = level or mapping_grain(view, framework)
    ranker = _Ranker(view, framework, level)
    mapped = direct_coverage(view, framework)
    tfidf = ranker.tfidf() if method == "tfidf" else None
    rows, weights = [], {}
    for i, item in enumerate(ranker.items):
        if item not in mapped:
            continue
        notation = view.nodes[item]["notation"]
        if tfidf is not None:
            scores = tfidf[i]
        elif method == "words":
            scores = ranker.words[i]
        elif method == "blocks-known":
            right = {ranker.blocks[ranker.position[ac]] for ac in mapped[item]
                     if ac in ranker.position}
            scores = ranker.words[i] + np.array([b in right for b in ranker.blocks]) \
                * (ranker.words[i].max() + 1)
        else:
            learnt = held_out(view, mapped, item)
            weights[notation] = fitted = ranker.fit(learnt, k)
            scores = ranker.words[i] + np.asarray(fitted) @ ranker.neighbours(item, learnt)
        top = {ranker.candidates[j] for j in _ranking(scores)[:k]}
        rows.append({"framework": framework, "level": level, "notation": notation,
                     "label": view.nodes[item]["label"], "asserted": len(mapped[item]),
                     "hits": len(mapped[item] & top)})
    table = pd.DataFrame(rows, columns=RECALL_COLUMNS)
    pairs, hits = int(table["asserted"].sum()), int(table["hits"].sum())
    candidates = len(ranker.candidates)
    ranked = bool(pairs and candidates)
    return Recall(k=k, candidates=candidates, pairs=pairs, hits=hits,
                  recall=hits / pairs if ranked else float("nan"),
                  baseline=min(k, candidates) / candidates if ranked else float("nan"),
                  ceiling=float(np.minimum(table["asserted"], k).sum() / pairs) if ranked
                  else float("nan"),
                  items=table, weights=weights)


def held_out(view: nx.MultiDiGraph, mapped: Mappings, item: str) -> Mappings:
    """``mapped`` without the mappings of ``item`` and of the items above and below it.

    >>> v = nx.MultiDiGraph()
    >>> v.add_edge("standard:statement/1.1", "standard:module/1", key="broader")
    'broader'
    >>> v.add_node("standard:module/2")
    >>> held_out(v, {"standard:module/1": {"q:ac/1"}, "standard:module/2": {"q:ac/2"}},
    ...          "standard:statement/1.1")
    {'standard:module/2': {'q:ac/2'}}
    """
    family = {item, *ancestors(view, item), *descendants(view, item)}
    return {target: acs for target, acs in mapped.items() if target not in family}


class _Ranker:
    """The items of a level, a framework's ACs, and what ranking them needs.

    ``words`` (items × ACs) is the word part of the score, fixed by the texts alone;
    :meth:`neighbours` and :meth:`fit` take the mappings to learn from, so that a held-out
    evaluation can pass fewer.
    """

    def __init__(self, view: nx.MultiDiGraph, framework: str, level: str) -> None:
        self.view, self.framework = view, framework
        self.items = standard_items(view, level)
        self.candidates = sorted((n for n, d in view.nodes(data=True)
                                  if d.get("framework") == framework
                                  and d.get("kind") == "AssessmentCriterion"),
                                 key=natural_key)
        self.position = {ac: j for j, ac in enumerate(self.candidates)}
        self.queries = [_item_text(view, n) for n in self.items]
        self.kin = {n: _kin(view, n) for n in self.items}
        self.texts = [_candidate_text(view, ac) for ac in self.candidates]
        self.blocks = [_block(view, ac) for ac in self.candidates]
        self.units = [unit_of(view, ac) or ac for ac in self.candidates]
        self.words = self._words()

    def _words(self) -> np.ndarray:
        """The word part of the score: AC + ½ block + ½ unit, each scaled to its best."""
        own = [wording(self.view, ac) for ac in self.candidates]
        total = _scaled(bm25_scores(self.queries, self.texts))
        for groups, weight in ((self.blocks, BLOCK_WEIGHT), (self.units, UNIT_WEIGHT)):
            names = sorted(set(groups), key=natural_key)
            where = {name: g for g, name in enumerate(names)}
            documents = [" ".join([_group_title(self.view, name), *(
                text for text, group in zip(own, groups, strict=True) if group == name)])
                for name in names]
            scores = _scaled(bm25_scores(self.queries, documents))
            total = total + weight * scores[:, [where[g] for g in groups]]
        return total

    def relatives(self, item: str, mapped: Mappings) -> tuple[str | None, list[str]]:
        """The nearest of ``item``'s kin that ``mapped`` maps, and the item above them all:
        its siblings (same parent) if any is mapped, else its cousins (same module)."""
        for above, kin in self.kin[item]:
            found = [n for n in kin if any(ac in self.position for ac in mapped.get(n, ()))]
            if found:
                return above, found
        return None, []

    def neighbours(self, item: str, mapped: Mappings) -> np.ndarray:
        """Two rows, one value per AC: the mappings of ``item``'s nearest mapped kin
        (:meth:`relatives`) made by ACs of its block, then by ACs of its unit, each row scaled
        to 1."""
        relatives = self.relatives(item, mapped)[1]
        rows = []
        for groups in (self.blocks, self.units):
            counts = Counter(groups[self.position[ac]] for relative in relatives
                             for ac in mapped[relative] if ac in self.position)
            rows.append([counts[g] for g in groups])
        return _scaled(np.array(rows, dtype=float).reshape(2, len(self.candidates)))

    def fit(self, mapped: Mappings, k: int) -> Weights:
        """The neighbour weights (block, unit) under which most of ``mapped``'s ACs are in
        their item's top ``k``, each item ranked with its own family's mappings held out;
        among equals, the pair that ranks them highest (least sum of ranks), then the one
        with the smallest weights."""
        pairs = [(b, u) for b in NEIGHBOUR_WEIGHTS for u in UNIT_NEIGHBOUR_WEIGHTS]
        merit = dict.fromkeys(pairs, (0, 0))
        for i, item in enumerate(self.items):
            if item not in mapped:
                continue
            neighbours = self.neighbours(item, held_out(self.view, mapped, item))
            asserted = [self.position[ac] for ac in mapped[item] if ac in self.position]
            for pair in pairs:
                ranks = np.empty(len(self.candidates), dtype=int)
                ranks[_ranking(self.words[i] + np.asarray(pair) @ neighbours)] = \
                    np.arange(len(self.candidates))
                hits, total = merit[pair]
                merit[pair] = (hits + int((ranks[asserted] < k).sum()),
                               total - int(ranks[asserted].sum()))
        return max(pairs, key=lambda p: (*merit[p], -sum(p), -p[1]))

    def reason(self, item: str, j: int, mapped: Mappings, by_neighbours: bool) -> str:
        """Why candidate ``j`` is suggested for ``item``, in words: the words it shares with
        the item (one per stem), and the relatives its block (else its unit) covers."""
        query = set(stems(self.queries[self.items.index(item)]))
        shared: dict[str, str] = {}
        for word in _quoted_words(self.texts[j]):
            stem = next(iter(stems(word)), "")
            if stem in query:
                shared.setdefault(stem, word)
        parts = [f"words in common: {', '.join(list(shared.values())[:SHOWN_WORDS])}"] \
            if shared else []
        if by_neighbours:
            above, relatives = self.relatives(item, mapped)
            for groups in (self.blocks, self.units):  # its block's if any, else its unit's
                covered = sorted({self.view.nodes[r]["notation"] for r in relatives
                                  for ac in mapped[r] if ac in self.position
                                  and groups[self.position[ac]] == groups[j]},
                                 key=standard_order)
                if covered:
                    break
            name = _block_name(self.view, self.blocks[j]) if groups is self.blocks \
                else _other_blocks_name(self.view, self.blocks[j])
            common = self.view.nodes[above]
            parts.append(f"{name} {'cover' if name.startswith(('ACs', 'other')) else 'covers'} "
                         f"{', '.join(covered)} of the same {LEVEL_OF[common['kind']]} "
                         f"{common['notation']}")
        return "; ".join(parts) or "words in common with its learning outcome or unit"

    def tfidf(self) -> np.ndarray:
        """The earlier ranking: TF-IDF cosines of the item texts and the ACs' texts after
        their LO (sublinear tf, fitted on both)."""
        documents = [_lo_and_wording(self.view, ac) for ac in self.candidates]
        vectors = tfidf_rows(self.queries + documents, sublinear_tf=True)
        queries, rows = vectors[:len(self.items)], vectors[len(self.items):]
        return (queries @ rows.T).toarray()


def _scaled(scores: np.ndarray) -> np.ndarray:
    """Each row divided by its largest value (rows of zeros stay zero)."""
    best = scores.max(axis=1, keepdims=True) if scores.size else scores
    return np.divide(scores, best, out=np.zeros_like(scores), where=best > 0)


def _ranking(scores: np.ndarray) -> list[int]:
    """Candidate positions by score, best first; ties in candidate order (stable sort)."""
    return np.argsort(-scores, kind="stable").tolist()


def _kin(view: nx.MultiDiGraph, item: str) -> list[tuple[str, list[str]]]:
    """``item``'s siblings (the other items under its parent) with the parent, then its
    cousins (the other items of its kind in its module, not under its parent) with the
    module; none for a module.

    >>> v = nx.MultiDiGraph()
    >>> for child, above in (("s1", "m"), ("s2", "m"), ("k1", "s1"), ("k2", "s1"), ("k3", "s2")):
    ...     v.add_node(child, kind="Criterion" if child[0] == "k" else "StandardStatement")
    ...     _ = v.add_edge(child, above, key="broader")
    >>> _kin(v, "k1")
    [('s1', ['k2']), ('m', ['k3'])]
    """
    above = parent(view, item)
    if above is None:
        return []
    siblings = [c for c in children(view, above) if c != item]
    module = ancestors(view, item)[-1]
    if module == above:
        return [(above, siblings)]
    kind = view.nodes[item].get("kind")
    cousins = [n for n in descendants(view, module) if view.nodes[n].get("kind") == kind
               and n != item and n not in siblings]
    return [(above, siblings), (module, cousins)]


def _block(view: nx.MultiDiGraph, ac: str) -> str:
    """An AC's LO, or for an AC straight under its unit, ``unit#1`` for ACs 1.x."""
    above = parent(view, ac)
    if above is None:
        return ac
    if view.nodes[above].get("kind") == "LearningOutcome":
        return above
    return f"{above}#{str(view.nodes[ac].get('notation', '')).partition('.')[0]}"


def _block_name(view: nx.MultiDiGraph, block: str) -> str:
    """A block in words: "learning outcome 1 of unit 201", "ACs 2.x of unit 6"."""
    node, _, number = block.partition("#")
    unit = unit_of(view, node)
    of_unit = f" of unit {view.nodes[unit]['notation']}" if unit and unit != node else ""
    if number:
        return f"ACs {number}.x of unit {view.nodes[node]['notation']}"
    kind = "learning outcome" if view.nodes[node].get("kind") == "LearningOutcome" else "AC"
    return f"{kind} {view.nodes[node]['notation']}{of_unit}"


def _other_blocks_name(view: nx.MultiDiGraph, block: str) -> str:
    """The rest of a block's unit in words: "another learning outcome of unit 201", "other
    ACs of unit 6"."""
    node = block.partition("#")[0]
    unit = unit_of(view, node) or node
    number = view.nodes[unit]["notation"]
    if "#" in block:
        return f"other ACs of unit {number}"
    return f"another learning outcome of unit {number}"


def _group_title(view: nx.MultiDiGraph, group: str) -> str:
    """The wording of a block's LO or of a unit ("" for a numbered block or an AC)."""
    node = group.partition("#")[0]
    return "" if "#" in group or view.nodes[node].get("kind") == "AssessmentCriterion" \
        else wording(view, node)


def _item_text(view: nx.MultiDiGraph, item: str) -> str:
    """A standard item's label followed by the labels of the items below it, in order."""
    below = sorted(descendants(view, item),
                   key=lambda n: standard_order(view.nodes[n]["notation"]))
    return " ".join(view.nodes[n]["label"] for n in [item, *below])


def _candidate_text(view: nx.MultiDiGraph, ac: str) -> str:
    """An AC's wording, its LO's wording and its unit's title, where they say something."""
    unit = unit_of(view, ac)
    title = wording(view, unit) if unit else ""
    return f"{_lo_and_wording(view, ac)} {title}".strip()


def _lo_and_wording(view: nx.MultiDiGraph, ac: str) -> str:
    """An AC's wording, after its LO's wording where the AC sits under an LO."""
    above = parent(view, ac)
    outcome = wording(view, above) if above and \
        view.nodes[above].get("kind") == "LearningOutcome" else ""
    return f"{outcome} {wording(view, ac)}".strip()


def _quoted_words(text: str) -> Iterable[str]:
    """The lower-case words of ``text`` as they stand, for a reason to quote."""
    return (w.strip(".,;:()'\"") for w in text.lower().split())


def _item_id(node: str) -> str:
    """The item id of a view key: ``unit/2/ac/1.1`` of ``ncfe:unit/2/ac/1.1``."""
    return node.partition(":")[2]
