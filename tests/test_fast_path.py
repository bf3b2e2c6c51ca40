"""Stored answers: every read command prints what the analyses, run directly, give.

Each question is asked twice through the command line (the first computes and stores the
answer, the second reads it back), then compared, in every format, with the analysis run
directly on the same data and rendered. The data are the bundled tables and a copy with an
imported qualification; both sides are computed now, never compared with frozen files.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from typer.testing import CliRunner

from graph.analysis.coverage import LEVEL_KINDS, coverage_status
from graph.analysis.equivalence import DEFAULT_MIN_SCORE, equivalence_groups, unit_similarity
from graph.analysis.fit import (
    fit_ranking,
    optional_unit_gain,
    qualification_fit,
    qualifications,
    unit_rules,
)
from graph.analysis.network import to_networkx
from graph.analysis.official import framework_ksb_coverage, ksb_fit, ksb_links, trace_ksb
from graph.analysis.suggest import suggest_mappings
from graph.analysis.tiers import DEFAULT_WEIGHTS, ranking_rule
from graph.analysis.trace import trace
from graph.cli import app
from graph.formats import Table, TableFormat, render
from graph.ingest.sources import DATA_DIR, PROJECT_ROOT
from graph.model.curation import read_curation, rejected_pairs
from graph.model.tables import TABLES
from graph.store import queries
from graph.store.answers import answer_path, stored_answer
from graph.store.cache import load_graph
from graph.store.library import library
from graph.store.safety import run_query

runner = CliRunner()
EXAMPLE = PROJECT_ROOT / "data" / "examples" / "northbridge.xlsx"
TRACED = ("K1.1", "1.2", "1", "B18.6", "S8.2")  # a criterion, statement, module and the ends


def cli(data, *args: str) -> str:
    result = runner.invoke(app, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A copy of the bundled tables with the example qualification imported."""
    folder = tmp_path_factory.mktemp("imported") / "data"
    folder.mkdir()
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    cli(folder, "import", str(EXAMPLE))
    return folder


def direct_answers(data) -> dict[tuple[str, ...], pd.DataFrame]:
    """Every read command's question on ``data`` with the analysis's own answer."""
    graph = load_graph(data)
    view = to_networkx(graph)
    frameworks = sorted(queries.framework_keys(graph))
    rules = unit_rules(graph)
    links = ksb_links(graph)
    answers: dict[tuple[str, ...], pd.DataFrame] = {
        ("stats",): queries.stats(graph),
        ("audit",): queries.defects(graph),
        ("fit",): fit_ranking(view),
        ("fit", "--detail"): pd.concat([part for f in qualifications(view) for part in (
            qualification_fit(view, f), ksb_fit(framework_ksb_coverage(view, links, f)))],
            ignore_index=True),
        ("trace", "K1"): trace_ksb(view, links, "K1"),
        ("trace", "S3"): trace_ksb(view, links, "S3"),
    }
    for framework in frameworks:
        scoped = to_networkx(graph, [framework])
        for level in LEVEL_KINDS:
            answers["gaps", "--framework", framework, "--level", level] = \
                coverage_status(scoped, framework, level)
        answers["gaps", "--framework", framework, "--by", "ksb"] = \
            framework_ksb_coverage(scoped, ksb_links(graph), framework)
        answers["optional-units", "--framework", framework] = \
            optional_unit_gain(scoped, framework, rules)
    for notation in TRACED:
        answers["trace", notation] = trace(view, notation)
    similarity = unit_similarity(view, min_score=0.3)
    answers["equivalents", "--min-score", "0.3"] = similarity[similarity["score"] >= 0.3][
        ["a", "b", "a_label", "b_label", "coverage", "text", "score", "shared"]]
    answers["equivalents", "--groups"] = equivalence_groups(unit_similarity(view),
                                                            DEFAULT_MIN_SCORE)
    answers["suggest", "--framework", "ncfe"] = suggest_mappings(
        view, "ncfe", None, k=5, rejected=rejected_pairs(read_curation(data)))
    for name, query in library().items():
        answers["sparql", name] = run_query(graph, query.text)
    return answers


@pytest.mark.parametrize("where", ["bundled", "imported"])
def test_every_read_command_prints_the_analysis_answer(where, imported):
    data = DATA_DIR if where == "bundled" else imported
    answers = direct_answers(data)
    if where == "imported":
        assert ("gaps", "--framework", "northbridge-l2", "--level", "criterion") in answers
    for question, frame in answers.items():
        cli(data, *question)  # computes and stores the answer (or finds it stored)
        for fmt in TableFormat:
            expected = render(frame, fmt)
            if question == ("fit",) and fmt is TableFormat.table:  # the rule follows the table
                expected += f"Rule: {ranking_rule(DEFAULT_WEIGHTS)}\n"
            assert cli(data, *question, "--format", fmt.value) == expected, (question, fmt)


def test_second_ask_reads_the_stored_answer(data_copy):
    first = cli(data_copy, "gaps", "--framework", "ncfe", "--format", "json")
    question = ["gaps", "ncfe", "criterion", "level"]
    stored = stored_answer(data_copy, question)
    assert stored is not None and render(stored, TableFormat.json) == first
    path = answer_path(data_copy, question)
    path.write_text(path.read_text(encoding="utf-8").replace('"K1.1"', '"K1.1 (stored)"'),
                    encoding="utf-8")
    assert '"K1.1 (stored)"' in cli(data_copy, "gaps", "--framework", "ncfe", "--format",
                                     "json")


def test_a_changed_table_makes_the_answer_stale(data_copy):
    cli(data_copy, "stats")
    assert stored_answer(data_copy, ["stats"]) is not None
    items = data_copy / "items.csv"
    items.write_text(items.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stored_answer(data_copy, ["stats"]) is None


def test_errors_are_never_stored(data_copy):
    result = runner.invoke(app, ["--data", str(data_copy), "gaps", "--framework", "acme"])
    assert result.exit_code == 2 and "--framework 'acme': choose one of" in result.output
    assert not answer_path(data_copy, ["gaps", "acme", "criterion"]).exists()


def test_rendering_a_hand_made_table():
    table = Table(["framework", "notation", "share", "reasons"],
                  [["ncfe", "K1.1", 0.5, "a|b"], ["acme", "1.2", None, "c"]])
    assert render(table, TableFormat.csv) == \
        "framework,notation,share,reasons\nncfe,K1.1,0.5,a|b\nacme,1.2,,c\n"
    assert render(table, TableFormat.markdown).splitlines()[:3] == [
        "| Framework | Code | Share covered | Reasons |", "| --- | --- | --- | --- |",
        "| ncfe | K1.1 | 0.5 | a\\|b |"]
    assert render(table, TableFormat.table).splitlines() == [
        "Framework  Code  Share covered  Reasons",
        "ncfe       K1.1            0.5  a|b",
        "acme       1.2                  c"]
    assert render(Table(["a"], []), TableFormat.table) == "(no rows)\n"
