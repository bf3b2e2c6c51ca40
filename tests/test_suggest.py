"""Suggested mappings for gaps: rules on a hand-made view, then the real NCFE and C&G data."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.network import to_networkx
from graph.analysis.suggest import (
    COLUMNS,
    evaluate_recall,
    mapping_grain,
    suggest_mappings,
)
from graph.model.curation import COLUMNS as CURATION_COLUMNS
from graph.model.curation import rejected_pairs
from graph.store.cache import load_graph
from tests.helpers import add_item

STANDARD = {
    "1": ("Knowing customers", {
        "1.1": ("Understand who customers are", "Describe the types of customers"),
        "1.2": ("Know internal and external customers",
                "Explain internal and external customers"),
    }),
    "2": ("Regulations", {
        "2.1": ("Know the legislation", "Explain health and safety legislation"),
    }),
}


def made_up() -> nx.MultiDiGraph:
    """The standard above; framework q (no LOs) maps to statements and says "No mapping" for
    1.1; framework r (with LOs) maps only module 1, so module 2 is a gap of r.

    q's AC 1.1 restates criterion K1.1 word for word, so it is the right candidate for 1.1;
    r's AC 1.1 says nothing itself, but its LO names the legislation of module 2.
    """
    v = nx.MultiDiGraph()

    def node(*args, **kwargs):
        add_item(v, *args, **kwargs)

    for m, (label, statements) in STANDARD.items():
        node(f"standard:module/{m}", "Module", m, label)
        for s, (statement, criterion) in statements.items():
            node(f"standard:statement/{s}", "StandardStatement", s, statement,
                 f"standard:module/{m}")
            node(f"standard:criterion/K{s}", "Criterion", f"K{s}", criterion,
                 f"standard:statement/{s}")
    node("q:unit/1", "Unit", "1", "Unit 1 Customers")
    node("q:unit/1/ac/1.1", "AssessmentCriterion", "1.1", "Describe the types of customers",
         "q:unit/1")
    node("q:unit/1/ac/1.2", "AssessmentCriterion", "1.2",
         "Explain internal and external customers", "q:unit/1", ["standard:statement/1.2"])
    node("q:unit/2", "Unit", "2", "Unit 2 Law")
    node("q:unit/2/ac/2.1", "AssessmentCriterion", "2.1",
         "Explain health and safety legislation", "q:unit/2", ["standard:statement/2.1"])
    node("r:unit/201", "Unit", "201", "Customers and law")
    node("r:unit/201/lo/1", "LearningOutcome", "1", "Understand legislation", "r:unit/201")
    node("r:unit/201/lo/1/ac/1.1", "AssessmentCriterion", "1.1", "Describe two of them",
         "r:unit/201/lo/1")
    node("r:unit/201/lo/2", "LearningOutcome", "2", "Greet customers", "r:unit/201")
    node("r:unit/201/lo/2/ac/2.1", "AssessmentCriterion", "2.1", "Smile", "r:unit/201/lo/2",
         ["standard:module/1"])
    node("h:unit/1", "Unit", "1", "Unit 1 X/000/0001")
    node("h:unit/1/lo/1", "LearningOutcome", "1", "Unit 1 LO1", "h:unit/1")
    node("h:unit/1/lo/1/ac/1.1", "AssessmentCriterion", "1.1", "Unit 1 LO1 AC1.1",
         "h:unit/1/lo/1", ["standard:criterion/K1.2"])
    v.graph["no_mapping"] = {"q": {"standard:statement/1.1"}}
    return v


def test_mapping_grain_is_where_the_framework_maps():
    v = made_up()
    assert [mapping_grain(v, f) for f in ("q", "r", "h")] == ["statement", "module", "criterion"]
    with pytest.raises(ValueError, match="nobody maps to no item"):
        mapping_grain(v, "nobody")


def test_the_restating_ac_is_suggested_first_for_a_no_mapping_statement():
    got = suggest_mappings(made_up(), "q")
    assert got.columns.tolist() == COLUMNS
    assert set(got["notation"]) == {"1.1"}  # 1.2 and 2.1 are mapped, so no gaps
    first = got.iloc[0]
    assert [first[c] for c in ("status", "rank", "candidate", "candidate_label", "unit",
                               "kind")] == ["no-mapping", 1, "unit/1/ac/1.1",
                                            "Describe the types of customers", "1",
                                            "suggestion"]
    # only ACs sharing a word are suggested: 1.2 (customers); 2.1 shares nothing
    assert got["candidate"].tolist() == ["unit/1/ac/1.1", "unit/1/ac/1.2"]
    assert got["score"].is_monotonic_decreasing and (got["score"] > 0).all()


def test_rejected_pairs_are_never_suggested():
    rejected = frozenset({("q", "statement/1.1", "unit/1/ac/1.1")})
    got = suggest_mappings(made_up(), "q", rejected=rejected)
    assert got[["rank", "candidate"]].values.tolist() == [[1, "unit/1/ac/1.2"]]
    other = frozenset({("r", "statement/1.1", "unit/1/ac/1.1")})  # another body's
    assert suggest_mappings(made_up(), "q", rejected=other)["candidate"].iloc[0] == \
        "unit/1/ac/1.1"


def test_a_rejection_in_the_curation_file_removes_the_suggestion():
    curation = pd.DataFrame([
        {"framework": "q", "subject_id": "unit/1/ac/1.2", "object_id": "statement/1.1",
         "decision": "reject", "note": "", "date": "2026-01-01"}], columns=CURATION_COLUMNS)
    got = suggest_mappings(made_up(), "q", rejected=rejected_pairs(curation))
    assert got["candidate"].tolist() == ["unit/1/ac/1.1"]


def test_the_lo_wording_ranks_an_ac_whose_own_text_says_nothing():
    got = suggest_mappings(made_up(), "r", k=1)
    assert got[["level", "notation", "status", "candidate", "unit"]].values.tolist() == [
        ["module", "2", "unmapped", "unit/201/lo/1/ac/1.1", "201"]]


def test_other_levels_and_k():
    got = suggest_mappings(made_up(), "q", level="criterion", k=1)
    assert got[["notation", "status", "candidate"]].values.tolist() == [
        ["K1.1", "no-mapping", "unit/1/ac/1.1"]]  # K1.1 is under the "No mapping" statement


def test_a_framework_without_ac_texts_gets_no_suggestions():
    v = made_up()
    assert suggest_mappings(v, "h", level="statement").empty
    recall = evaluate_recall(v, "h")
    assert recall.candidates == 0 and recall.pairs == 1


def test_recall_counts_asserted_acs_in_the_top_k():
    recall = evaluate_recall(made_up(), "q", k=1)
    assert recall.items[["notation", "asserted", "hits"]].values.tolist() == [
        ["1.2", 1, 1], ["2.1", 1, 1]]
    assert (recall.recall, recall.baseline, recall.ceiling) == (1.0, pytest.approx(1 / 3), 1.0)


# --------------------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def view():
    return to_networkx(load_graph())


def test_real_ncfe_no_mapping_statements_get_suggestions(view):
    got = suggest_mappings(view, "ncfe")
    # ncfe-601-3973-0-mapping.txt lines 9 and 22: "No mapping" for 1.1 and 2.2
    assert got.groupby("notation")["rank"].apply(list).to_dict() == {
        "1.1": [1, 2, 3, 4, 5], "2.2": [1, 2, 3, 4, 5]}
    assert set(got["status"]) == {"no-mapping"} and (got["score"] > 0).all()
    assert set(got["candidate"]) <= {n.partition(":")[2] for n, d in view.nodes(data=True)
                                     if d["framework"] == "ncfe"}
    # Statement 1.1's criterion K1.4 reads "Explain the importance of building good customer
    # relationships to the organisation"; the best candidate, Unit 17 AC 1.1 (line 51),
    # describes the importance of developing relationships with customers
    top = got[got["rank"] == 1].set_index("notation")
    assert top.loc["1.1", "candidate"] == "unit/17/ac/1.1"
    assert "importance of developing relationships" in top.loc["1.1", "candidate_label"]
    # 2.2 (core values and service culture): the best are Unit 1's brand ACs and Unit 15 1.1
    assert set(got[got.notation == "2.2"]["candidate"].head(3)) == {
        "unit/1/ac/2.2", "unit/15/ac/1.1", "unit/1/ac/2.1"}


def test_real_frameworks_without_gaps_or_texts_get_none(view):
    assert suggest_mappings(view, "cityguilds").empty  # Appendix 1 maps all 18 modules
    assert suggest_mappings(view, "highfield").empty  # AC references only, no texts


def test_real_recall_at_5(view):
    ncfe, cityguilds = evaluate_recall(view, "ncfe"), evaluate_recall(view, "cityguilds")
    assert (ncfe.candidates, ncfe.pairs, ncfe.hits) == (143, 355, 48)
    assert (cityguilds.candidates, cityguilds.pairs, cityguilds.hits) == (270, 126, 72)
    assert [round(x, 2) for x in (ncfe.recall, ncfe.baseline, ncfe.ceiling)] == \
        [0.14, 0.03, 0.41]
    assert [round(x, 2) for x in (cityguilds.recall, cityguilds.baseline,
                                  cityguilds.ceiling)] == [0.57, 0.02, 0.67]
