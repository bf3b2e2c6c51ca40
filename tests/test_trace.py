"""Tracing one standard item: on a hand-made view, then against the sources."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.network import to_networkx
from graph.analysis.trace import trace
from graph.ingest.sources import DATA_DIR
from graph.model.build import build_graph
from graph.model.tables_io import read_tables


def node(view, key, kind, notation, parent=None):
    view.add_node(key, framework=key.split(":")[0], kind=kind, notation=notation, label=key)
    if parent:
        view.add_edge(key, parent, key="broader")


@pytest.fixture
def view():
    """Module 1 > statement 1.1 > K1.1, K1.2. Qualification "q": unit 1's AC 1.1 covers K1.1,
    unit 2's AC 2.1 covers statement 1.1, unit 3's AC 3.1 covers module 1. Manual "m": task 1
    covers coverage item 1.1.1 under statement 1.1. EPA method "d" assesses module 1."""
    v = nx.MultiDiGraph()
    node(v, "standard:module/1", "Module", "1")
    node(v, "standard:statement/1.1", "StandardStatement", "1.1", "standard:module/1")
    node(v, "standard:criterion/K1.1", "Criterion", "K1.1", "standard:statement/1.1")
    node(v, "standard:criterion/K1.2", "Criterion", "K1.2", "standard:statement/1.1")
    for unit, target in (("1", "criterion/K1.1"), ("2", "statement/1.1"), ("3", "module/1")):
        node(v, f"q:unit/{unit}", "Unit", unit)
        node(v, f"q:unit/{unit}/ac/{unit}.1", "AssessmentCriterion", f"{unit}.1",
             f"q:unit/{unit}")
        v.add_edge(f"q:unit/{unit}/ac/{unit}.1", f"standard:{target}", key="covers")
    node(v, "m:coverage/1.1.1", "CoverageItem", "1.1.1", "standard:statement/1.1")
    node(v, "m:task/1", "TrainingTask", "")
    v.add_edge("m:task/1", "m:coverage/1.1.1", key="covers")
    node(v, "epa:method/d", "AssessmentMethod", "3")
    v.add_edge("epa:method/d", "standard:module/1", key="assesses")
    return v


def rows(frame):
    return frame[["framework", "item", "unit", "how", "via"]].values.tolist()


def test_criterion_inherits_from_its_statement_and_module(view):
    assert rows(trace(view, "K1.1")) == [
        ["epa", "method/d", "", "inherited", "module 1"],
        ["m", "task/1", "", "inherited", "statement 1.1"],
        ["q", "unit/1/ac/1.1", "1", "direct", "criterion K1.1"],
        ["q", "unit/2/ac/2.1", "2", "inherited", "statement 1.1"],
        ["q", "unit/3/ac/3.1", "3", "inherited", "module 1"],
    ]
    assert trace(view, "K1.2")["item"].tolist() == [
        "method/d", "task/1", "unit/2/ac/2.1", "unit/3/ac/3.1"]


def test_statement_gathers_criteria_below_and_module_above(view):
    assert rows(trace(view, "1.1")) == [
        ["epa", "method/d", "", "inherited", "module 1"],
        ["m", "task/1", "", "direct", "statement 1.1"],  # through its coverage item
        ["q", "unit/2/ac/2.1", "2", "direct", "statement 1.1"],
        ["q", "unit/1/ac/1.1", "1", "inherited", "criterion K1.1"],
        ["q", "unit/3/ac/3.1", "3", "inherited", "module 1"],
    ]


def test_module_is_assessed_directly(view):
    frame = trace(view, "1")
    assert frame.loc[frame["framework"] == "epa", ["kind", "how"]].values.tolist() == [
        ["AssessmentMethod", "direct"]]
    assert frame.columns.tolist() == ["framework", "kind", "item", "notation", "label", "unit",
                                      "how", "via"]


def test_notation_is_resolved_by_its_form(view):
    assert len(trace(view, " k1.1 ")) == 5
    for unknown in ("K9.9", "9.9", "9", "Unit 1", ""):
        with pytest.raises(ValueError, match=f"^no criterion, statement or module {unknown}$"):
            trace(view, unknown)


@pytest.fixture(scope="module")
def real():
    return to_networkx(build_graph(read_tables(DATA_DIR)))


def test_real_trace_of_k1_1(real):
    frame = trace(real, "K1.1")
    by = {f: frame.loc[frame["framework"] == f, ["item", "how", "via"]].values.tolist()
          for f in frame["framework"].unique()}
    # highfield-csp-mapping.txt line 20: K1.1 | Unit 1 | LO1: AC1.2 | pages 3,4 | Q1
    assert by["highfield"] == [["unit/1/lo/1/ac/1.2", "direct", "criterion K1.1"]]
    assert by["highfield-textbook"] == [["booklet/1/page/3", "direct", "criterion K1.1"],
                                        ["booklet/1/page/4", "direct", "criterion K1.1"]]
    assert by["highfield-workbook"] == [["booklet/1/question/1", "direct", "criterion K1.1"]]
    # ncfe-601-3973-0-mapping.txt line 10: statement 1.2 -> Unit 2 1.1 and Unit 17 1.7
    assert by["ncfe"] == [["unit/2/ac/1.1", "inherited", "statement 1.2"],
                          ["unit/17/ac/1.7", "inherited", "statement 1.2"]]
    # C&G handbook Appendix 1 (line 3008): module 1 -> Unit 204 1.1-1.5, Unit 205 5.1-5.7
    assert [item for item, _, _ in by["cityguilds"]] == \
        [f"unit/204/lo/1/ac/1.{n}" for n in range(1, 6)] + \
        [f"unit/205/lo/5/ac/5.{n}" for n in range(1, 8)]
    assert {(how, via) for _, how, via in by["cityguilds"]} == {("inherited", "module 1")}
    # activeiq-epa-toolkit.txt line 964: professional discussion covers "Knowing your customers"
    epa = frame[frame["framework"] == "epa"]
    assert epa[["label", "how", "via"]].values.tolist() == [
        ["Professional discussion", "inherited", "module 1"]]
    assert set(frame.loc[frame["framework"] == "ncfe", "unit"]) == {"2", "17"}
