"""Equivalent units across awarding bodies, from the modules they cover and their AC texts.

Two units of different qualifications are *similar* by how far they cover the same parts of
the standard and say the same things:

* ``coverage``: the Jaccard index |A ∩ B| / |A ∪ B| of the standard modules the two units
  cover. Every ``covers`` edge of a unit's ACs is rolled up to its module, the one grain the
  three bodies share (Highfield maps ACs to criteria, NCFE to statements, City & Guilds to
  modules). A unit that covers nothing has coverage 0 with every unit, itself included.
* ``text``: the cosine of the TF-IDF vectors of the two units' AC texts joined; undefined
  (NaN) when either unit has no AC text (Highfield gives none).
* ``score``: ``coverage`` when ``text`` is undefined, else
  ``(1 - text_weight) * coverage + text_weight * text``.

Everything is computed with sparse matrix products over a unit × module incidence matrix
and the TF-IDF matrix, a block of rows at a time, so no Python loop runs over pairs and memory
stays bounded (30,000 units take seconds). networkx stays for what it is the right tool for:
enumerating the cliques of the graph of equivalent pairs (:func:`equivalence_groups`).
These equivalences are computed, never asserted by a source:
:func:`close_match_triples` records them as ``skos:closeMatch`` with a ``cw:ComputedMapping``
record, apart from the asserted ``cw:covers`` and their ``cw:Mapping`` records.
"""

from __future__ import annotations

from itertools import combinations, takewhile

import networkx as nx
import numpy as np
import pandas as pd
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from scipy import sparse

from graph.analysis.coverage import (
    COVERAGE_EDGES,
    natural_key,
    standards,
)
from graph.analysis.text import tfidf_rows, wording
from graph.model.vocab import CW, SEMAPV, SSSOM, bind_prefixes, item_iri, record_iri

BODIES = ("highfield", "ncfe", "cityguilds")
PROFILE_COLUMNS = ["framework", "unit", "notation", "label", "modules", "texts"]
SIMILARITY_COLUMNS = ["a", "b", "a_unit", "b_unit", "a_label", "b_label",
                      "coverage", "text", "score", "shared"]
MATCH_COLUMNS = ["unit", "unit_label", "other", "match", "match_label",
                 "coverage", "text", "score", "rank"]
GROUP_COLUMNS = ["group", *BODIES, "score", "shared"]
DEFAULT_MIN_SCORE = 0.3
BLOCK_CELLS = 4_000_000  # unit pairs scored at once: about 200 MB of working arrays
COMPUTED_COMMENT = ("computed by KSB Crosswalk from shared modules and AC text similarity; "
                    "not asserted by any source")


