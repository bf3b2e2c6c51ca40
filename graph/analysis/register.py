"""The gap register: every standard item against every qualification, for quality leads.

Definitions (on :func:`graph.analysis.coverage.coverage_status` rows, column ``evidence``):

* the *register* has one row per standard item of a level and one column per qualification
  holding that qualification's evidence tier for the item;
* a *gap* is a (qualification, item) pair whose tier is not criterion-level;
* an item *no qualification covers at criterion level* has no qualification at that tier;
* an item *covered only by module-level claims* has module-level as the finest tier any
  qualification gives it;
* what *else covers* an item: the other frameworks (resources, the end-point assessment)
  whose tier for it is neither "No mapping" nor unmapped, finest first;
* a gap's *decision* is the standing curation decision on it
  (:func:`graph.model.curation.standing_decisions`): a gap decision (accept the risk,
  mitigated by a resource) or an accepted or rejected suggestion for the item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from graph.analysis.official import OFFICIAL_COLUMN
from graph.analysis.tiers import EVIDENCE_TIERS

FILTERS = {
    "every item": lambda frame, q: pd.Series(True, index=frame.index),
    "no qualification covers it at criterion level":
        lambda frame, q: ~(frame[q] == "criterion").any(axis=1),
    "covered only by module-level claims":
        lambda frame, q: frame["finest"] == "module",
    "some qualification leaves it unmapped or says \"No mapping\"":
        lambda frame, q: frame[q].isin(["unmapped", "no-mapping"]).any(axis=1),
}
UNCOVERED = ("no-mapping", "unmapped")


def gap_register(coverage: pd.DataFrame, qualifications: Iterable[str], level: str,
                 others: Iterable[str] = (), name: Callable[[str], str] = str) -> pd.DataFrame:
    """The register of ``level`` (module docstring).

    ``coverage``: stacked ``coverage_status`` rows. Columns: ``notation``, ``label``,
    ``module``, ``official KSB`` when ``coverage`` has it, one column per qualification
    (its tier), ``finest`` (the finest tier any qualification gives), ``criterion_level``
    (how many qualifications give criterion-level evidence) and ``also`` (what else covers
    it among ``others``, as ``name(key) (tier)``).

    >>> rows = pd.DataFrame({"framework": ["a", "b", "book"], "level": ["criterion"] * 3,
    ...     "notation": ["K1.1"] * 3, "label": ["L"] * 3, "module": ["1"] * 3,
    ...     "evidence": ["module", "unmapped", "criterion"]})
    >>> gap_register(rows, ["a", "b"], "criterion", ["book"]).values.tolist()
    [['K1.1', 'L', '1', 'module', 'unmapped', 'module', 0, 'book (criterion)']]
    """
    chosen = list(qualifications)
    rows = coverage[coverage["level"] == level]
    index = ["notation", "label", "module"]
    index += [OFFICIAL_COLUMN] if OFFICIAL_COLUMN in rows else []  # official KSBs, if known
    wide = rows[rows["framework"].isin(chosen)].pivot_table(
        index=index, columns="framework", values="evidence",
        aggfunc="first", sort=False).reindex(columns=chosen).fillna("unmapped")
    wide = wide.reset_index()
    wide.columns.name = None
    wide["finest"] = [min(tiers, key=EVIDENCE_TIERS.index)
                      for tiers in wide[chosen].itertuples(index=False)] if chosen else ""
    wide["criterion_level"] = (wide[chosen] == "criterion").sum(axis=1)
    also: dict[str, list[tuple[int, str]]] = {}
    extra = rows[rows["framework"].isin(list(others)) & ~rows["evidence"].isin(UNCOVERED)]
    for row in extra.itertuples(index=False):
        also.setdefault(row.notation, []).append(
            (EVIDENCE_TIERS.index(row.evidence), f"{name(row.framework)} ({row.evidence})"))
    wide["also"] = [", ".join(text for _, text in sorted(also.get(n, [])))
                    for n in wide["notation"]]
    return wide


def filter_register(register: pd.DataFrame, qualifications: list[str],
                    rule: str) -> pd.DataFrame:
    """The register's rows that ``rule`` (a key of :data:`FILTERS`) keeps.

    >>> frame = pd.DataFrame({"notation": ["K1.1", "K1.2"], "a": ["criterion", "module"],
    ...                       "finest": ["criterion", "module"]})
    >>> filter_register(frame, ["a"], "covered only by module-level claims")["notation"].tolist()
    ['K1.2']
    """
    return register[FILTERS[rule](register, qualifications)]


def gaps_of(register: pd.DataFrame, qualifications: list[str]) -> pd.DataFrame:
    """The register's gaps as long rows: ``framework``, ``notation``, ``label``,
    ``evidence`` (every (qualification, item) whose tier is not criterion-level).

    >>> frame = pd.DataFrame({"notation": ["K1.1"], "label": ["L"], "a": ["criterion"],
    ...                       "b": ["module"]})
    >>> gaps_of(frame, ["a", "b"]).values.tolist()
    [['b', 'K1.1', 'L', 'module']]
    """
    long = register.melt(id_vars=["notation", "label"], value_vars=qualifications,
                         var_name="framework", value_name="evidence")
    long = long[long["evidence"] != "criterion"]
    order = {q: i for i, q in enumerate(qualifications)}
    long = long.assign(_o=long["framework"].map(order)).sort_values("_o", kind="stable")
    return long[["framework", "notation", "label", "evidence"]].reset_index(drop=True)


def decisions_on(standing: pd.DataFrame, framework: str, object_ids: Iterable[str]
                 ) -> pd.DataFrame:
    """The standing decisions of ``framework`` on the standard items ``object_ids`` (ids such
    as ``criterion/K1.1``): gap decisions and decisions on suggestions for them.

    >>> log = pd.DataFrame({"framework": ["q", "q"], "subject_id": ["", "x"],
    ...                     "object_id": ["criterion/K1.1", "statement/1.1"],
    ...                     "decision": ["accept-risk", "reject"]})
    >>> decisions_on(log, "q", ["criterion/K1.1"])["decision"].tolist()
    ['accept-risk']
    """
    wanted = set(object_ids)
    return standing[(standing["framework"] == framework)
                    & standing["object_id"].isin(wanted)]
