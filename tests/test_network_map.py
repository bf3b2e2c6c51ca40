"""The coverage maps: the focus view and the overview (what they draw, where, how it looks
and what a click opens), and the detail map (what it draws for each filter, its ring layout
and its HTML), on a tiny hand-made view and on the bundled data."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.coverage import LEVEL_KINDS, STATUSES, coverage_status
from graph.ingest.sources import DATA_DIR
from graph.ui.data import load_explorer
from graph.ui.map_data import (
    framework_names,
    item_name,
    resolve_item,
    search_options,
)
from graph.ui.map_export import to_svg
from graph.ui.map_focus import focus_graph, overview_drawing, overview_graph, trace_targets
from graph.ui.map_layout import (
    FRAMEWORK_COLUMN,
    ROW,
    column_layout,
    label_box,
    overlaps,
    overview_layout,
)
from graph.ui.map_render import (
    family_colours,
    framework_links,
    legend_html,
    module_links,
    node_options,
    node_title,
    render_html,
)
from graph.ui.network_map import (
    layout,
    map_graph,
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


def test_detail_html_escapes_document_text_and_draws_every_node_fixed(view, coverage):
    graph = draw(view, coverage)
    graph.nodes["highfield:unit/1"]["notation"] = ATTACK
    html = to_pyvis_html(graph, layout(graph), sources={"standard:criterion/K1.3": ATTACK})
    assert "<script>alert" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html  # escaped, then JSON-encoded
    for node in graph:
        assert f'"{node}"' in html
    assert '"physics": false' in html
    assert "cdn.jsdelivr" not in html and "vis.Network" in html  # vis-network inlined


def test_nodes_table(view, coverage):
    graph = draw(view, coverage, frameworks=["ncfe"])
    table = nodes_table(graph, {"ncfe:unit/1": "ncfe.txt line 3"})
    assert len(table) == len(graph)
    assert table["node"].iloc[0] == "standard:criterion/K1.1"
    assert table.set_index("node").loc["ncfe:unit/1", "source"] == "ncfe.txt line 3"
    assert table.set_index("node").loc["standard:statement/1.2", "coverage"] == "ncfe: direct"


# The readable maps ------------------------------------------------------------------------

NAMES = {"standard": "The standard", "highfield": "Highfield qualification",
         "ncfe": "NCFE qualification", "cityguilds": "City & Guilds qualification",
         "cityguilds-manual": "City & Guilds training manual",
         "epa": "Active IQ end-point assessment"}
COLOURS = {"standard": "#000000", "highfield": "#0072B2", "ncfe": "#E69F00",
           "cityguilds": "#009E73", "cityguilds-manual": "#009E73", "epa": "#CC79A7"}
K11 = "standard:criterion/K1.1"


def typed_edges(graph) -> dict[tuple[str, str], str]:
    return {(s, t): d["type"] for s, t, d in graph.edges(data=True)}


def boxes(graph, positions) -> dict:
    return {n: label_box(node_options(n, graph.nodes[n], "#000000",
                                      focus=n == graph.graph.get("focus")), positions[n])
            for n in graph}


def test_focus_on_a_criterion_shows_what_covers_it_at_each_tier(view):
    graph = focus_graph(view, K11, FRAMEWORKS)
    assert set(graph) == {K11, "standard:statement/1.1", "standard:module/1",
                          "highfield:unit/1/lo/1/ac/1.1", "highfield:unit/1/lo/1",
                          "highfield:unit/1", "cityguilds:unit/201", "cityguilds-manual:task/1"}
    assert typed_edges(graph) == {
        (K11, "standard:statement/1.1"): "hierarchy",
        ("standard:statement/1.1", "standard:module/1"): "hierarchy",
        ("highfield:unit/1/lo/1/ac/1.1", K11): "criterion",
        ("highfield:unit/1/lo/1/ac/1.1", "highfield:unit/1/lo/1"): "hierarchy",
        ("highfield:unit/1/lo/1", "highfield:unit/1"): "hierarchy",
        # the module-level claim of City & Guilds' AC 1.1 is drawn from its unit
        ("cityguilds:unit/201", "standard:module/1"): "module",
        # the task reaches statement 1.1 through the manual's coverage item
        ("cityguilds-manual:task/1", "standard:statement/1.1"): "statement"}
    assert graph.nodes["cityguilds:unit/201"]["stands_for"] == 1
    assert graph.nodes[K11]["name"] == "K1.1 Explain"
    assert graph.graph == {"focus": K11, "grouped": [], "capped": False}
    assert trace_targets(graph) == {
        K11: "K1.1", "standard:statement/1.1": "1.1", "standard:module/1": "1",
        "highfield:unit/1/lo/1/ac/1.1": "K1.1", "highfield:unit/1/lo/1": "K1.1",
        "highfield:unit/1": "K1.1", "cityguilds:unit/201": "1",
        "cityguilds-manual:task/1": "1.1"}
    assert framework_links(graph, trace_targets(graph))["highfield:unit/1"] == \
        "trace?item=K1.1"


def test_focus_keeps_to_the_chosen_frameworks(view):
    graph = focus_graph(view, K11, ["highfield"])
    assert {d["framework"] for _, d in graph.nodes(data=True)} == {"standard", "highfield"}


def test_focus_on_a_framework_item_shows_what_it_covers(view):
    graph = focus_graph(view, "ncfe:unit/1", [])
    assert set(graph) == {"ncfe:unit/1", "ncfe:unit/1/ac/1.1", "ncfe:unit/1/ac/1.2",
                          "standard:statement/1.2", "standard:module/1",
                          "standard:statement/8.1", "standard:module/8"}
    assert typed_edges(graph)[("ncfe:unit/1/ac/1.1", "standard:statement/1.2")] == "statement"


def test_a_stated_no_mapping_and_suggestions_have_their_own_edges(view):
    stated = view.copy()
    stated.graph["no_mapping"] = {"ncfe": {"standard:statement/1.1"}}
    suggested = pd.DataFrame({"framework": ["ncfe"], "level": ["statement"],
                              "notation": ["1.1"], "candidate": ["unit/1/ac/1.2"]})
    graph = focus_graph(stated, "standard:statement/1.1", ["ncfe"], suggested=suggested)
    edges = typed_edges(graph)
    assert edges[("ncfe:no-mapping", "standard:statement/1.1")] == "no-mapping"
    assert edges[("ncfe:unit/1/ac/1.2", "standard:statement/1.1")] == "suggested"


def test_a_crowded_focus_shows_holders_instead_of_their_items(view):
    full = focus_graph(view, "standard:module/1", FRAMEWORKS)
    small = focus_graph(view, "standard:module/1", FRAMEWORKS, max_nodes=len(full) - 1)
    assert len(small) <= len(full) - 1
    assert small.graph["grouped"] == ["highfield"]
    assert "highfield:unit/1/lo/1/ac/1.1" not in small
    assert typed_edges(small)[("highfield:unit/1/lo/1", K11)] == "criterion"
    assert small.graph["capped"] is False


def test_column_layout_is_deterministic_with_the_standard_on_the_left(view):
    graph = focus_graph(view, "standard:module/1", FRAMEWORKS)
    positions = column_layout(graph)
    assert positions == column_layout(focus_graph(view, "standard:module/1", FRAMEWORKS))
    xs = {graph.nodes[n]["kind"]: x for n, (x, _) in positions.items()
          if graph.nodes[n]["framework"] == "standard"}
    assert xs["Module"] < xs["StandardStatement"] < xs["Criterion"]
    columns = {}
    for node, (x, _) in positions.items():
        columns.setdefault(graph.nodes[node]["framework"], set()).add(x)
    assert all(len(x) == 1 for f, x in columns.items() if f != "standard")  # one column each
    order = [columns[f].pop() for f in ("highfield", "ncfe", "cityguilds", "cityguilds-manual")]
    assert order == sorted(order) and order[1] - order[0] == FRAMEWORK_COLUMN
    # the criteria, one row each in the standard's order; a statement at their middle
    assert positions[K11][1] + ROW == positions["standard:criterion/K1.2"][1]
    assert positions["standard:statement/1.2"][1] == (
        positions["standard:criterion/K1.2"][1] + positions["standard:criterion/K1.3"][1]) / 2
    assert overlaps(boxes(graph, positions)) == []


def test_overlaps_finds_boxes_that_meet():
    assert overlaps({"a": (0, 0, 10, 10), "b": (5, 5, 15, 15), "c": (20, 0, 30, 10)}) == [
        ("a", "b")]


def test_overview_counts_criteria_per_module_and_tier(view, coverage):
    graph = overview_graph(view, coverage, FRAMEWORKS, NAMES)
    edges = {(s, t, d["type"]): (d["count"], d["of"]) for s, t, d in graph.edges(data=True)}
    assert edges == {
        ("highfield", "standard:module/1", "criterion"): (2, 3),  # K1.1, K1.2 (K1.3 unmapped)
        ("ncfe", "standard:module/1", "statement"): (2, 3),  # K1.2, K1.3 through 1.2
        ("ncfe", "standard:module/8", "statement"): (1, 1),
        ("cityguilds", "standard:module/1", "module"): (3, 3),
        ("cityguilds-manual", "standard:module/1", "statement"): (1, 3),
        ("epa", "standard:module/8", "module"): (1, 1)}
    assert graph.nodes["ncfe"]["name"] == "NCFE qualification"
    assert module_links(graph) == {"standard:module/1": "coverage-map?item=1",
                                   "standard:module/8": "coverage-map?item=8"}
    drawing = overview_drawing(graph)
    cell = "highfield|standard:module/1|criterion"
    assert drawing.nodes[cell]["label"] == "2"
    assert drawing.nodes[cell]["sentence"] == (
        "Highfield qualification covers at criterion level 2 of the 3 criteria of Module 1 "
        "Knowing your customers")
    assert typed_edges(drawing)[("standard:module/1", cell)] == "row"
    assert typed_edges(drawing)[(cell, "highfield")] == "criterion"
    assert module_links(drawing)[cell] == "coverage-map?item=1"
    positions = overview_layout(drawing)
    assert positions["standard:module/1"] == (0.0, 0.0)
    assert positions[cell] == (positions["highfield"][0], 0.0)  # its row, its column
    assert positions["highfield"][0] < positions["ncfe"][0] < positions["epa"][0]
    assert overlaps(boxes(drawing, positions)) == []


def test_family_colours_keep_qualifications_apart_and_resources_with_their_family():
    frame = pd.DataFrame({
        "framework": ["standard", "highfield", "ncfe", "cityguilds", "highfield-textbook",
                      "highfield-workbook", "cityguilds-manual", "epa"],
        "kind": ["standard", "qualification", "qualification", "qualification",
                 "learning resource", "learning resource", "learning resource",
                 "assessment plan"],
        "publisher": ["", "Highfield", "NCFE", "City & Guilds", "Highfield", "Highfield",
                      "City & Guilds", "Active IQ"]})
    colours = family_colours(frame)
    assert len({colours[q] for q in ("highfield", "ncfe", "cityguilds", "epa")}) == 4
    assert colours["highfield-textbook"] == colours["highfield-workbook"] == colours["highfield"]
    assert colours["cityguilds-manual"] == colours["cityguilds"]
    shapes = {k: node_options(k, {"kind": kind, "framework": "highfield", "label": "x"},
                              "#000")["shape"]
              for k, kind in (("q", "AssessmentCriterion"), ("t", "TextbookPage"),
                              ("w", "WorkbookQuestion"), ("a", "Activity"))}
    assert len(set(shapes.values())) == 4  # one family's resources differ by shape


def test_labels_carry_words_at_a_readable_size(view):
    graph = focus_graph(view, K11, FRAMEWORKS)
    options = node_options(K11, graph.nodes[K11], "#000", focus=True)
    assert options["label"] == "K1.1 Explain" and options["font"]["size"] >= 14
    long = {"kind": "Criterion", "framework": "standard", "notation": "K1.1",
            "label": "Explain the difference between internal and external customers",
            "name": "K1.1 Explain the difference between internal and external customers"}
    assert node_options("n", long, "#000")["label"] == \
        "K1.1 Explain the difference between internal…"


def test_rendered_maps_escape_document_text_and_link_by_whitelist(view):
    graph = focus_graph(view, "standard:statement/1.2", FRAMEWORKS)
    graph.nodes["ncfe:unit/1/ac/1.1"]["label"] = ATTACK
    graph.nodes["ncfe:unit/1/ac/1.1"]["name"] = ATTACK
    positions = column_layout(graph)
    html = render_html(graph, positions, COLOURS, NAMES, focus="standard:statement/1.2",
                       links=framework_links(graph, trace_targets(graph)),
                       sources={"ncfe:unit/1": ATTACK})
    assert "<script>alert" not in html
    assert "\\u0026lt;script\\u0026gt;alert(1)" in html  # tooltip: escaped, JSON-encoded
    assert '"physics": false' in html and "cdn.jsdelivr" not in html
    assert 'window.mapFocus = "standard:statement/1.2"' in html
    assert '"ncfe:unit/1/ac/1.1": "trace?item=1.2"' in html
    svg = to_svg(graph, positions, COLOURS, focus="standard:statement/1.2")
    assert svg.startswith("<svg") and "&lt;script&gt;alert(1)" in svg and ATTACK not in svg
    legend = legend_html(graph, COLOURS, NAMES)
    assert "NCFE qualification" in legend and "statement-level mapping" in legend
    assert "ncfe" not in legend.replace("NCFE", "")  # names, never keys


def test_node_title_escapes_and_names_kind_and_framework():
    title = node_title({"framework": "q", "kind": "AssessmentCriterion", "notation": "1.1",
                        "label": ATTACK}, "Q qualification", "q.txt line 7")
    assert ATTACK not in title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "assessment criterion" in title and "Q qualification" in title
    assert "q.txt line 7" in title and "AssessmentCriterion" not in title


def test_items_are_named_in_words_and_found_ignoring_case(view):
    names = {**NAMES, "highfield": "Highfield qualification"}
    options = search_options(view, names)
    assert list(options)[:4] == [K11, "standard:criterion/K1.2", "standard:criterion/K1.3",
                                 "standard:criterion/S8.1"]
    assert options["ncfe:unit/1/ac/1.1"] == "NCFE qualification · Unit 1 · AC1.1 AC 1.1"
    assert "cityguilds-manual:module/1/coverage/1.1" not in options
    assert resolve_item(view, options, "k1.1") == K11
    assert resolve_item(view, options, "1") == "standard:module/1"
    assert resolve_item(view, options, "1.2") == "standard:statement/1.2"
    assert resolve_item(view, options, "listening") == "standard:criterion/S8.1"
    assert resolve_item(view, options, None) == K11
    assert resolve_item(view, options, "nothing like it") is None
    assert item_name(view.nodes["cityguilds:unit/201"]) == "Unit 201"


def test_real_focus_views_are_small_readable_and_never_overlap(real):
    names = dict(zip(*framework_names(real.graph)[["framework", "name"]].values.T,
                     strict=True))
    assert names["highfield-textbook"] == "Highfield textbook"
    options = search_options(real.view, names)
    frameworks = [k for k in names if k != "standard"]
    standard = [k for k in options if k.startswith("standard:")]
    assert len(standard) == 75 + 34 + 18  # 74 coded criteria and module 2's uncoded one
    for item in [*standard, *list(options)[len(standard)::7]]:
        graph = focus_graph(real.view, item, frameworks, suggested=real.suggestions)
        assert len(graph) <= 80 and not graph.graph["capped"], item
        assert overlaps(boxes(graph, column_layout(graph))) == [], item
    k11 = focus_graph(real.view, K11, frameworks)
    assert ("highfield:unit/1/lo/1/ac/1.2", K11) in typed_edges(k11)
    assert typed_edges(k11)[("highfield:unit/1/lo/1/ac/1.2", K11)] == "criterion"


def test_real_overview_agrees_with_the_coverage_rows(real):
    names = dict(zip(*framework_names(real.graph)[["framework", "name"]].values.T,
                     strict=True))
    graph = overview_graph(real.view, real.coverage, [k for k in names if k != "standard"],
                           names)
    totals: dict[tuple[str, str], int] = {}
    for source, _, data in graph.edges(data=True):
        totals[(source, data["type"])] = totals.get((source, data["type"]), 0) + data["count"]
    assert totals[("highfield", "criterion")] == 66  # 9 of 75 criteria unmapped
    assert totals[("ncfe", "statement")] == 73 and totals[("ncfe", "no-mapping")] == 2
    assert totals[("cityguilds", "module")] == 75  # every criterion by module-level claims
    assert len(graph) == 18 + 8
    drawing = overview_drawing(graph)
    assert overlaps(boxes(drawing, overview_layout(drawing))) == []
