"""Qualification fit, ranking and optional-unit gain: on a hand-made view whose counts are
known by construction, then against facts read in the sources."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.fit import (
    fit_ranking,
    optional_unit_gain,
    qualification_fit,
    unit_rules,
)
from graph.analysis.network import to_networkx
from graph.analysis.verdict import UNIT_CHOICE_COLUMNS, verdict
from graph.ingest.sources import DATA_DIR
from graph.model.build import build_graph
from graph.model.tables import table
from graph.model.tables_io import read_tables


def std(view, item_id, kind, notation, parent=None, **attrs):
    view.add_node(f"standard:{item_id}", framework="standard", kind=kind, notation=notation,
                  label=item_id, **attrs)
    if parent:
        view.add_edge(f"standard:{item_id}", f"standard:{parent}", key="broader")


def ac(view, framework, unit, number, target):
    """An AC of ``unit`` (created if new) covering the standard item ``target``."""
    unit_key = f"{framework}:unit/{unit}"
    view.add_node(unit_key, framework=framework, kind="Unit", notation=unit, label=unit)
    key = f"{unit_key}/ac/{number}"
    view.add_node(key, framework=framework, kind="AssessmentCriterion", notation=number,
                  label=number)
    view.add_edge(key, unit_key, key="broader")
    view.add_edge(key, f"standard:{target}", key="covers")


@pytest.fixture
def view():
    """Module 1 (statements 1.1: K1.1, K1.2 (D); 1.2: K1.3; 1.3: K1.4) and module 2
    (statement 2.1: S2.1 (D), S2.2). EPA "Discussion" assesses modules 1 and 2, "Observation"
    module 2, a component module 1. Qualification "q": unit 1 AC covers K1.1, unit 2 AC
    covers statement 2.1, unit 3 AC covers K1.3, "No mapping" for statement 1.3. "r" maps
    one AC to module 1 only; "s" is a copy of "r"."""
    v = nx.MultiDiGraph()
    std(v, "module/1", "Module", "1")
    std(v, "module/2", "Module", "2")
    for statement, module in (("1.1", 1), ("1.2", 1), ("1.3", 1), ("2.1", 2)):
        std(v, f"statement/{statement}", "StandardStatement", statement, f"module/{module}")
    for code, statement, distinction in (("K1.1", "1.1", False), ("K1.2", "1.1", True),
                                         ("K1.3", "1.2", False), ("K1.4", "1.3", False),
                                         ("S2.1", "2.1", True), ("S2.2", "2.1", False)):
        std(v, f"criterion/{code}", "Criterion", code, f"statement/{statement}",
            ksb_type={"K": "Knowledge", "S": "Skill"}[code[0]], distinction=distinction)
    v.add_node("epa:method/d", framework="epa", kind="AssessmentMethod", notation="3",
               label="Discussion")
    v.add_node("epa:method/o", framework="epa", kind="AssessmentMethod", notation="1",
               label="Observation")
    v.add_node("epa:method/d/component/c", framework="epa", kind="AssessmentComponent",
               notation="", label="Component")
    v.add_edge("epa:method/d", "standard:module/1", key="assesses")
    v.add_edge("epa:method/d", "standard:module/2", key="assesses")
    v.add_edge("epa:method/o", "standard:module/2", key="assesses")
    v.add_edge("epa:method/d/component/c", "standard:module/1", key="assesses")
    ac(v, "q", "1", "1.1", "criterion/K1.1")
    ac(v, "q", "2", "2.1", "statement/2.1")
    ac(v, "q", "3", "3.1", "criterion/K1.3")
    ac(v, "r", "1", "1.1", "module/1")
    ac(v, "s", "1", "1.1", "module/1")
    v.graph["no_mapping"] = {"q": {"standard:statement/1.3"}}
    return v


COUNTS = ["items", "direct", "inherited", "no_mapping", "unmapped", "covered"]


def counts(fit):
    return {(m, g): list(row) for m, g, *row in fit[["measure", "group", *COUNTS]].values}


def test_fit_counts_every_measure(view):
    assert counts(qualification_fit(view, "q")) == {
        ("modules", "all"): [2, 0, 2, 0, 0, 2],
        ("statements", "all"): [4, 1, 2, 1, 0, 3],  # 2.1 direct; 1.1, 1.2 rolled up; 1.3 stated
        ("criteria", "all"): [6, 2, 2, 1, 1, 4],  # K1.1, K1.3; S2.x from 2.1; K1.4; K1.2
        ("criteria by KSB type", "Knowledge"): [4, 2, 0, 1, 1, 2],
        ("criteria by KSB type", "Skill"): [2, 0, 2, 0, 0, 2],
        ("criteria by EPA method", "Discussion"): [6, 2, 2, 1, 1, 4],  # both modules
        ("criteria by EPA method", "Observation"): [2, 0, 2, 0, 0, 2],  # the component is no method
        ("distinction criteria", "all"): [2, 0, 1, 0, 1, 1],  # S2.1 inherited, K1.2 unmapped
    }


def test_fit_share_is_covered_over_items(view):
    fit = qualification_fit(view, "q").set_index(["measure", "group"])
    assert fit.loc[("criteria", "all"), "share"] == pytest.approx(4 / 6)
    assert fit.loc[("statements", "all"), "share"] == pytest.approx(3 / 4)


def test_fit_restricted_to_units(view):
    fit = counts(qualification_fit(view, "q", units=["q:unit/1"]))
    assert fit[("criteria", "all")] == [6, 1, 0, 1, 4, 1]
    assert fit[("modules", "all")] == [2, 0, 1, 0, 1, 1]


def test_ranking_weighs_direct_evidence_first(view):
    ranking = fit_ranking(view, ["r", "s", "q"])
    assert ranking[["framework", "rank", "criteria_direct", "criteria_covered"]].values.tolist() \
        == [["q", 1, 2, 4], ["r", 2, 0, 4], ["s", 2, 0, 4]]  # r and s tie
    assert ranking["reasons"][0] == (
        "covers 2 of 6 criteria directly; 2 more only through the statement or module above "
        "them; no unit covers K1.2, K1.4; maps 1 of 4 statements directly, covers 3; "
        "states \"No mapping\" for statement 1.3; maps 0 of 2 modules directly; "
        "covers 1 of 2 distinction criteria")


def rules(flags, choose=None):
    return pd.DataFrame({"framework": "q", "notation": list(flags),
                         "mandatory": list(flags.values()),
                         "choose": pd.array([choose] * len(flags), dtype="Int64")})


def gains(frame):
    return {row.choice: (row.criteria_covered, row.statements_covered, row.modules_covered,
                         row.criteria_gain, row.statements_gain, row.modules_gain)
            for row in frame.itertuples()}


def test_optional_gain_without_a_rule_weighs_each_unit_and_all_together(view):
    frame = optional_unit_gain(view, "q", rules({"1": True, "2": False, "3": False}))
    assert frame["choice"].tolist() == ["mandatory units only", "+ units 2, 3", "+ unit 2",
                                        "+ unit 3"]
    assert gains(frame) == {
        "mandatory units only": (1, 1, 1, 0, 0, 0),  # K1.1, statement 1.1, module 1
        "+ units 2, 3": (4, 3, 2, 3, 2, 1),
        "+ unit 2": (3, 2, 2, 2, 1, 1),  # S2.1, S2.2, statement 2.1, module 2
        "+ unit 3": (2, 2, 1, 1, 1, 0),  # K1.3, statement 1.2
    }
    assert frame["units"][1] == "1, 2, 3"


def test_optional_gain_follows_the_rule(view):
    frame = optional_unit_gain(view, "q", rules({"1": True, "2": False, "3": False}, choose=1))
    assert frame["choice"].tolist() == ["mandatory units only", "+ unit 2", "+ unit 3"]


def test_units_without_a_flag_are_mandatory(view):
    assert optional_unit_gain(view, "q", rules({"3": False}))["units"][0] == "1, 2"
    assert optional_unit_gain(view, "q", rules({})).empty


def test_unit_rules_read_flags_and_the_optional_rule(tiny):
    def row(**kw):
        return {"source_file": "x", "source_line": 1, **kw}

    tiny["items"] = pd.concat([tiny["items"], table("items", [
        row(framework="acme", item_id="unit/10", kind="Unit", notation="10", label="U10")])])
    tiny["properties"] = pd.concat([tiny["properties"], table("properties", [
        row(framework="acme", item_id="unit/10", property="mandatory", value="false"),
        row(framework="acme", item_id="", property="structure_rule",
            value="Learners must achieve all six mandatory units."),
        row(framework="acme", item_id="", property="structure_rule",
            value="Learners must achieve two units from the optional units.")])])
    frame = unit_rules(build_graph(tiny))
    assert frame.values.tolist() == [["acme", "1", True, 2], ["acme", "10", False, 2]]


@pytest.fixture(scope="module")
def real():
    graph = build_graph(read_tables(DATA_DIR))
    return graph, to_networkx(graph)


def test_highfield_covers_66_of_75_criteria_directly(real):
    _, view = real
    fit = qualification_fit(view, "highfield").set_index(["measure", "group"])
    assert fit.loc[("criteria", "all"), ["items", "direct", "unmapped"]].tolist() == [75, 66, 9]
    # the rows with an empty unit cell, highfield-csp-mapping.txt lines 22, 25, 38, 57, 76,
    # 99, 104, 106 (K1.5, K1.6, K4.1, S8.5, S11.3, B15.5, B17.2, B18.2), and module 2's
    # uncoded criterion, which Highfield lacks (training manual line 239)
    ranking = fit_ranking(view).set_index("framework")
    assert "no unit covers K1.5, K1.6, K2 (uncoded), K4.1, S8.5, S11.3, B15.5, B17.2, B18.2;" \
        in ranking.loc["highfield", "reasons"]
    assert ranking["rank"].to_dict() == {"highfield": 1, "ncfe": 2, "cityguilds": 3}


def test_grains_differ_across_qualifications(real):
    _, view = real
    ranking = fit_ranking(view).set_index("framework")
    # C&G maps only to modules (handbook Appendix 1), so all 75 criteria are inherited
    assert ranking.loc["cityguilds", ["criteria_direct", "modules_direct",
                                      "criteria_covered"]].tolist() == [0, 18, 75]
    # NCFE maps statements; "No mapping" for 1.1 and 2.2 (ncfe-601-3973-0-mapping.txt lines 9
    # and 22), so K1.4 (under 1.1, as the training manual's line 221 sets it) and K2.3 (core
    # values, under 2.2) are the criteria it does not cover
    assert ranking.loc["ncfe", ["criteria_direct", "statements_direct",
                                "criteria_covered"]].tolist() == [0, 32, 73]
    assert "no unit covers K1.4, K2.3;" in ranking.loc["ncfe", "reasons"]


def test_real_optional_units(real):
    graph, view = real
    rules_ = unit_rules(graph)
    highfield = optional_unit_gain(view, "highfield", rules_)
    # Highfield lines 60-68, 103: unit 7 alone maps S9.1-S9.3, S9.7, S9.8, B17.1; unit 8
    # alone S9.4-S9.8; units 1-6 map none of them. Statement 1.1 counts through K1.4 (Unit 1
    # LO1 AC1.1, line 21), which the training manual's line 221 sets under it.
    assert gains(highfield) == {
        "mandatory units only": (57, 30, 16, 0, 0, 0),
        "+ units 7, 8": (66, 33, 18, 9, 3, 2),
        "+ unit 7": (63, 33, 18, 6, 3, 2),
        "+ unit 8": (62, 32, 17, 5, 2, 1),
    }
    # C&G handbook lines 91-106: six mandatory units plus one optional; Appendix 1 maps no
    # optional unit, so no choice adds anything
    cityguilds = optional_unit_gain(view, "cityguilds", rules_)
    assert cityguilds["choice"].tolist()[1:] == [f"+ unit {u}" for u in range(207, 214)]
    assert set(cityguilds["criteria_gain"]) == {0}
    assert optional_unit_gain(view, "ncfe", rules_).empty  # NCFE marks no unit optional


def test_the_verdict_says_whether_its_counts_take_the_optional_units():
    ranking = pd.DataFrame({"framework": ["a"], "rank": [1], "score": [0.9],
                            "evidence_criterion": [9], "evidence_statement": [0],
                            "evidence_module": [0], "evidence_no_mapping": [0],
                            "evidence_unmapped": [1]})
    both = pd.DataFrame([["a", "7, 8", "7, 8", 20, 2, "K1.1, K1.2"],
                         ["a", "7", "7", 10, 1, "K1.1"], ["a", "8", "8", 10, 1, "K1.2"]],
                        columns=UNIT_CHOICE_COLUMNS)
    assert verdict(ranking, choices=both).endswith(
        "That counts its optional units 7, 8 (20 GLH): without them, K1.1, K1.2 are evidenced "
        "less finely or not at all.")
    # a rule allows one of units 7 and 8: the best choice is not every optional unit
    one = both.iloc[1:].assign(glh=[None, 10]).astype({"glh": "Int64"})
    assert verdict(ranking, choices=one).endswith(
        "Choosing optional unit 7 (GLH not stated) improves the evidence for K1.1, against the "
        "mandatory units alone.")
