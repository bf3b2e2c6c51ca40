"""Properties of coverage and fit that hold on any crosswalk: random small views."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.coverage import LEVEL_KINDS, STATUSES, coverage_status, standard_items
from graph.analysis.fit import LEVEL_MEASURES, STATUS_COLUMNS, qualification_fit


@st.composite
def crosswalks(draw):
    """A random standard (1-3 modules, 1-3 statements each, 0-3 criteria each, random KSB
    type and distinction, EPA methods on some modules), a qualification "q" with 1-4 ACs in
    1-2 units, random covers edges from its ACs, random "No mapping" items, and one more
    covers edge that is not yet in the view."""
    view = nx.MultiDiGraph()
    standard = []

    def add(item_id, kind, notation, parent=None, **attrs):
        key = f"standard:{item_id}"
        view.add_node(key, framework="standard", kind=kind, notation=notation,
                      label=notation, **attrs)
        if parent:
            view.add_edge(key, parent, key="broader")
        standard.append(key)
        return key

    for m in range(1, draw(st.integers(1, 3)) + 1):
        ksb = draw(st.sampled_from(["Knowledge", "Skill", "Behaviour"]))
        module = add(f"module/{m}", "Module", str(m), ksb_type=ksb)
        if draw(st.booleans()):
            method = draw(st.sampled_from(["Observation", "Discussion"]))
            view.add_node(f"epa:{method}", framework="epa", kind="AssessmentMethod",
                          notation="", label=method)
            view.add_edge(f"epa:{method}", module, key="assesses")
        for s in range(1, draw(st.integers(1, 3)) + 1):
            statement = add(f"statement/{m}.{s}", "StandardStatement", f"{m}.{s}", module)
            for c in range(1, draw(st.integers(0, 3)) + 1):
                add(f"criterion/{ksb[0]}{m}.{s}{c}", "Criterion", f"{ksb[0]}{m}.{s}{c}",
                    statement, ksb_type=ksb, distinction=draw(st.booleans()))
    acs = []
    for a in range(draw(st.integers(1, 4))):
        unit = f"q:unit/{draw(st.integers(1, 2))}"
        view.add_node(unit, framework="q", kind="Unit", notation=unit[-1], label=unit)
        acs.append(f"{unit}/ac/{a}")
        view.add_node(acs[-1], framework="q", kind="AssessmentCriterion", notation=str(a),
                      label=str(a))
        view.add_edge(acs[-1], unit, key="broader")
    pairs = st.tuples(st.sampled_from(acs), st.sampled_from(standard))
    for ac, item in draw(st.lists(pairs, max_size=6)):
        view.add_edge(ac, item, key="covers")
    view.graph["no_mapping"] = {"q": set(draw(st.lists(st.sampled_from(standard),
                                                       max_size=3)))}
    extra = draw(pairs.filter(lambda p: not view.has_edge(*p, key="covers")))
    return view, extra


def covered(view):
    fit = qualification_fit(view, "q")
    return {(m, g): (d, c) for m, g, d, c in fit[["measure", "group", "direct",
                                                  "covered"]].values}


@settings(max_examples=100, deadline=None)
@given(crosswalks())
def test_adding_a_mapping_never_lowers_coverage(case):
    view, (ac, item) = case
    before = covered(view)
    view.add_edge(ac, item, key="covers")
    after = covered(view)
    assert after.keys() == before.keys()
    for key, (direct, total) in before.items():
        assert after[key][0] >= direct, key
        assert after[key][1] >= total, key
    level = next(lvl for lvl, kind in LEVEL_KINDS.items() if view.nodes[item]["kind"] == kind)
    statuses = coverage_status(view, "q", level)
    assert statuses.loc[statuses["notation"] == view.nodes[item]["notation"],
                        "status"].tolist() == ["direct"]


@settings(max_examples=100, deadline=None)
@given(crosswalks())
def test_statuses_partition_the_items(case):
    view, _ = case
    for level in LEVEL_KINDS:
        statuses = coverage_status(view, "q", level)
        assert len(statuses) == len(standard_items(view, level))
        assert statuses["notation"].is_unique
        assert set(statuses["status"]) <= set(STATUSES)
    fit = qualification_fit(view, "q")
    assert (fit[STATUS_COLUMNS].sum(axis=1) == fit["items"]).all()
    assert (fit["covered"] == fit["direct"] + fit["inherited"]).all()
    items = fit[fit["group"] == "all"].set_index("measure")["items"].to_dict()
    for level, measure in LEVEL_MEASURES.items():
        assert items.get(measure, 0) == len(standard_items(view, level))