def unit_profiles(view: nx.MultiDiGraph,
                  frameworks: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per unit of ``frameworks``: the standard modules it covers and its AC texts.

    A unit covers a module when any of its ACs or LOs covers the module or an item below it.
    One pass over the view's edges finds every unit's modules and ACs, so the cost grows with
    the view, not with units × frameworks.

    Parameters
    ----------
    view : the networkx view (:func:`graph.analysis.network.to_networkx`).
    frameworks : the qualifications, in the order their units are listed; by default every
        framework with units, the bundled bodies (:data:`BODIES`) first.

    Returns
    -------
    ``framework``, ``unit`` (view key, ``ncfe:unit/2``), ``notation``, ``label``,
    ``modules`` (tuple of module names in order: the notation, or ``standard:notation``
    when the view holds several standards), ``texts`` (the wordings of its ACs in notation
    order, joined by a space; empty when the ACs have none).

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:module/1", framework="standard", kind="Module", notation="1")
    >>> v.add_node("q:unit/1", framework="q", kind="Unit", notation="1", label="Unit 1")
    >>> v.add_node("q:unit/1/ac/1.1", framework="q", kind="AssessmentCriterion",
    ...            notation="1.1", label="Greet customers")
    >>> _ = v.add_edge("q:unit/1/ac/1.1", "q:unit/1", key="broader")
    >>> _ = v.add_edge("q:unit/1/ac/1.1", "standard:module/1", key="covers")
    >>> unit_profiles(v, ("q",)).loc[0, ["unit", "modules", "texts"]].tolist()
    ['q:unit/1', ('1',), 'Greet customers']
    """
    nodes = view.nodes
    frameworks = frameworks if frameworks is not None else _unit_frameworks(view)
    wanted = set(frameworks)
    up = {child: parent for child, parent, kind in view.edges(keys=True) if kind == "broader"}
    keys = standards(view)
    several = len(keys) > 1
    units: dict[str, str | None] = {}

    def unit_above(node: str) -> str | None:
        if node not in units:
            above = up.get(node)
            units[node] = node if nodes[node].get("kind") == "Unit" else \
                (unit_above(above) if above is not None else None)
        return units[node]

    def module_name(item: str) -> str | None:
        while item is not None and nodes[item].get("kind") != "Module":
            item = up.get(item)
        if item is None:
            return None
        data = nodes[item]
        return f"{data['framework']}:{data['notation']}" if several else data["notation"]

    modules: dict[str, set[str]] = {}
    for subject, target, kind in view.edges(keys=True):
        if kind not in COVERAGE_EDGES or nodes[subject].get("framework") not in wanted:
            continue
        target_data = nodes[target]
        if target_data.get("framework") not in keys and target_data.get("kind") != "CoverageItem":
            continue
        if (module := module_name(target)) is not None and \
                (unit := unit_above(subject)) is not None:
            modules.setdefault(unit, set()).add(module)
    acs: dict[str, list[str]] = {}
    by_framework: dict[str, list[str]] = {}
    for node, data in view.nodes(data=True):
        if data.get("framework") not in wanted:
            continue
        if data.get("kind") == "Unit":
            by_framework.setdefault(data["framework"], []).append(node)
        elif data.get("kind") == "AssessmentCriterion" and (unit := unit_above(node)) is not None:
            acs.setdefault(unit, []).append(node)
    rows = []
    for framework in frameworks:
        found = by_framework.get(framework, [])
        for unit in sorted(found, key=lambda n: natural_key(nodes[n]["notation"])):
            rows.append({
                "framework": framework, "unit": unit,
                "notation": nodes[unit]["notation"], "label": nodes[unit]["label"],
                "modules": tuple(sorted(modules.get(unit, ()), key=natural_key)),
                "texts": " ".join(t for ac in sorted(acs.get(unit, ()), key=natural_key)
                                  if (t := wording(view, ac))),
            })
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def _unit_frameworks(view: nx.MultiDiGraph) -> tuple[str, ...]:
    """Every framework with units: the bundled bodies first, then the others by key."""
    having = {d["framework"] for _, d in view.nodes(data=True) if d.get("kind") == "Unit"}
    return (*(b for b in BODIES if b in having), *sorted(having - set(BODIES)))


def similarity_matrix(profiles: pd.DataFrame, text_weight: float = 0.5) -> sparse.csr_matrix:
    """The square sparse matrix of ``score`` (module doc) between every two profiles.

    Row and column ``i`` are ``profiles.iloc[i]``; same-body pairs and the diagonal are
    included, absent entries are 0. A unit is at least as similar to itself as to any other.

    >>> p = pd.DataFrame({"modules": [("1", "2"), ("2",)], "texts": ["greet", ""]})
    >>> similarity_matrix(p).toarray().tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    incidence, _ = _incidence(profiles["modules"])
    coverage, text, has_text = _pair_matrices(incidence, profiles["texts"])
    both = sparse.diags(has_text.astype(float))
    return (coverage + text_weight * (text - both @ coverage @ both)).tocsr()


def unit_similarity(view: nx.MultiDiGraph, text_weight: float = 0.5,
                    min_score: float = 0.0) -> pd.DataFrame:
    """Every pair of units of different bodies that share a module or a word, with its scores.

    Parameters
    ----------
    view : the networkx view.
    text_weight : the weight of ``text`` in ``score`` where both units have AC texts.
    min_score : the least score of a pair listed (0 lists every pair sharing something).

    Returns
    -------
    One row per unordered pair (``a`` from the earlier body of :data:`BODIES`): ``a``, ``b``
    (``framework:notation``), ``a_unit``, ``b_unit`` (view keys, which the IRIs need: NCFE
    writes unit ``07`` for ``unit/7``), ``a_label``, ``b_label``, ``coverage``, ``text``,
    ``score`` (module doc) and ``shared`` (the shared modules, ``"1, 2, 7"``). Pairs with
    score 0 and no shared word are left out. Sorted by score, best first.

    Example
    -------
    >>> unit_similarity(nx.MultiDiGraph()).columns.tolist() == SIMILARITY_COLUMNS
    True
    """
    return similarity_pairs(unit_profiles(view), text_weight, min_score)


def similarity_pairs(profiles: pd.DataFrame, text_weight: float = 0.5,
                     min_score: float = 0.0) -> pd.DataFrame:
    """:func:`unit_similarity` of ready-made ``profiles`` (:func:`unit_profiles` columns).

    The pairs are computed a block of rows at a time (:data:`BLOCK_CELLS` matrix cells per
    block), so memory stays bounded however many units there are; only the pairs kept (score
    at least ``min_score``) are held at once.

    >>> p = pd.DataFrame({"framework": ["p", "q"], "unit": ["p:unit/1", "q:unit/7"],
    ...                   "notation": ["1", "07"], "label": ["A", "B"],
    ...                   "modules": [("1", "2"), ("2",)], "texts": ["greet", "greet"]})
    >>> similarity_pairs(p)[["a", "b", "coverage", "text", "score", "shared"]].values.tolist()
    [['p:1', 'q:07', 0.5, 1.0, 0.75, '2']]
    """
    incidence, names = _incidence(profiles["modules"])
    vectors = tfidf_rows(profiles["texts"].tolist())
    has_text = vectors.getnnz(axis=1) > 0
    sizes = np.asarray(incidence.sum(axis=1)).ravel()
    frameworks = pd.factorize(profiles["framework"])[0]
    count = len(profiles)
    step = max(1, BLOCK_CELLS // max(count, 1))
    incidence_t, vectors_t = incidence.T.tocsc(), vectors.T.tocsc()
    parts = []
    for start in range(0, count, step):
        rows = np.arange(start, min(start + step, count))
        cols = slice(start, count)  # the upper triangle only: pair (i, j) is kept for i < j
        common = (incidence[rows] @ incidence_t[:, cols]).toarray()
        union = sizes[rows, None] + sizes[None, cols] - common
        jaccard = np.divide(common, union, out=np.zeros_like(common), where=common > 0)
        cosine = (vectors[rows] @ vectors_t[:, cols]).toarray()
        both = has_text[rows, None] & has_text[None, cols]
        score = np.where(both, (1 - text_weight) * jaccard + text_weight * cosine, jaccard)
        keep = (np.arange(start, count)[None, :] > rows[:, None]) & \
            (frameworks[rows, None] != frameworks[None, cols]) & \
            ((common > 0) | (cosine > 0)) & (score >= min_score)
        i, j = np.nonzero(keep)
        parts.append((rows[i], j + start, jaccard[i, j],
                      np.where(both[i, j], cosine[i, j], np.nan), score[i, j]))
    a, b, jaccard, cosine, score = (np.concatenate([p[k] for p in parts]) if parts else
                                    np.zeros(0, dtype=int if k < 2 else float)
                                    for k in range(5))
    order = np.lexsort((b, a, -score))  # best first, then in the profiles' unit order
    a, b, jaccard, cosine, score = a[order], b[order], jaccard[order], cosine[order], score[order]
    units = (profiles["framework"] + ":" + profiles["notation"]).to_numpy()
    frame = pd.DataFrame({
        "a": units[a], "b": units[b],
        "a_unit": profiles["unit"].to_numpy()[a], "b_unit": profiles["unit"].to_numpy()[b],
        "a_label": profiles["label"].to_numpy()[a], "b_label": profiles["label"].to_numpy()[b],
        "coverage": jaccard, "text": cosine, "score": score,
        "shared": _shared_modules(incidence, names, a, b),
    }, columns=SIMILARITY_COLUMNS)
    return frame


def best_matches(similarity: pd.DataFrame, k: int = 3) -> pd.DataFrame:
    """For each unit and each other body, its ``k`` most similar units there.

    Parameters
    ----------
    similarity : the frame of :func:`unit_similarity`.
    k : how many matches per unit and body.

    Returns
    -------
    ``unit``, ``unit_label``, ``other`` (the other body), ``match``, ``match_label``,
    ``coverage``, ``text``, ``score``, ``rank`` (1 = best; ties broken by unit order).
    Fewer than ``k`` rows where fewer units there share anything with the unit.

    Example
    -------
    >>> s = pd.DataFrame({"a": ["p:1", "p:1"], "b": ["q:1", "q:2"], "a_label": ["A", "A"],
    ...                   "b_label": ["B1", "B2"], "coverage": [0.2, 0.5],
    ...                   "text": [float("nan")] * 2, "score": [0.2, 0.5]})
    >>> best_matches(s, k=1)[["unit", "match", "rank"]].values.tolist()
    [['p:1', 'q:2', 1], ['q:1', 'p:1', 1], ['q:2', 'p:1', 1]]
    """
    forward = similarity.rename(columns={"a": "unit", "a_label": "unit_label",
                                         "b": "match", "b_label": "match_label"})
    backward = similarity.rename(columns={"b": "unit", "b_label": "unit_label",
                                          "a": "match", "a_label": "match_label"})
    both = pd.concat([forward, backward], ignore_index=True)
    both["other"] = both["match"].str.partition(":")[0]
    both = both.sort_values(["unit", "other", "score", "match"],
                            ascending=[True, True, False, True], key=_score_or_unit_order)
    best = both.groupby(["unit", "other"], sort=False).head(k).copy()
    best["rank"] = best.groupby(["unit", "other"], sort=False).cumcount() + 1
    return best[MATCH_COLUMNS].reset_index(drop=True)


def equivalence_groups(similarity: pd.DataFrame,
                       min_score: float = DEFAULT_MIN_SCORE) -> pd.DataFrame:
    """Groups of three units, one per body, every two of which score at least ``min_score``.

    They are the triangles of the graph whose nodes are units and whose edges are the pairs
    of ``similarity`` with ``score >= min_score``. The default 0.3 comes from the bundled
    data: of the 252 cross-body pairs that share a module or a word, the scores have mean 0.15
    and standard deviation 0.17, and 37 pairs (15 %) reach mean + 1 sd = 0.3. At 0.3 there are
    four groups, each of units on one topic (personal development: Highfield 5, NCFE 5 and
    C&G 201, mean score 0.90; regulations: Highfield 4, NCFE 25 health and safety and C&G 202).
    At 0.35 only the first is left; at 0.25 there are 23, Highfield 2 alone in 11 of them, as
    units that share one or two of many modules start to join.

    Parameters
    ----------
    similarity : the frame of :func:`unit_similarity`.
    min_score : the least score of a pair in a group.

    Returns
    -------
    ``group`` (1, 2 … best first), ``highfield``, ``ncfe``, ``cityguilds`` (units as
    ``framework:notation``), ``score`` (the mean of the three pair scores), ``shared`` (the
    modules all three cover).

    Example
    -------
    >>> s = pd.DataFrame({"a": ["highfield:1", "highfield:1", "ncfe:2"],
    ...                   "b": ["ncfe:2", "cityguilds:201", "cityguilds:201"],
    ...                   "score": [1.0, 0.5, 0.6], "shared": ["1, 2", "2", "2, 3"]})
    >>> equivalence_groups(s).round(2).values.tolist()
    [[1, 'highfield:1', 'ncfe:2', 'cityguilds:201', 0.7, '2']]
    """
    # networkx for clique enumeration: a group is a 3-clique of the "equivalent pairs" graph
    pairs = nx.Graph()
    for row in similarity[similarity["score"] >= min_score].itertuples(index=False):
        pairs.add_edge(row.a, row.b, score=row.score, shared=set(_split(row.shared)))
    rows = []
    for clique in takewhile(lambda c: len(c) <= 3, nx.enumerate_all_cliques(pairs)):
        by_body = {unit.partition(":")[0]: unit for unit in clique}
        if len(clique) < 3 or set(by_body) != set(BODIES):
            continue
        edges = [pairs.edges[u, v] for u, v in combinations(clique, 2)]
        shared = set.intersection(*(e["shared"] for e in edges))
        rows.append({**by_body, "score": float(np.mean([e["score"] for e in edges])),
                     "shared": ", ".join(sorted(shared, key=natural_key))})
    groups = pd.DataFrame(rows, columns=GROUP_COLUMNS[1:])
    groups = groups.sort_values(["score", *BODIES], ascending=[False, True, True, True],
                                key=_score_or_unit_order).reset_index(drop=True)
    groups.insert(0, "group", range(1, len(groups) + 1))
    return groups


def close_match_triples(similarity: pd.DataFrame,
                        min_score: float = DEFAULT_MIN_SCORE) -> Graph:
    """The pairs scoring at least ``min_score`` as RDF, to add to the crosswalk graph.

    Each pair is ``?a skos:closeMatch ?b`` between the unit IRIs, with a reified record
    ``cw:ComputedMapping`` (``owl:annotatedSource/Property/Target``,
    ``sssom:mapping_justification semapv:CompositeMatching``, ``sssom:confidence`` the score
    as ``xsd:double``, and an ``rdfs:comment`` saying no source asserts it). It is never a
    ``cw:Mapping``, so it cannot be mixed up with an asserted ``cw:covers``.

    Example
    -------
    >>> s = pd.DataFrame({"a_unit": ["ncfe:unit/7"], "b_unit": ["cityguilds:unit/201"],
    ...                   "score": [0.6]})
    >>> len(close_match_triples(s))
    9
    """
    graph = Graph()
    bind_prefixes(graph)
    for row in similarity[similarity["score"] >= min_score].itertuples(index=False):
        a, b = (item_iri(*unit.split(":", 1)) for unit in (row.a_unit, row.b_unit))
        graph.add((a, SKOS.closeMatch, b))
        record = record_iri("computed-mapping", a, SKOS.closeMatch, b)
        graph.add((record, RDF.type, CW.ComputedMapping))
        graph.add((record, RDF.type, OWL.Axiom))
        graph.add((record, OWL.annotatedSource, a))
        graph.add((record, OWL.annotatedProperty, SKOS.closeMatch))
        graph.add((record, OWL.annotatedTarget, b))
        graph.add((record, SSSOM.mapping_justification, SEMAPV.CompositeMatching))
        graph.add((record, SSSOM.confidence, Literal(float(row.score), datatype=XSD.double)))
        graph.add((record, RDFS.comment, Literal(COMPUTED_COMMENT)))
    return graph


def _pair_matrices(incidence: sparse.csr_matrix, texts: pd.Series
                   ) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """Jaccard of module sets, cosine of TF-IDF texts, and which profiles have text."""
    common = (incidence @ incidence.T).tocoo()
    sizes = np.asarray(incidence.sum(axis=1)).ravel()
    union = sizes[common.row] + sizes[common.col] - common.data
    coverage = sparse.csr_matrix((common.data / union, (common.row, common.col)),
                                 shape=common.shape)
    vectors = tfidf_rows(texts.tolist())
    return coverage, (vectors @ vectors.T).tocsr(), vectors.getnnz(axis=1) > 0


def _incidence(modules: pd.Series) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The 0/1 unit × module matrix of module sets, and its columns' module notations."""
    names = sorted({m for ms in modules for m in ms}, key=natural_key)
    column = {m: j for j, m in enumerate(names)}
    rows = [i for i, ms in enumerate(modules) for _ in ms]
    cols = [column[m] for ms in modules for m in ms]
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                               shape=(len(modules), len(names)))
    return matrix, np.array(names, dtype=object)


def _shared_modules(incidence: sparse.csr_matrix, names: np.ndarray, a: np.ndarray,
                    b: np.ndarray) -> list[str]:
    """The modules each pair ``(a[i], b[i])`` shares, as ``"1, 2, 7"``."""
    shared = incidence[a].multiply(incidence[b]).tocsr()
    shared.sort_indices()
    return [", ".join(names[shared.indices[start:end]])
            for start, end in zip(shared.indptr[:-1], shared.indptr[1:], strict=True)]


def _split(shared: str) -> list[str]:
    return shared.split(", ") if shared else []


def _score_or_unit_order(column: pd.Series) -> pd.Series:
    """Sort key: scores as they are, ``framework:notation`` units by body, then notation."""
    if column.name == "score":
        return column

    def unit_key(unit: str) -> tuple:
        framework, _, notation = unit.partition(":")
        body = BODIES.index(framework) if framework in BODIES else len(BODIES)
        return body, natural_key(notation)

    position = {u: i for i, u in enumerate(sorted(column.unique(), key=unit_key))}
    return column.map(position)
