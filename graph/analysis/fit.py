"""How well each qualification fits the standard.

A qualification's *fit* is its coverage of the standard counted several ways: modules,
statements and criteria (each item's status from :func:`coverage_status`, direct and inherited
kept apart), criteria by KSB type, criteria by the end-point-assessment method that assesses
their module, and distinction criteria. *Covered* means direct or inherited.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import networkx as nx
import pandas as pd
from rdflib import Graph

from graph.analysis.coverage import (
    LEVEL_KINDS,
    STATUSES,
    coverage_status,
    natural_key,
    standard_items,
)
from graph.analysis.tiers import (
    EVIDENCE_TIERS,
    check_weights,
    rank_scores,
    reasonable_weights,
    weighted_score,
)
from graph.ingest.text import NUMBER_WORDS
from graph.store.queries import select

QUALIFICATIONS = ("highfield", "ncfe", "cityguilds")
COVERED = ("direct", "inherited")
ALL = "all"
LEVEL_MEASURES = {"module": "modules", "statement": "statements", "criterion": "criteria"}
STATUS_COLUMNS = [status.replace("-", "_") for status in STATUSES]
FIT_COLUMNS = ["framework", "measure", "group", "items", *STATUS_COLUMNS, "covered", "share"]
COUNT_COLUMNS = ["criteria_direct", "statements_direct", "modules_direct", "criteria_covered",
                 "statements_covered", "distinction_covered"]
TIER_COLUMNS = {tier: f"evidence_{tier.replace('-', '_')}" for tier in EVIDENCE_TIERS}
RANKING_COLUMNS = ["framework", "rank", *COUNT_COLUMNS, "reasons", *TIER_COLUMNS.values(),
                   "score"]
UNIT_RULE_COLUMNS = ["framework", "notation", "mandatory", "choose"]
GAIN_MEASURES = ["criteria", "statements", "modules"]  # also the order gains are sorted by
GAIN_COLUMNS = ["framework", "choice", "units", *(f"{m}_covered" for m in GAIN_MEASURES),
                *(f"{m}_gain" for m in GAIN_MEASURES)]
MANDATORY_ONLY = "mandatory units only"
LISTED = 10  # notations a reason names before it says "and N more"


def qualifications(view: nx.MultiDiGraph) -> list[str]:
    """The qualifications to weigh: the bundled :data:`QUALIFICATIONS`, then every other
    framework with units (an imported qualification), by key.

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("acme:unit/1", framework="acme", kind="Unit")
    >>> qualifications(v)
    ['highfield', 'ncfe', 'cityguilds', 'acme']
    """
    imported = {d["framework"] for _, d in view.nodes(data=True) if d.get("kind") == "Unit"}
    return [*QUALIFICATIONS, *sorted(imported - set(QUALIFICATIONS))]


def qualification_fit(view: nx.MultiDiGraph, framework: str,
                      units: Iterable[str] | None = None) -> pd.DataFrame:
    """Count ``framework``'s coverage of the standard per measure and group (module doc).

    Measures: ``modules``, ``statements``, ``criteria`` (group ``all``); ``criteria by KSB
    type`` (group Knowledge, Skill or Behaviour); ``criteria by EPA method`` (group the label of
    the end-point-assessment method that ``assesses`` the criterion's module; a criterion whose
    module no method assesses is in group ``none``); ``distinction criteria`` (group ``all``).

    Parameters
    ----------
    view : the networkx view (:func:`graph.analysis.network.to_networkx`).
    framework : the qualification's framework key, e.g. ``"highfield"``.
    units : unit node keys; when given, only those units' items count.

    Returns
    -------
    One row per measure and group with items: ``framework``, ``measure``, ``group``,
    ``items``, one count per status (``direct``, ``inherited``, ``no_mapping``, ``unmapped``:
    they sum to ``items``), ``covered`` (direct + inherited) and ``share`` (covered / items).

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:m/1", framework="standard", kind="Module", notation="1", label="M")
    >>> v.add_node("standard:c/K1.1", framework="standard", kind="Criterion", notation="K1.1",
    ...            label="C", ksb_type="Knowledge", distinction=False)
    >>> v.add_edge("standard:c/K1.1", "standard:m/1", key="broader")
    'broader'
    >>> v.add_node("q:ac/1", framework="q", kind="AssessmentCriterion", notation="1", label="A")
    >>> v.add_edge("q:ac/1", "standard:c/K1.1", key="covers")
    'covers'
    >>> fit = qualification_fit(v, "q")
    >>> fit[["measure", "group", "items", "direct", "inherited"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['modules', 'all', 1, 0, 1], ['criteria', 'all', 1, 1, 0],
     ['criteria by KSB type', 'Knowledge', 1, 1, 0], ['criteria by EPA method', 'none', 1, 1, 0]]
    """
    statuses = {level: coverage_status(view, framework, level, units) for level in LEVEL_KINDS}
    parts = [frame.assign(measure=LEVEL_MEASURES[level], group=ALL)
             for level, frame in statuses.items()]
    nodes = {view.nodes[n]["notation"]: view.nodes[n] for n in standard_items(view, "criterion")}
    methods = _methods_by_module(view)
    criteria = statuses["criterion"].assign(
        ksb_type=lambda f: [nodes[c].get("ksb_type", "none") for c in f["notation"]],
        method=lambda f: [methods.get(m, ["none"]) for m in f["module"]],
        distinction=lambda f: [bool(nodes[c].get("distinction")) for c in f["notation"]])
    parts += [
        criteria.assign(measure="criteria by KSB type", group=criteria["ksb_type"]),
        criteria.assign(measure="criteria by EPA method", group=criteria["method"])
                .explode("group"),
        criteria[criteria["distinction"]].assign(measure="distinction criteria", group=ALL),
    ]
    long = pd.concat(parts, ignore_index=True)
    rows = [_count(framework, measure, group, frame["status"])
            for (measure, group), frame in long.groupby(["measure", "group"], sort=False)]
    return pd.DataFrame(rows, columns=FIT_COLUMNS)


def fit_ranking(view: nx.MultiDiGraph, frameworks: Iterable[str] | None = None,
                weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Rank qualifications by the weighted evidence they give for the standard's criteria.

    The sources map at different grains: Highfield maps ACs to criteria, NCFE to statements,
    City & Guilds only to modules. Each criterion of the standard is in one evidence tier for
    a qualification (:func:`graph.analysis.coverage.coverage_status`, column ``evidence``);
    it scores that tier's weight (``weights``, default :data:`DEFAULT_WEIGHTS`: criterion-level
    1, statement-level 0.6, module-level 0.3, stated "No mapping" and unmapped 0). The
    qualification's ``score`` is the mean over the criteria (:func:`weighted_score`); higher
    ranks first, equal scores share a rank (:func:`ranking_rule` says it in words).
    ``frameworks`` defaults to :func:`qualifications`.

    Returns
    -------
    One row per framework, best first: ``framework``, ``rank``, ``criteria_direct``,
    ``statements_direct``, ``modules_direct``, ``criteria_covered``, ``statements_covered``,
    ``distinction_covered``, ``reasons`` (a sentence built from those numbers that names the
    criteria no unit covers and the statements the document states "No mapping" for), the
    criteria per evidence tier (``evidence_criterion`` … ``evidence_unmapped``) and ``score``.

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:c/K1.1", framework="standard", kind="Criterion", notation="K1.1",
    ...            label="C", ksb_type="Knowledge", distinction=False)
    >>> v.add_node("a:ac/1", framework="a", kind="AssessmentCriterion", notation="1", label="A")
    >>> v.add_edge("a:ac/1", "standard:c/K1.1", key="covers")
    'covers'
    >>> v.add_node("b:ac/1", framework="b", kind="AssessmentCriterion", notation="1", label="B")
    >>> ranking = fit_ranking(v, ["b", "a"])
    >>> ranking[["framework", "rank", "evidence_criterion", "score"]].values.tolist()
    [['a', 1, 1, 1.0], ['b', 2, 0, 0.0]]
    >>> ranking["reasons"].iloc[1]
    'covers 0 of 1 criteria directly; no unit covers K1.1'
    """
    chosen = check_weights(weights)
    rows = []
    for framework in qualifications(view) if frameworks is None else frameworks:
        fit = qualification_fit(view, framework).set_index(["measure", "group"])
        criteria = coverage_status(view, framework, "criterion")
        statements = coverage_status(view, framework, "statement")
        tiers = criteria["evidence"].value_counts()
        counts = {tier: int(tiers.get(tier, 0)) for tier in EVIDENCE_TIERS}
        rows.append({
            "framework": framework,
            "criteria_direct": _value(fit, "criteria", "direct"),
            "statements_direct": _value(fit, "statements", "direct"),
            "modules_direct": _value(fit, "modules", "direct"),
            "criteria_covered": _value(fit, "criteria", "covered"),
            "statements_covered": _value(fit, "statements", "covered"),
            "distinction_covered": _value(fit, "distinction criteria", "covered"),
            "reasons": _reasons(fit, criteria, statements),
            **{TIER_COLUMNS[tier]: count for tier, count in counts.items()},
        })
    frame = pd.DataFrame(rows, columns=[c for c in RANKING_COLUMNS if c not in ("rank", "score")])
    return rescore(frame, chosen)


def rescore(ranking: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """A ranking's rows scored and ranked again under ``weights`` from their tier counts
    (the rule of :func:`fit_ranking`), best first.

    >>> frame = pd.DataFrame({"framework": ["a", "b"], "evidence_criterion": [1, 0],
    ...     "evidence_statement": [0, 0], "evidence_module": [0, 2],
    ...     "evidence_no_mapping": [1, 0], "evidence_unmapped": [0, 0]})
    >>> rescore(frame, {"module": 0.6})[["framework", "rank", "score"]].values.tolist()
    [['b', 1, 0.6], ['a', 2, 0.5]]
    """
    chosen = check_weights(weights)
    frame = ranking.drop(columns=[c for c in ("rank", "score") if c in ranking.columns])
    frame["score"] = [weighted_score({t: int(row[c]) for t, c in TIER_COLUMNS.items()}, chosen)
                      for _, row in frame.iterrows()]
    frame.insert(1, "rank", rank_scores(frame["score"]))
    return frame.sort_values(["rank", "framework"], kind="stable").reset_index(drop=True)


def order_changes(ranking: pd.DataFrame,
                  alternatives: list[dict[str, float]] | None = None) -> pd.DataFrame:
    """The weightings of ``alternatives`` (default :func:`reasonable_weights`) under which the
    ranking's order (its ``framework`` column, best first) differs, with the order they give.

    Returns one row per such weighting: ``statement``, ``module`` (the weights) and ``order``
    (framework keys, best first, comma-separated); empty when the order never changes.

    >>> frame = pd.DataFrame({"framework": ["a", "b"], "evidence_criterion": [3, 0],
    ...                       "evidence_statement": [0, 4], "evidence_module": [0, 0],
    ...                       "evidence_no_mapping": [1, 0], "evidence_unmapped": [0, 0]})
    >>> low = {"criterion": 1, "statement": 0.5, "module": 0.1}
    >>> high = {"criterion": 1, "statement": 0.9, "module": 0.1}
    >>> order_changes(frame, [low, high]).values.tolist()
    [[0.9, 0.1, 'b, a']]
    >>> len(order_changes(frame))  # statement 0.8 or 0.9, any module weight below it
    15
    """
    base = list(ranking["framework"])
    counts = {row["framework"]: {t: int(row[c]) for t, c in TIER_COLUMNS.items()}
              for _, row in ranking.iterrows()}
    rows = []
    for weights in reasonable_weights() if alternatives is None else alternatives:
        scores = {f: weighted_score(c, weights) for f, c in counts.items()}
        order = sorted(base, key=lambda f: (-scores[f], base.index(f)))
        if order != base:
            rows.append({"statement": weights["statement"], "module": weights["module"],
                         "order": ", ".join(order)})
    return pd.DataFrame(rows, columns=["statement", "module", "order"])


def unit_rules(graph: Graph) -> pd.DataFrame:
    """Each qualification unit's mandatory flag and its scheme's optional-unit rule.

    A unit is mandatory unless its source marks it ``cw:mandatory false`` (Highfield marks
    only its optional units; NCFE marks none). ``choose`` is the number of optional units a
    ``cw:structureRule`` of the unit's scheme requires ("Learners must achieve one unit from
    the optional units" gives 1), or missing when no rule about optional units states one.

    Returns
    -------
    One row per unit: ``framework``, ``notation``, ``mandatory`` (bool), ``choose`` (Int64).

    Example
    -------
    >>> unit_rules(Graph()).columns.tolist()
    ['framework', 'notation', 'mandatory', 'choose']
    """
    units = select(graph, """
        SELECT ?framework ?notation ?mandatory WHERE {
          ?unit a cw:Unit ; skos:inScheme/dcterms:identifier ?framework ;
                skos:notation ?notation .
          OPTIONAL { ?unit cw:mandatory ?flag }
          BIND(COALESCE(STR(?flag), "true") AS ?mandatory)
        }
    """)
    rules = select(graph, """
        SELECT ?framework ?rule WHERE {
          ?scheme dcterms:identifier ?framework ; cw:structureRule ?rule .
        }
    """)
    choose = {framework: count for framework, rule in rules.itertuples(index=False)
              if (count := _optional_count(rule)) is not None}
    rows = sorted(units.itertuples(index=False),
                  key=lambda row: (row.framework, natural_key(row.notation)))
    return pd.DataFrame({
        "framework": [row.framework for row in rows],
        "notation": [row.notation for row in rows],
        "mandatory": [row.mandatory == "true" for row in rows],
        "choose": pd.array([choose.get(row.framework) for row in rows], dtype="Int64"),
    }, columns=UNIT_RULE_COLUMNS)


def optional_unit_gain(view: nx.MultiDiGraph, framework: str,
                       rules: pd.DataFrame) -> pd.DataFrame:
    """What each allowed choice of optional units adds to the mandatory units' coverage.

    Coverage of a set of units is the number of criteria, statements and modules covered
    (direct or inherited) counting only those units' items. The *gain* of a choice is its
    coverage with the mandatory units minus the mandatory units' coverage alone. Allowed
    choices: every set of ``choose`` optional units when the scheme's rule gives ``choose``
    (City & Guilds: one of units 207-213); otherwise, as no rule is stated (Highfield marks
    units 7 and 8 "Optional" and says no more), each optional unit on its own and all optional
    units together. A qualification with no unit marked optional (NCFE gives no mandatory
    information) has no choice to weigh: the frame is empty.

    Parameters
    ----------
    rules : :func:`unit_rules` of the graph the view was built from.

    Returns
    -------
    The ``mandatory units only`` row, then one row per choice by gain (criteria, then
    statements, then modules): ``framework``, ``choice``, ``units`` (notations),
    ``criteria_covered``, ``statements_covered``, ``modules_covered`` and the three
    ``*_gain`` columns.

    Example
    -------
    >>> v = nx.MultiDiGraph()
    >>> v.add_node("standard:c/K1.1", framework="standard", kind="Criterion", notation="K1.1",
    ...            label="C")
    >>> for unit in ("1", "2"):
    ...     v.add_node(f"q:unit/{unit}", framework="q", kind="Unit", notation=unit, label=unit)
    >>> v.add_edge("q:unit/2", "standard:c/K1.1", key="covers")
    'covers'
    >>> rules = pd.DataFrame({"framework": ["q", "q"], "notation": ["1", "2"],
    ...                       "mandatory": [True, False], "choose": [None, None]})
    >>> gain = optional_unit_gain(v, "q", rules)
    >>> gain[["choice", "units", "criteria_covered", "criteria_gain"]].values.tolist()
    [['mandatory units only', '1', 0, 0], ['+ unit 2', '1, 2', 1, 1]]
    """
    own = rules[rules["framework"] == framework]
    mandatory_flag = dict(zip(own["notation"], own["mandatory"], strict=True))
    units = sorted((n for n, d in view.nodes(data=True)
                    if d.get("framework") == framework and d.get("kind") == "Unit"),
                   key=lambda n: natural_key(view.nodes[n]["notation"]))
    optional = [u for u in units if not mandatory_flag.get(view.nodes[u]["notation"], True)]
    if not optional:
        return pd.DataFrame(columns=GAIN_COLUMNS)
    mandatory = [u for u in units if u not in optional]
    choose = own["choose"].dropna()
    if len(choose):
        choices = [list(c) for c in combinations(optional, int(choose.iloc[0]))]
    else:
        choices = [[u] for u in optional] + ([optional] if len(optional) > 1 else [])
    base = _covered_counts(view, framework, mandatory)
    rows = []
    for choice in choices:
        counts = _covered_counts(view, framework, mandatory + choice)
        notations = [view.nodes[u]["notation"] for u in choice]
        name = f"+ unit{'s' if len(notations) > 1 else ''} {', '.join(notations)}"
        rows.append(_gain_row(framework, name, mandatory + choice, view, counts, base))
    ranked = pd.DataFrame(rows, columns=GAIN_COLUMNS).sort_values(
        [f"{m}_gain" for m in GAIN_MEASURES], ascending=False, kind="stable")
    first = pd.DataFrame([_gain_row(framework, MANDATORY_ONLY, mandatory, view, base, base)],
                         columns=GAIN_COLUMNS)
    return pd.concat([first, ranked], ignore_index=True)


def _count(framework: str, measure: str, group: str, statuses: pd.Series) -> dict:
    counts = statuses.value_counts()
    row = {"framework": framework, "measure": measure, "group": group, "items": len(statuses)}
    row |= {column: int(counts.get(status, 0))
            for status, column in zip(STATUSES, STATUS_COLUMNS, strict=True)}
    row["covered"] = row["direct"] + row["inherited"]
    row["share"] = row["covered"] / row["items"]
    return row


def _methods_by_module(view: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Module notation -> labels of the end-point-assessment methods that assess it."""
    methods: dict[str, list[str]] = {}
    for subject, target, kind in view.edges(keys=True):
        if kind == "assesses" and view.nodes[subject].get("kind") == "AssessmentMethod":
            methods.setdefault(view.nodes[target]["notation"], []).append(
                view.nodes[subject]["label"])
    return methods


def _value(fit: pd.DataFrame, measure: str, column: str) -> int:
    return int(fit.loc[(measure, ALL), column]) if (measure, ALL) in fit.index else 0


def _reasons(fit: pd.DataFrame, criteria: pd.DataFrame, statements: pd.DataFrame) -> str:
    """The ranking's numbers as a sentence."""
    total = _value(fit, "criteria", "items")
    direct = _value(fit, "criteria", "direct")
    inherited = _value(fit, "criteria", "inherited")
    parts = [f"covers {direct} of {total} criteria directly"]
    if inherited:
        parts.append(f"{inherited} more only through the statement or module above them")
    missing = criteria.loc[~criteria["status"].isin(COVERED), "notation"]
    if len(missing):
        parts.append(f"no unit covers {_listing(missing)}")
    if (items := _value(fit, "statements", "items")):
        parts.append(f"maps {_value(fit, 'statements', 'direct')} of {items} statements "
                     f"directly, covers {_value(fit, 'statements', 'covered')}")
    denied = statements.loc[statements["status"] == "no-mapping", "notation"]
    if len(denied):
        parts.append(f"states \"No mapping\" for statement {_listing(denied)}")
    if (items := _value(fit, "modules", "items")):
        parts.append(f"maps {_value(fit, 'modules', 'direct')} of {items} modules directly")
    if (items := _value(fit, "distinction criteria", "items")):
        parts.append(f"covers {_value(fit, 'distinction criteria', 'covered')} of {items} "
                     "distinction criteria")
    return "; ".join(parts)


def _listing(notations: pd.Series) -> str:
    """``K1.5, K1.6`` or, past :data:`LISTED` names, ``K1.5, … and 3 more``."""
    names = list(notations)
    shown = ", ".join(names[:LISTED])
    return shown if len(names) <= LISTED else f"{shown} and {len(names) - LISTED} more"


def _optional_count(rule: str) -> int | None:
    """The number word of a rule about optional units, else None."""
    words = rule.lower().rstrip(".").split()
    if "optional" not in words:
        return None
    return next((NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS), None)


def _covered_counts(view: nx.MultiDiGraph, framework: str, units: list[str]) -> dict[str, int]:
    """Measure -> items covered (direct or inherited) counting only ``units``' items."""
    return {measure: int(coverage_status(view, framework, level, units)["status"]
                         .isin(COVERED).sum())
            for level, measure in LEVEL_MEASURES.items()}


def _gain_row(framework: str, choice: str, units: list[str], view: nx.MultiDiGraph,
              counts: dict[str, int], base: dict[str, int]) -> dict:
    row = {"framework": framework, "choice": choice,
           "units": ", ".join(view.nodes[u]["notation"] for u in units)}
    row |= {f"{m}_covered": counts[m] for m in GAIN_MEASURES}
    row |= {f"{m}_gain": counts[m] - base[m] for m in GAIN_MEASURES}
    return row
