"""Equivalent units across bodies: rules on a hand-made view, a property, the real data."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from graph.analysis.equivalence import (
    BODIES,
    COMPUTED_COMMENT,
    best_matches,
    close_match_triples,
    equivalence_groups,
    similarity_matrix,
    unit_profiles,
    unit_similarity,
)
from graph.analysis.network import to_networkx
from graph.model.validate import validate_graph
from graph.model.vocab import CW, SEMAPV, SSSOM, item_iri
from graph.store.cache import load_graph
from tests.helpers import add_item

GREET = ["Greet customers warmly", "Explain the brand promise"]
COMPLAIN = ["Handle complaints calmly"]


def made_up() -> nx.MultiDiGraph:
    """Modules 1-4, each with statement m.1 and criterion Km.1; one unit per row below.

    Highfield (no AC texts) maps to criteria, NCFE to statements, C&G to modules:

    ========  =======  ==============  =========================
    unit      modules  AC texts        expected
    ========  =======  ==============  =========================
    hf 1      1, 2     references      = ncfe 1 = cg 201
    hf 2      4        references      = ncfe 2; half of cg 202
    ncfe 1    1, 2     GREET           text of cg 201 word for word
    ncfe 2    4        COMPLAIN        text of cg 202 word for word
    ncfe 07   3        "Keep records"  no word shared with anyone
    cg 201    1, 2     GREET
    cg 202    3, 4     COMPLAIN
    ========  =======  ==============  =========================
    """
    v = nx.MultiDiGraph()

    def node(*args, **kwargs):
        add_item(v, *args, **kwargs)

    for m in range(1, 5):
        node(f"standard:module/{m}", "Module", str(m), f"Module {m}")
        node(f"standard:statement/{m}.1", "StandardStatement", f"{m}.1", f"Statement {m}.1",
             f"standard:module/{m}")
        node(f"standard:criterion/K{m}.1", "Criterion", f"K{m}.1", f"Criterion K{m}.1",
             f"standard:statement/{m}.1")
    for unit, modules in (("1", (1, 2)), ("2", (4,))):
        node(f"highfield:unit/{unit}", "Unit", unit, f"Unit {unit} X/000/000{unit}")
        node(f"highfield:unit/{unit}/lo/1", "LearningOutcome", "1", f"Unit {unit} LO1",
             f"highfield:unit/{unit}")
        for i, m in enumerate(modules, start=1):
            node(f"highfield:unit/{unit}/lo/1/ac/1.{i}", "AssessmentCriterion", f"1.{i}",
                 f"Unit {unit} LO1 AC1.{i}", f"highfield:unit/{unit}/lo/1",
                 [f"standard:criterion/K{m}.1"])
    for unit, notation, modules, texts in (("1", "1", (1, 2), GREET), ("2", "2", (4,), COMPLAIN),
                                            ("7", "07", (3,), ["Keep records"])):
        node(f"ncfe:unit/{unit}", "Unit", notation, f"Unit {notation}")
        for i, (m, text) in enumerate(zip(modules, texts, strict=True), start=1):
            node(f"ncfe:unit/{unit}/ac/1.{i}", "AssessmentCriterion", f"1.{i}", text,
                 f"ncfe:unit/{unit}", [f"standard:statement/{m}.1"])
    for unit, covers in (("201", [[1], [2]]), ("202", [[3, 4]])):
        texts = GREET if unit == "201" else COMPLAIN
        node(f"cityguilds:unit/{unit}", "Unit", unit, f"C&G {unit}")
        node(f"cityguilds:unit/{unit}/lo/1", "LearningOutcome", "1", "An outcome",
             f"cityguilds:unit/{unit}")
        for i, (modules, text) in enumerate(zip(covers, texts, strict=True), start=1):
            node(f"cityguilds:unit/{unit}/lo/1/ac/1.{i}", "AssessmentCriterion", f"1.{i}",
                 text, f"cityguilds:unit/{unit}/lo/1",
                 [f"standard:module/{m}" for m in modules])
    return v


@pytest.fixture(scope="module")
def similarity():
    return unit_similarity(made_up())


def test_profiles_roll_every_mapping_up_to_its_module():
    profiles = unit_profiles(made_up()).set_index("unit")
    assert profiles.loc["highfield:unit/1", "modules"] == ("1", "2")
    assert profiles.loc["ncfe:unit/7", ["notation", "modules"]].tolist() == ["07", ("3",)]
    assert profiles.loc["cityguilds:unit/202", "modules"] == ("3", "4")
    assert profiles.loc["highfield:unit/1", "texts"] == ""  # references are no texts
    assert profiles.loc["ncfe:unit/1", "texts"] == "Greet customers warmly " \
                                                   "Explain the brand promise"
    assert profiles["framework"].tolist() == ["highfield"] * 2 + ["ncfe"] * 3 + \
        ["cityguilds"] * 2


def test_similarity_of_every_pair_known_by_construction(similarity):
    got = {(r.a, r.b): (round(r.coverage, 6), None if math.isnan(r.text) else round(r.text, 6),
                        round(r.score, 6)) for r in similarity.itertuples()}
    assert got == {
        ("highfield:1", "ncfe:1"): (1.0, None, 1.0),
        ("highfield:1", "cityguilds:201"): (1.0, None, 1.0),
        ("highfield:2", "ncfe:2"): (1.0, None, 1.0),
        ("highfield:2", "cityguilds:202"): (0.5, None, 0.5),
        ("ncfe:1", "cityguilds:201"): (1.0, 1.0, 1.0),
        ("ncfe:2", "cityguilds:202"): (0.5, 1.0, 0.75),
        ("ncfe:07", "cityguilds:202"): (0.5, 0.0, 0.25),
    }  # same-body pairs and pairs sharing nothing (highfield:2 / ncfe:07) are left out
    assert similarity.set_index(["a", "b"]).loc[("ncfe:2", "cityguilds:202"), "shared"] == "4"
    assert similarity["score"].is_monotonic_decreasing


def test_text_weight_moves_score_between_coverage_and_text():
    pairs = unit_similarity(made_up(), text_weight=1.0).set_index(["a", "b"])
    assert pairs.loc[("ncfe:07", "cityguilds:202"), "score"] == 0.0
    assert pairs.loc[("highfield:2", "cityguilds:202"), "score"] == 0.5  # no text: coverage


def test_best_matches_per_unit_and_other_body(similarity):
    best = best_matches(similarity, k=3)
    cg202 = best[(best.unit == "cityguilds:202") & (best.other == "ncfe")]
    assert cg202[["match", "score", "rank"]].values.tolist() == [["ncfe:2", 0.75, 1],
                                                                 ["ncfe:07", 0.25, 2]]
    assert best[best.unit == "ncfe:07"]["other"].tolist() == ["cityguilds"]  # no Highfield
    assert best_matches(similarity, k=1).groupby(["unit", "other"]).size().max() == 1


def test_equivalence_groups_are_the_triangles_above_the_threshold(similarity):
    groups = equivalence_groups(similarity, min_score=0.3)
    assert groups.round(4).values.tolist() == [
        [1, "highfield:1", "ncfe:1", "cityguilds:201", 1.0, "1, 2"],
        [2, "highfield:2", "ncfe:2", "cityguilds:202", 0.75, "4"],
    ]
    assert equivalence_groups(similarity, min_score=0.8)["ncfe"].tolist() == ["ncfe:1"]


def test_close_match_triples_are_computed_records_never_asserted_mappings(similarity):
    rdf = close_match_triples(similarity, min_score=0.2)
    ncfe7, cg202 = item_iri("ncfe", "unit/7"), item_iri("cityguilds", "unit/202")
    assert len(set(rdf.triples((None, SKOS.closeMatch, None)))) == 7
    assert (ncfe7, SKOS.closeMatch, cg202) in rdf  # notation "07", item id unit/7
    assert len(set(rdf.subjects(RDF.type, CW.ComputedMapping))) == 7
    assert not set(rdf.subjects(RDF.type, CW.Mapping))
    (record,) = rdf.subjects(SSSOM.confidence, Literal(0.25, datatype=XSD.double))
    assert rdf.value(record, OWL.annotatedSource) == ncfe7
    assert rdf.value(record, OWL.annotatedProperty) == SKOS.closeMatch
    assert rdf.value(record, OWL.annotatedTarget) == cg202
    assert rdf.value(record, SSSOM.mapping_justification) == SEMAPV.CompositeMatching
    assert str(rdf.value(record, RDFS.comment)) == COMPUTED_COMMENT
    assert len(close_match_triples(similarity, min_score=0.8)) == 4 * 9  # the four pairs scoring 1


# --------------------------------------------------------------------------- property

profiles_strategy = st.lists(
    st.tuples(st.sampled_from(BODIES),
              st.frozensets(st.sampled_from("123456"), max_size=4),
              st.lists(st.sampled_from(["greet", "customers", "brand", "the", "complaints",
                                        "calmly", "records"]), max_size=5)),
    min_size=1, max_size=12)


def _profiles(rows) -> pd.DataFrame:
    return pd.DataFrame({"framework": [r[0] for r in rows],
                         "modules": [tuple(sorted(r[1])) for r in rows],
                         "texts": [" ".join(r[2]) for r in rows]})


@settings(max_examples=200, deadline=None)
@given(profiles_strategy, st.floats(0, 1))
def test_a_unit_is_most_similar_to_itself(rows, text_weight):
    scores = similarity_matrix(_profiles(rows), text_weight).toarray()
    assert np.all(scores.diagonal() >= scores.max(axis=1) - 1e-9)
    assert np.allclose(scores, scores.T)


@settings(max_examples=200, deadline=None)
@given(profiles_strategy)
def test_coverage_is_the_jaccard_of_the_module_sets(rows):
    coverage = similarity_matrix(_profiles(rows), text_weight=0.0).toarray()
    for i, (_, a, _) in enumerate(rows):
        for j, (_, b, _) in enumerate(rows):
            assert coverage[i, j] == pytest.approx(len(a & b) / len(a | b) if a | b else 0.0)


# --------------------------------------------------------------------------- real data

@pytest.fixture(scope="module")
def real():
    graph = load_graph()
    view = to_networkx(graph)
    return graph, view, unit_similarity(view)


def test_real_profiles_highfield_has_no_texts_and_cg_optional_units_no_modules(real):
    profiles = unit_profiles(real[1]).set_index("unit")
    assert (profiles.loc[profiles.framework == "highfield", "texts"] == "").all()
    # cityguilds-2794-02-handbook.txt Appendix 1 (lines 3002-3034) names units 201-206 only
    optional = [f"cityguilds:unit/{u}" for u in range(207, 214)]
    assert profiles.loc[optional, "modules"].tolist() == [()] * 7
    # highfield-csp-mapping.txt lines 41-42, 74-75, 89-92: Unit 5 H/615/6240 for 5, 11, 13, 14
    assert profiles.loc["highfield:unit/5", "modules"] == ("5", "11", "13", "14")


def test_real_personal_development_units_match_across_bodies(real):
    similarity = real[2]
    best = best_matches(similarity, k=1).set_index(["unit", "other"])
    # ncfe-601-3973-0-mapping.txt lines 40-41, 92, 127-129 (Unit 5 Manage personal performance
    # and development) and the C&G handbook lines 3014-3029 (Unit 201 Developing self to
    # achieve targets and goals) map to the same four modules 5, 11, 13, 14
    ncfe5 = best.loc[("ncfe:5", "cityguilds")]
    assert ncfe5["match"] == "cityguilds:201"
    assert [round(ncfe5[c], 2) for c in ("coverage", "text", "score")] == [1.0, 0.42, 0.71]
    assert best.loc[("highfield:5", "ncfe"), ["match", "score"]].tolist() == ["ncfe:5", 1.0]
    assert best.loc[("highfield:5", "cityguilds"), "match"] == "cityguilds:201"
    # an optional C&G unit no source maps is matched on text alone: contact centre ~ telephone
    cg209 = best.loc[("cityguilds:209", "ncfe")]
    assert cg209["match"] == "ncfe:8" and cg209["coverage"] == 0.0
    assert round(cg209["text"], 2) == 0.28


def test_real_score_distribution_and_groups(real):
    similarity = real[2]
    assert len(similarity) == 252 and (similarity.score >= 0.3).sum() == 37
    groups = equivalence_groups(similarity)
    assert groups[["highfield", "ncfe", "cityguilds", "shared"]].values.tolist() == [
        ["highfield:5", "ncfe:5", "cityguilds:201", "5, 11, 13, 14"],
        ["highfield:5", "ncfe:31", "cityguilds:201", "5, 11, 13, 14"],
        ["highfield:2", "ncfe:1", "cityguilds:204", "8, 15, 16"],
        ["highfield:4", "ncfe:25", "cityguilds:202", "3"],
    ]
    assert groups["score"].round(2).tolist() == [0.90, 0.63, 0.43, 0.42]


def test_real_close_matches_keep_the_graph_valid_and_the_asserted_mappings_apart(real):
    graph, _, similarity = real
    computed = close_match_triples(similarity)
    assert len(set(computed.subjects(RDF.type, CW.ComputedMapping))) == 37
    merged = graph + computed
    # the asserted mapping records stay as they were: computed matches are never cw:Mapping
    assert set(merged.subjects(RDF.type, CW.Mapping)) == set(graph.subjects(RDF.type, CW.Mapping))
    conforms, _ = validate_graph(merged)
    assert conforms
