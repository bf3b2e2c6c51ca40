"""The coverage map: what it draws for each filter, its layout and its HTML."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.coverage import LEVEL_KINDS, STATUSES, coverage_status
from graph.ingest.sources import DATA_DIR
from graph.ui.data import load_explorer
from graph.ui.network_map import (
    layout,
    legend_html,
    map_graph,
    node_title,
    nodes_table,
    source_lines,
    to_pyvis_html,
)

ALL_MODULES = ["1", "8"]
ALL_KSB = ["Knowledge", "Skill", "Behaviour"]
ATTACK = "<script>alert(1)</script>"


def tiny_view() -> nx.MultiDiGraph:
    """Module 1 (Knowledge): statement 1.1 with K1.1, statement 1.2 with K1.2 and K1.3.
    Module 8 (Skill): statement 8.1 with S8.1.

    * highfield: unit 1 > LO 1 > AC 1.1 covers K1.1, AC 1.2 covers K1.2;
    * ncfe: unit 1 > AC 1.1 covers statement 1.2, AC 1.2 covers statement 8.1;
    * cityguilds: unit 201 > LO 1 > AC 1.1 covers module 1;
    * cityguilds-manual: task 1 covers coverage item 1.1 of statement 1.1;
    * epa: method observation assesses module 8.
    """
    view = nx.MultiDiGraph()

    def item(key, kind, notation, label, up=None, **attrs):
        view.add_node(key, framework=key.partition(":")[0], kind=kind, notation=notation,
                      label=label, **attrs)
        if up:
            view.add_edge(key, up, key="broader", type="broader")

    def edge(subject, target, relation="covers"):
        view.add_edge(subject, target, key=relation, type=relation)

    s = "standard:"
    item(f"{s}module/1", "Module", "1", "Knowing your customers", ksb_type="Knowledge")
    item(f"{s}module/8", "Module", "8", "Interpersonal skills", ksb_type="Skill")
    item(f"{s}statement/1.1", "StandardStatement", "1.1", "Know customers", f"{s}module/1")
    item(f"{s}statement/1.2", "StandardStatement", "1.2", "Know kinds", f"{s}module/1")
    item(f"{s}statement/8.1", "StandardStatement", "8.1", "Listen", f"{s}module/8")
    for code, statement, label, ksb in (("K1.1", "1.1", "Explain", "Knowledge"),
                                        ("K1.2", "1.2", "Describe", "Knowledge"),
                                        ("K1.3", "1.2", ATTACK, "Knowledge"),
                                        ("S8.1", "8.1", "Use listening", "Skill")):
        item(f"{s}criterion/{code}", "Criterion", code, label, f"{s}statement/{statement}",
             ksb_type=ksb, distinction=False)
    item("highfield:unit/1", "Unit", "1", "Unit 1")
    item("highfield:unit/1/lo/1", "LearningOutcome", "1", "LO1", "highfield:unit/1")
    for ac, target in (("1.1", "K1.1"), ("1.2", "K1.2")):
        item(f"highfield:unit/1/lo/1/ac/{ac}", "AssessmentCriterion", ac, f"AC{ac}",
             "highfield:unit/1/lo/1")
        edge(f"highfield:unit/1/lo/1/ac/{ac}", f"{s}criterion/{target}")
    item("ncfe:unit/1", "Unit", "1", "Unit 1")
    for ac, target in (("1.1", "1.2"), ("1.2", "8.1")):
        item(f"ncfe:unit/1/ac/{ac}", "AssessmentCriterion", ac, f"AC {ac}", "ncfe:unit/1")
        edge(f"ncfe:unit/1/ac/{ac}", f"{s}statement/{target}")
    item("cityguilds:unit/201", "Unit", "201", "Unit 201")
    item("cityguilds:unit/201/lo/1", "LearningOutcome", "1", "LO1", "cityguilds:unit/201")
    item("cityguilds:unit/201/lo/1/ac/1.1", "AssessmentCriterion", "1.1", "AC",
         "cityguilds:unit/201/lo/1")
    edge("cityguilds:unit/201/lo/1/ac/1.1", f"{s}module/1")
    item("cityguilds-manual:module/1/coverage/1.1", "CoverageItem", "1.1", "Who?",
         f"{s}statement/1.1")
    item("cityguilds-manual:task/1", "TrainingTask", "1", "Know your customers")
    edge("cityguilds-manual:task/1", "cityguilds-manual:module/1/coverage/1.1")
    item("epa:method/observation", "AssessmentMethod", "1", "Practical observation")
    edge("epa:method/observation", f"{s}module/8", "assesses")
    view.graph["no_mapping"] = {}
    return view


FRAMEWORKS = ["highfield", "ncfe", "cityguilds", "cityguilds-manual", "epa"]


@pytest.fixture(scope="module")
def view():
    return tiny_view()


@pytest.fixture(scope="module")
def coverage(view):
    return pd.concat([coverage_status(view, f, level) for f in FRAMEWORKS
                      for level in LEVEL_KINDS], ignore_index=True)


def draw(view, coverage, frameworks=FRAMEWORKS, modules=ALL_MODULES, ksb=ALL_KSB,
         statuses=STATUSES, **kw):
    return map_graph(view, coverage, frameworks, modules, ksb, statuses, **kw)


def edges_of(graph, kind):
    return {(s, t) for s, t, d in graph.edges(data=True) if d["type"] == kind}


def standard(graph):
    return {n for n, d in graph.nodes(data=True) if d["framework"] == "standard"}


def test_full_map_has_every_item_and_typed_edges(view, coverage):
    graph = draw(view, coverage)
    assert set(graph) == set(view)
    assert edges_of(graph, "asserted") == {(s, t) for s, t, k in view.edges(keys=True)
                                           if k != "broader"}
    assert edges_of(graph, "hierarchy") == {(s, t) for s, t, k in view.edges(keys=True)
                                            if k == "broader"}
    assert not edges_of(graph, "inherited")  # every inheritance path is on the map
    assert graph.edges["epa:method/observation", "standard:module/8"]["relation"] == "assesses"
    assert graph.graph == {"capped": False, "total_nodes": 22, "max_nodes": 900,
                           "modules_shown": ["1", "8"]}


def test_framework_filter_keeps_only_the_chosen_frameworks_items(view, coverage):
    graph = draw(view, coverage, frameworks=["highfield"])
    assert {d["framework"] for _, d in graph.nodes(data=True)} == {"standard", "highfield"}
    assert ("highfield:unit/1/lo/1/ac/1.1", "highfield:unit/1/lo/1") in edges_of(
        graph, "hierarchy")
    assert graph.nodes["standard:criterion/K1.1"]["status"] == {"highfield": "direct"}


def test_module_and_ksb_filters_keep_module_8(view, coverage):
    for graph in (draw(view, coverage, modules=["8"]), draw(view, coverage, ksb=["Skill"])):
        assert standard(graph) == {"standard:module/8", "standard:statement/8.1",
                                   "standard:criterion/S8.1"}
        assert "ncfe:unit/1/ac/1.2" in graph and "ncfe:unit/1" in graph
        assert "ncfe:unit/1/ac/1.1" not in graph  # it covers statement 1.2, in module 1
        assert "epa:method/observation" in graph and "highfield:unit/1" not in graph


def test_status_filter_keeps_criteria_with_that_status_and_their_parents(view, coverage):
    graph = draw(view, coverage, frameworks=["highfield"], statuses=["unmapped"])
    assert standard(graph) == {"standard:criterion/K1.3", "standard:criterion/S8.1",
                               "standard:statement/1.2", "standard:statement/8.1",
                               "standard:module/1", "standard:module/8"}


def test_inherited_edges_only_where_the_map_hides_the_path(view, coverage):
    graph = draw(view, coverage, frameworks=["highfield"], statuses=["inherited"])
    assert standard(graph) == {"standard:statement/1.1", "standard:statement/1.2",
                               "standard:module/1"}
    # statement 1.1 is covered through K1.1, which the filter hides; module 1 is reached
    # through the statements' dashed edges, so it gets none.
    assert edges_of(graph, "inherited") == {
        ("highfield:unit/1/lo/1/ac/1.1", "standard:statement/1.1"),
        ("highfield:unit/1/lo/1/ac/1.2", "standard:statement/1.2")}


def test_manual_tasks_reach_the_standard_through_coverage_items(view, coverage):
    graph = draw(view, coverage, frameworks=["cityguilds-manual"])
    assert ("cityguilds-manual:task/1", "cityguilds-manual:module/1/coverage/1.1") in \
        edges_of(graph, "asserted")
    assert ("cityguilds-manual:module/1/coverage/1.1", "standard:statement/1.1") in \
        edges_of(graph, "hierarchy")


def test_suggestions_are_dotted_and_never_replace_an_asserted_edge(view, coverage):
    suggested = pd.DataFrame({"framework": ["ncfe", "ncfe", "highfield"],
                              "notation": ["1.1", "1.2", "1.1"],
                              "candidate": ["unit/1/ac/1.2", "unit/1/ac/1.1", "unit/1/lo/1"]})
    graph = draw(view, coverage, frameworks=["ncfe"], suggested=suggested)
    assert edges_of(graph, "suggested") == {("ncfe:unit/1/ac/1.2", "standard:statement/1.1")}
    assert graph.edges["ncfe:unit/1/ac/1.1", "standard:statement/1.2"]["type"] == "asserted"


def test_the_cap_keeps_whole_modules_and_says_so(view, coverage):
    full = draw(view, coverage)
    module_1 = draw(view, coverage, modules=["1"])
    graph = draw(view, coverage, max_nodes=len(module_1))
    assert set(graph) == set(module_1)
    assert graph.graph == {"capped": True, "total_nodes": len(full), "max_nodes": len(module_1),
                           "modules_shown": ["1"]}
    tiny = draw(view, coverage, max_nodes=3)
    assert list(tiny) == ["standard:module/1", "standard:statement/1.1",
                          "standard:statement/1.2"]
    assert tiny.graph["capped"]


def test_nothing_to_draw_is_an_empty_graph(view, coverage):
    assert len(draw(view, coverage, modules=[])) == 0
    assert len(draw(view, coverage, statuses=[])) == 0
    assert nodes_table(draw(view, coverage, modules=[])).empty


def test_layout_is_deterministic_and_places_every_node_apart(view, coverage):
    first = layout(draw(view, coverage))
    again = layout(draw(view, coverage))
    assert first == again
    assert set(first) == set(view)
    assert len(set(first.values())) == len(first)


def test_html_escapes_document_text_and_draws_every_node_fixed(view, coverage):
    graph = draw(view, coverage)
    graph.nodes["highfield:unit/1"]["notation"] = ATTACK
    html = to_pyvis_html(graph, layout(graph), sources={"standard:criterion/K1.3": ATTACK})
    assert ATTACK not in html
    assert "<script>alert" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html  # escaped, then JSON-encoded
    for node in graph:
        assert f'"{node}"' in html
    assert '"physics": false' in html
    assert "cdn.jsdelivr" not in html and "vis.Network" in html  # vis-network inlined


def test_node_title_escapes_and_names_kind_framework_and_source():
    title = node_title("q:ac/1", {"framework": "q", "kind": "AssessmentCriterion",
                                  "notation": "1.1", "label": ATTACK}, "q.txt line 7")
    assert ATTACK not in title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "assessment criterion" in title and "q.txt line 7" in title


def test_nodes_table_and_legend(view, coverage):
    graph = draw(view, coverage, frameworks=["ncfe"])
    table = nodes_table(graph, {"ncfe:unit/1": "ncfe.txt line 3"})
    assert len(table) == len(graph)
    assert table["node"].iloc[0] == "standard:criterion/K1.1"
    assert table.set_index("node").loc["ncfe:unit/1", "source"] == "ncfe.txt line 3"
    assert table.set_index("node").loc["standard:statement/1.2", "coverage"] == "ncfe: direct"
    legend = legend_html(["ncfe"])
    assert "ncfe" in legend and "highfield" not in legend
    assert all(word in legend for word in ("asserted", "inherited", "suggested", "dashed"))


@pytest.fixture(scope="module")
def real():
    return load_explorer(DATA_DIR)


def test_real_module_1_map(real):
    graph = map_graph(real.view, real.coverage, real.frameworks["framework"], ["1"],
                      ALL_KSB, STATUSES)
    assert not graph.graph["capped"]
    assert {f"standard:criterion/K1.{i}" for i in range(1, 7)} <= set(graph)
    assert ("highfield:unit/1/lo/1/ac/1.2", "standard:criterion/K1.1") in edges_of(
        graph, "asserted")
    lines = source_lines(real.graph)
    assert set(real.view) <= set(lines)
    assert lines["standard:criterion/K1.1"].startswith("highfield-csp-mapping.txt line ")
    html = to_pyvis_html(graph, layout(graph), sources=lines)
    assert "highfield:unit/1/lo/1/ac/1.2" in html
