"""Which qualification fits the standard, and why: the verdict, module by module.

Definitions (all on the rows of :func:`graph.analysis.coverage.coverage_status` at criterion
level, column ``evidence``):

* a qualification's *criterion-level share* of a module is the number of the module's criteria
  it evidences at criterion level over the module's criteria: what the heatmap colours;
* a *gap* of a qualification is a criterion it does not evidence at criterion level (its tier
  is statement-level, module-level, stated "No mapping" or unmapped);
* an optional-unit choice *improves* a criterion when the criterion's tier with the mandatory
  units and the choice is finer than with the mandatory units alone;
* a resource (textbook, workbook, activity kit, training manual, end-point assessment)
  *covers* a gap when its own tier for the criterion is not "No mapping" or unmapped.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pandas as pd

from graph.analysis.coverage import coverage_status, standard_order
from graph.analysis.fit import MANDATORY_ONLY, optional_unit_gain
from graph.analysis.tiers import EVIDENCE_TIERS

HEAT_COLUMNS = ["framework", "module", "criteria", "criterion_level", "share", "evidence"]
UNIT_CHOICE_COLUMNS = ["framework", "choice", "units", "glh", "improves", "improved"]
GAP_COLUMNS = ["framework", "notation", "label", "evidence", "resources"]
UNCOVERED = ("no-mapping", "unmapped")


def module_shares(criteria: pd.DataFrame) -> pd.DataFrame:
    """Each framework's criterion-level share of each module, with the module's usual tier.

    ``criteria``: criterion-level rows of ``coverage_status`` (several frameworks may be
    stacked). ``evidence`` is the tier most of the module's criteria have (the finest on a
    tie), the label shown beside the share.

    >>> rows = pd.DataFrame({"framework": ["q"] * 3, "module": ["1"] * 3,
    ...                      "evidence": ["criterion", "criterion", "module"]})
    >>> module_shares(rows).values.tolist()
    [['q', '1', 3, 2, 0.6667, 'criterion']]
    """
    rows = []
    for (framework, module), part in criteria.groupby(["framework", "module"], sort=False):
        counts = part["evidence"].value_counts()
        usual = max(EVIDENCE_TIERS, key=lambda t: (counts.get(t, 0),
                                                   -EVIDENCE_TIERS.index(t)))
        direct = int(counts.get("criterion", 0))
        rows.append({"framework": framework, "module": module, "criteria": len(part),
                     "criterion_level": direct, "share": round(direct / len(part), 4),
                     "evidence": usual})
    frame = pd.DataFrame(rows, columns=HEAT_COLUMNS)
    return frame.sort_values("module", key=lambda s: s.map(standard_order), kind="stable") \
        .reset_index(drop=True)


def unit_choices(view: nx.MultiDiGraph, framework: str, rules: pd.DataFrame,
                 glh: dict[str, int]) -> pd.DataFrame:
    """What each allowed choice of optional units adds, tier by tier, and its guided
    learning hours (GLH).

    The choices are those of :func:`graph.analysis.fit.optional_unit_gain`. ``glh``: unit
    node -> the GLH its source states; a choice's ``glh`` is the sum over its units, missing
    when the source states none for one of them. ``improved`` names the criteria the choice
    improves (module docstring), ``improves`` counts them.
    """
    gains = optional_unit_gain(view, framework, rules)
    gains = gains[gains["choice"] != MANDATORY_ONLY]
    if gains.empty:
        return pd.DataFrame(columns=UNIT_CHOICE_COLUMNS)
    units = {view.nodes[n]["notation"]: n for n, d in view.nodes(data=True)
             if d.get("framework") == framework and d.get("kind") == "Unit"}
    mandatory = optional_unit_gain(view, framework, rules).iloc[0]["units"].split(", ")
    base = _tiers(view, framework, [units[u] for u in mandatory])
    rows = []
    for gain in gains.itertuples(index=False):
        chosen = [u for u in gain.units.split(", ") if u not in mandatory]
        tiers = _tiers(view, framework, [units[u] for u in gain.units.split(", ")])
        improved = [c for c in tiers if EVIDENCE_TIERS.index(tiers[c])
                    < EVIDENCE_TIERS.index(base[c])]
        hours = [glh.get(units[u]) for u in chosen]
        rows.append({"framework": framework, "choice": gain.choice, "units": ", ".join(chosen),
                     "glh": None if None in hours else sum(hours),
                     "improves": len(improved), "improved": ", ".join(improved)})
    frame = pd.DataFrame(rows, columns=UNIT_CHOICE_COLUMNS)
    frame["glh"] = frame["glh"].astype("Int64")
    return frame.sort_values("improves", ascending=False, kind="stable").reset_index(drop=True)


def remaining_gaps(criteria: pd.DataFrame, framework: str, resources: pd.DataFrame,
                   name: Callable[[str], str] = str) -> pd.DataFrame:
    """The criteria ``framework`` does not evidence at criterion level, with the resources
    that cover each (module docstring) as ``name(resource) (tier)``, finest tier first.

    ``criteria`` and ``resources``: criterion-level ``coverage_status`` rows, the first for
    ``framework`` (others are ignored), the second for the resources.

    >>> own = pd.DataFrame({"framework": ["q", "q"], "notation": ["K1.1", "K1.2"],
    ...                     "label": ["A", "B"], "evidence": ["criterion", "unmapped"]})
    >>> book = pd.DataFrame({"framework": ["book"], "notation": ["K1.2"],
    ...                      "evidence": ["criterion"]})
    >>> remaining_gaps(own, "q", book).values.tolist()
    [['q', 'K1.2', 'B', 'unmapped', 'book (criterion)']]
    """
    own = criteria[(criteria["framework"] == framework) & (criteria["evidence"] != "criterion")]
    useful = resources[~resources["evidence"].isin(UNCOVERED)]
    by_item: dict[str, list[tuple[int, str]]] = {}
    for row in useful.itertuples(index=False):
        by_item.setdefault(row.notation, []).append(
            (EVIDENCE_TIERS.index(row.evidence), f"{name(row.framework)} ({row.evidence})"))
    rows = [{"framework": framework, "notation": row.notation, "label": row.label,
             "evidence": row.evidence,
             "resources": ", ".join(text for _, text in sorted(by_item.get(row.notation, [])))}
            for row in own.itertuples(index=False)]
    return pd.DataFrame(rows, columns=GAP_COLUMNS)


def verdict(ranking: pd.DataFrame, name: Callable[[str], str] = str,
            choices: pd.DataFrame | None = None) -> str:
    """The verdict in words: the best-ranked qualification, why, and how the others compare.

    ``ranking``: :func:`graph.analysis.fit.fit_ranking`; ``choices``: :func:`unit_choices` of
    the best one (its best choice is named when it improves anything).

    >>> ranking = pd.DataFrame({"framework": ["a", "b"], "rank": [1, 2], "score": [0.9, 0.3],
    ...     "evidence_criterion": [9, 0], "evidence_statement": [0, 0],
    ...     "evidence_module": [0, 10], "evidence_no_mapping": [0, 0],
    ...     "evidence_unmapped": [1, 0]})
    >>> print(verdict(ranking))  # doctest: +NORMALIZE_WHITESPACE
    a fits the standard best: it evidences 9 of 10 criteria at criterion level (score 0.90);
    1 criterion remains a gap. b: 0 of 10 at criterion level, 10 only by a claim for a whole
    module (score 0.30).
    """
    best = ranking.iloc[0]
    total = int(sum(best[f"evidence_{t.replace('-', '_')}"] for t in EVIDENCE_TIERS))
    gaps = total - int(best["evidence_criterion"])
    tied = ranking[ranking["rank"] == best["rank"]]
    head = (f"{name(best['framework'])} fits the standard best" if len(tied) == 1 else
            " and ".join(name(f) for f in tied["framework"]) + " fit the standard equally")
    text = (f"{head}: it evidences {best['evidence_criterion']} of {total} criteria at "
            f"criterion level (score {best['score']:.2f})")
    text += f"; {gaps} criteri{'on remains a gap' if gaps == 1 else 'a remain gaps'}." \
        if gaps else "."
    if choices is not None and len(choices) and choices.iloc[0]["improves"]:
        top = choices.iloc[0]
        hours = f"{top['glh']} GLH" if pd.notna(top["glh"]) else "GLH not stated"
        units = f"optional unit{'s' if ',' in top['units'] else ''} {top['units']} ({hours})"
        every = {u for listed in choices["units"] for u in listed.split(", ")}
        # the counts above take every unit; say so when the best choice is all the optional ones
        text += (f" That counts its {units}: without them, {top['improved']} are evidenced "
                 "less finely or not at all." if set(top["units"].split(", ")) == every else
                 f" Choosing {units} improves the evidence for {top['improved']}, against "
                 "the mandatory units alone.")
    for row in ranking.iloc[1:].itertuples(index=False):
        text += f" {name(row.framework)}: {_weaker(row, total)} (score {row.score:.2f})."
    return text


def _weaker(row, total: int) -> str:
    """How a lower-ranked qualification's evidence splits over the tiers."""
    parts = [f"{row.evidence_criterion} of {total} at criterion level"]
    if row.evidence_statement:
        parts.append(f"{row.evidence_statement} only through their statement")
    if row.evidence_module:
        parts.append(f"{row.evidence_module} only by a claim for a whole module")
    return ", ".join(parts)


def _tiers(view: nx.MultiDiGraph, framework: str, units: list[str]) -> dict[str, str]:
    """Criterion notation -> its tier counting only ``units``' items."""
    rows = coverage_status(view, framework, "criterion", units)
    return dict(zip(rows["notation"], rows["evidence"], strict=True))
