"""Commands over the analyses: gaps, fit, optional units, trace, equivalents, suggestions,
curation."""

from __future__ import annotations

from typing import Annotated

import typer

from graph.cli.common import (
    FormatOption,
    FrameworkOption,
    LevelOption,
    answer,
    app,
    check_choice,
    data_folder,
    fail,
    framework_view,
    frameworks_of,
    graph_and_view,
    open_view,
    user_errors,
)


@app.command()
@user_errors
def gaps(framework: FrameworkOption, level: LevelOption = "criterion",
         fmt: FormatOption = "table",
         by: Annotated[str, typer.Option(help="level (the documents' items) or ksb (the "
                                              "official KSB codes K1 ... B10)")] = "level",
         ) -> None:
    """Every standard item with a framework's coverage status (direct, inherited, no-mapping,
    unmapped)."""
    check_choice("--by", by, ("level", "ksb"))
    answer(["gaps", framework, level, by], lambda: _gaps(framework, level, by), fmt)


def _gaps(framework: str, level: str, by: str):
    from graph.analysis.coverage import LEVEL_KINDS, coverage_status
    from graph.analysis.official import framework_ksb_coverage, ksb_links

    check_choice("--level", level, LEVEL_KINDS)
    graph, view = framework_view(framework)
    if by == "ksb":
        return framework_ksb_coverage(view, ksb_links(graph), framework)
    return coverage_status(view, framework, level)


@app.command()
@user_errors
def curate(
    decision: Annotated[str, typer.Argument(help="accept or reject")],
    framework: FrameworkOption,
    item: Annotated[str, typer.Option(help="standard item notation: K1.1, 1.2 or 1")],
    candidate: Annotated[str, typer.Option(help="the suggested item, e.g. unit/2/ac/1.1")],
    note: Annotated[str, typer.Option(help="why")] = "",
    reviewer: Annotated[str, typer.Option(help="who decides")] = "",
) -> None:
    """Accept or reject a suggested mapping; the decision goes into data/curation.csv."""
    from graph.analysis.trace import resolve_notation
    from graph.model.curation import MAPPING_DECISIONS, record_decision

    check_choice("decision", decision, MAPPING_DECISIONS)
    view = open_view()
    check_choice("--framework", framework, frameworks_of(view))
    standard_item = resolve_notation(view, item)
    if f"{framework}:{candidate}" not in view:
        fail(f"--candidate {candidate!r}: {framework} has no such item")
    path = record_decision(data_folder(), framework, candidate, standard_item.split(":", 1)[1],
                           decision, note, reviewer=reviewer)
    typer.echo(f"recorded: {decision} {framework}:{candidate} -> {item} in {path}")


@app.command()
@user_errors
def fit(fmt: FormatOption = "table",
        detail: Annotated[bool, typer.Option(help="every measure, not just the ranking")] = False,
        weight: Annotated[list[str] | None, typer.Option(
            help="an evidence tier's weight, e.g. --weight statement=0.5 (repeatable)")] = None,
        ) -> None:
    """Rank the qualifications by the weighted evidence they give for the standard's criteria,
    with the reasons; the rule and its weights are printed after the table. The detail counts
    the official KSBs too."""
    from graph.analysis.tiers import parse_weights, ranking_rule

    try:
        weights = parse_weights(weight or [])
    except ValueError as error:
        fail(f"--weight: {error}")
    key = ",".join(f"{tier}={value}" for tier, value in sorted(weights.items()))
    answer(["fit", "detail" if detail else "ranking", key], lambda: _fit(detail, weights), fmt)
    if not detail and fmt == "table":  # machine formats stay pure data
        typer.echo(f"Rule: {ranking_rule(weights)}")


def _fit(detail: bool, weights: dict[str, float]):
    import pandas as pd

    from graph.analysis.fit import fit_ranking, qualification_fit, qualifications
    from graph.analysis.official import framework_ksb_coverage, ksb_fit, ksb_links

    graph, view = graph_and_view()
    if detail:
        links = ksb_links(graph)
        return pd.concat([part for f in qualifications(view) for part in (
            qualification_fit(view, f), ksb_fit(framework_ksb_coverage(view, links, f)))],
            ignore_index=True)
    return fit_ranking(view, weights=weights)


@app.command("optional-units")
@user_errors
def optional_units(framework: FrameworkOption, fmt: FormatOption = "table") -> None:
    """What each allowed choice of optional units adds to a qualification's coverage."""
    answer(["optional-units", framework], lambda: _optional_units(framework), fmt)


def _optional_units(framework: str):
    from graph.analysis.fit import optional_unit_gain, unit_rules

    graph, view = framework_view(framework)
    return optional_unit_gain(view, framework, unit_rules(graph))


@app.command()
@user_errors
def trace(notation: Annotated[str, typer.Argument(help="criterion K1.1, statement 1.2, "
                                                  "module 1 or official KSB K1")],
          fmt: FormatOption = "table") -> None:
    """Everything that covers one criterion, statement, module or official KSB, and how."""
    answer(["trace", notation], lambda: _trace(notation), fmt)


def _trace(notation: str):
    from graph.analysis.official import is_official_code, ksb_links, trace_ksb
    from graph.analysis.trace import trace as run_trace

    if is_official_code(notation):
        graph, view = graph_and_view()
        return trace_ksb(view, ksb_links(graph), notation)
    return run_trace(open_view(), notation)


@app.command()
@user_errors
def equivalents(
    min_score: Annotated[float, typer.Option(help="lowest score to list")] = 0.0,
    groups: Annotated[bool, typer.Option(help="list the groups equivalent across all three "
                                               "bodies instead of pairs")] = False,
    fmt: FormatOption = "table",
) -> None:
    """Units of different awarding bodies that cover the same modules and say the same."""
    answer(["equivalents", repr(min_score), "groups" if groups else "pairs"],
           lambda: _equivalents(min_score, groups), fmt)


def _equivalents(min_score: float, groups: bool):
    from graph.analysis.equivalence import DEFAULT_MIN_SCORE, equivalence_groups, unit_similarity

    similarity = unit_similarity(open_view(), min_score=min_score)
    if groups:
        return equivalence_groups(similarity, min_score or DEFAULT_MIN_SCORE)
    pairs = similarity[similarity["score"] >= min_score]
    return pairs[["a", "b", "a_label", "b_label", "coverage", "text", "score", "shared"]]


@app.command()
@user_errors
def suggest(framework: FrameworkOption,
            level: Annotated[str | None, typer.Option(help="module, statement or criterion "
                                                           "(default: the framework's grain)")]
            = None,
            k: Annotated[int, typer.Option(help="candidates per gap")] = 5,
            fmt: FormatOption = "table") -> None:
    """Candidate ACs for every item a qualification leaves unmapped: suggestions for a human."""
    answer(["suggest", framework, level or "", str(k)], lambda: _suggest(framework, level, k),
           fmt)


def _suggest(framework: str, level: str | None, k: int):
    from graph.analysis.coverage import LEVEL_KINDS
    from graph.analysis.suggest import suggest_mappings
    from graph.model.curation import read_curation, rejected_pairs

    view = open_view()
    check_choice("--framework", framework, frameworks_of(view))
    if level is not None:
        check_choice("--level", level, LEVEL_KINDS)
    rejected = rejected_pairs(read_curation(data_folder()))
    return suggest_mappings(view, framework, level, k=k, rejected=rejected)
