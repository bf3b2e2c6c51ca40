"""Coverage status rules on a hand-made view, then answers read in the real sources."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.coverage import coverage_status, direct_coverage
from graph.analysis.network import to_networkx
from graph.store.cache import load_graph


def std(view, item_id, kind, notation, parent=None):
    view.add_node(f"standard:{item_id}", framework="standard", kind=kind, notation=notation,
                  label=item_id)
    if parent:
        view.add_edge(f"standard:{item_id}", f"standard:{parent}", key="broader")


@pytest.fixture
def view():
    """Module 1 > statements 1.1, 1.2 > criteria K1.1 (under 1.1), K1.2 (under 1.2); module 2 >
    statement 2.1 > K2.1. Framework "q" maps an AC to K1.1 and a unit to module 2; framework
    "n" states "No mapping" for statement 1.2; "m" maps a task to a coverage item of 1.2."""
    v = nx.MultiDiGraph()
    std(v, "module/1", "Module", "1")
    std(v, "module/2", "Module", "2")
    std(v, "statement/1.1", "StandardStatement", "1.1", "module/1")
    std(v, "statement/1.2", "StandardStatement", "1.2", "module/1")
    std(v, "statement/2.1", "StandardStatement", "2.1", "module/2")
    std(v, "criterion/K1.1", "Criterion", "K1.1", "statement/1.1")
    std(v, "criterion/K1.2", "Criterion", "K1.2", "statement/1.2")
    std(v, "criterion/K2.1", "Criterion", "K2.1", "statement/2.1")
    v.add_node("q:unit/1", framework="q", kind="Unit", notation="1", label="U1")
    v.add_node("q:unit/1/ac/1.1", framework="q", kind="AssessmentCriterion", notation="1.1",
               label="AC")
    v.add_edge("q:unit/1/ac/1.1", "q:unit/1", key="broader")
    v.add_edge("q:unit/1/ac/1.1", "standard:criterion/K1.1", key="covers")
    v.add_node("q:unit/2", framework="q", kind="Unit", notation="2", label="U2")
    v.add_edge("q:unit/2", "standard:module/2", key="covers")
    v.add_node("m:task/1", framework="m", kind="TrainingTask", notation="1", label="T1")
    v.add_node("m:cov/1.2.1", framework="m", kind="CoverageItem", notation="1.1", label="C")
    v.add_edge("m:cov/1.2.1", "standard:statement/1.2", key="broader")
    v.add_edge("m:task/1", "m:cov/1.2.1", key="covers")
    v.graph["no_mapping"] = {"n": {"standard:statement/1.2"}}
    return v


def statuses(view, framework, level):
    frame = coverage_status(view, framework, level)
    return dict(zip(frame["notation"], zip(frame["status"], frame["via"], strict=True),
                    strict=True))


def test_direct_and_roll_up_and_roll_down(view):
    assert statuses(view, "q", "criterion") == {
        "K1.1": ("direct", ""), "K1.2": ("unmapped", ""),
        "K2.1": ("inherited", "module 2")}  # roll-down from the module
    assert statuses(view, "q", "module") == {
        "1": ("inherited", "criterion K1.1"),  # roll-up from a criterion
        "2": ("direct", "")}
    assert statuses(view, "q", "statement")["1.1"] == ("inherited", "criterion K1.1")


def test_evidence_tier_is_the_finest_grain_mapped(view):
    def tiers(framework, level):
        frame = coverage_status(view, framework, level)
        return dict(zip(frame["notation"], frame["evidence"], strict=True))

    assert tiers("q", "criterion") == {"K1.1": "criterion", "K1.2": "unmapped",
                                       "K2.1": "module"}
    assert tiers("q", "module") == {"1": "criterion", "2": "module"}
    assert tiers("m", "criterion")["K1.2"] == "statement"  # the task's coverage item is 1.2's
    assert tiers("n", "criterion")["K1.2"] == "no-mapping"


def test_no_mapping_on_the_item_and_below_it(view):
    assert statuses(view, "n", "statement")["1.2"] == ("no-mapping", "")
    assert statuses(view, "n", "criterion")["K1.2"] == ("no-mapping", "statement 1.2")
    assert statuses(view, "n", "criterion")["K1.1"] == ("unmapped", "")


def test_training_task_covers_the_statement_of_its_coverage_item(view):
    assert direct_coverage(view, "m") == {"standard:statement/1.2": {"m:task/1"}}
    assert statuses(view, "m", "criterion")["K1.2"] == ("inherited", "statement 1.2")


def test_units_filter(view):
    assert statuses(view, "q", "module")["2"] == ("direct", "")
    frame = coverage_status(view, "q", "module", units={"q:unit/1"})
    assert dict(zip(frame["notation"], frame["status"], strict=True)) == {
        "1": "inherited", "2": "unmapped"}


@pytest.fixture(scope="module")
def real():
    return to_networkx(load_graph())


def test_real_highfield_criteria(real):
    frame = coverage_status(real, "highfield", "criterion")
    unmapped = frame[frame["status"] == "unmapped"]["notation"].tolist()
    # the rows with an empty unit cell in highfield-csp-mapping.txt (lines 22, 25, 38, 58,
    # 76, 99, 104, 106) and module 2's uncoded criterion (training manual line 239)
    assert unmapped == ["K1.5", "K1.6", "K2 (uncoded)", "K4.1", "S8.5", "S11.3", "B15.5",
                        "B17.2", "B18.2"]
    assert (frame["status"] == "direct").sum() == 66


def test_real_ncfe_statements_and_no_mapping(real):
    frame = coverage_status(real, "ncfe", "statement")
    assert frame[frame["status"] == "no-mapping"]["notation"].tolist() == ["1.1", "2.2"]
    criteria = coverage_status(real, "ncfe", "criterion").set_index("notation")
    assert criteria.loc["K2.3", "status"] == "no-mapping"  # K2.3 sits under statement 2.2
    assert criteria.loc["K1.1", "via"] == "statement 1.2"
    assert criteria.loc["K1.1", "evidence"] == "statement"


def test_real_cityguilds_maps_every_module(real):
    frame = coverage_status(real, "cityguilds", "module")
    assert set(frame["status"]) == {"direct"} and len(frame) == 18
    criteria = coverage_status(real, "cityguilds", "criterion")
    assert set(criteria["evidence"]) == {"module"}  # claims for whole modules only
