"""Evidence tiers and the weights the fit ranking gives them: the rule, in words and numbers.

A criterion's *evidence tier* is the finest grain at which a framework's mapping reaches it
(:mod:`graph.analysis.coverage`). The ranking (:func:`graph.analysis.fit.fit_ranking`) scores
each criterion the weight of its tier and a qualification the mean over the criteria. This
module needs no data library, so that a command can state the rule without loading one.
"""

from __future__ import annotations

from collections.abc import Iterable

# Evidence tiers, strongest first; the first three are standard levels.
EVIDENCE_TIERS = ("criterion", "statement", "module", "no-mapping", "unmapped")
# The weight of each evidence tier in the ranking: shown and adjustable.
DEFAULT_WEIGHTS = {"criterion": 1.0, "statement": 0.6, "module": 0.3, "no-mapping": 0.0,
                   "unmapped": 0.0}
TIER_WORDS = {"criterion": "criterion-level", "statement": "statement-level",
              "module": "module-level", "no-mapping": "stated \"No mapping\"",
              "unmapped": "unmapped"}
# Other reasonable weights: criterion 1 > statement > module > 0, in steps of STEP.
STEP = 0.1


def check_weights(weights: dict[str, float] | None) -> dict[str, float]:
    """``weights`` over :data:`DEFAULT_WEIGHTS` (a tier left out keeps its default).

    Raises ``ValueError`` for an unknown tier or a weight outside 0 … 1.

    >>> check_weights({"module": 0.5})["module"]
    0.5
    >>> check_weights({"modul": 0.5})
    Traceback (most recent call last):
    ...
    ValueError: unknown evidence tier 'modul': criterion, statement, module, no-mapping, unmapped
    """
    chosen = dict(DEFAULT_WEIGHTS)
    for tier, weight in (weights or {}).items():
        if tier not in DEFAULT_WEIGHTS:
            raise ValueError(f"unknown evidence tier {tier!r}: {', '.join(DEFAULT_WEIGHTS)}")
        if not 0 <= weight <= 1:
            raise ValueError(f"weight of {tier} evidence {weight}: give a number from 0 to 1")
        chosen[tier] = float(weight)
    return chosen


def parse_weights(pairs: Iterable[str]) -> dict[str, float]:
    """Weights from ``tier=number`` pairs (as the command line takes them), checked.

    >>> parse_weights(["statement=0.5"])["statement"]
    0.5
    >>> parse_weights(["statement"])
    Traceback (most recent call last):
    ...
    ValueError: 'statement': write tier=weight, e.g. statement=0.5
    """
    weights = {}
    for pair in pairs:
        tier, sep, number = pair.partition("=")
        try:
            weights[tier.strip()] = float(number) if sep else float("nan")
        except ValueError:
            raise ValueError(f"{pair!r}: the weight is not a number") from None
        if not sep:
            raise ValueError(f"{pair!r}: write tier=weight, e.g. statement=0.5")
    return check_weights(weights)


def weighted_score(counts: dict[str, int], weights: dict[str, float]) -> float:
    """The mean weight of the criteria: sum over tiers of weight × criteria, over criteria.

    >>> weighted_score({"criterion": 66, "unmapped": 8}, DEFAULT_WEIGHTS)
    0.8919
    >>> weighted_score({}, DEFAULT_WEIGHTS)
    0.0
    """
    total = sum(counts.values())
    if not total:
        return 0.0
    return round(sum(weights.get(t, 0.0) * n for t, n in counts.items()) / total, 4)


def rank_scores(scores: Iterable[float]) -> list[int]:
    """Competition ranks: the highest score is 1, equal scores share a rank.

    >>> rank_scores([0.3, 0.9, 0.3])
    [2, 1, 2]
    """
    values = list(scores)
    return [1 + sum(other > value for other in values) for value in values]


def ranking_rule(weights: dict[str, float] | None = None) -> str:
    """The ranking's rule in words, with the weights it uses.

    >>> print(ranking_rule({"statement": 0.5}))  # doctest: +NORMALIZE_WHITESPACE
    Each criterion of the standard scores the weight of its evidence tier: criterion-level 1,
    statement-level 0.5, module-level 0.3, stated "No mapping" 0, unmapped 0. A
    qualification's score is the mean over the criteria (1 = every criterion evidenced
    criterion by criterion); the higher score ranks first and equal scores share a rank.
    """
    chosen = check_weights(weights)
    tiers = ", ".join(f"{TIER_WORDS[t]} {chosen[t]:g}" for t in EVIDENCE_TIERS)
    return ("Each criterion of the standard scores the weight of its evidence tier: "
            f"{tiers}. A qualification's score is the mean over the criteria (1 = every "
            "criterion evidenced criterion by criterion); the higher score ranks first and "
            "equal scores share a rank.")


def reasonable_weights(step: float = STEP) -> list[dict[str, float]]:
    """Every weighting with criterion 1 > statement > module > 0 in steps of ``step``, and
    0 for "No mapping" and unmapped: the weights a reader could reasonably pick.

    >>> len(reasonable_weights(0.25))
    3
    """
    grid = [round(i * step, 4) for i in range(1, round(1 / step))]
    return [{"criterion": 1.0, "statement": s, "module": m, "no-mapping": 0.0, "unmapped": 0.0}
            for s in grid for m in grid if m < s]
