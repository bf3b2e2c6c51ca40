"""The SHACL shapes compiled to SPARQL agree with pySHACL, the reference."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.model.build import build_graph
from graph.model.shape_check import ShapeError, Shapes, check_shapes
from graph.model.validate import validate_graph


def native(graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def test_a_conforming_graph_passes_both(tiny):
    graph = build_graph(tiny)
    assert validate_graph(graph)[0]
    assert check_shapes(native(graph)) == []


def break_parent(tiny):
    items = tiny["items"]
    items.loc[items["item_id"] == "criterion/K1.2", ["parent_framework", "parent_id"]] = ""


def break_code(tiny):
    items = tiny["items"]
    items.loc[items["item_id"] == "criterion/K1.2", "notation"] = "X1"


def break_flag(tiny):
    properties = tiny["properties"]
    tiny["properties"] = properties[~((properties["item_id"] == "criterion/K1.1")
                                      & (properties["property"] == "distinction"))]


def break_unit_reference(tiny):
    import pandas as pd

    from graph.model.tables import table

    extra = table("properties", [{"framework": "acme", "item_id": "unit/1",
                                  "property": "unit_reference", "value": "bad",
                                  "source_file": "f", "source_line": 1}])
    tiny["properties"] = pd.concat([tiny["properties"], extra], ignore_index=True)


@pytest.mark.parametrize("damage, word", [(break_parent, "broader"), (break_code, "notation"),
                                          (break_flag, "distinction"),
                                          (break_unit_reference, "unitReference")])
def test_a_broken_graph_fails_both_on_the_same_property(tiny, damage, word):
    damage(tiny)
    graph = build_graph(tiny)
    conforms, report = validate_graph(graph)
    found = check_shapes(native(graph))
    assert not conforms and word in report
    assert found and all(word in line for line in found)


def test_an_unknown_constraint_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> sh:targetClass <urn:C> ; sh:closed true .""", encoding="utf-8")
    with pytest.raises(ShapeError, match="closed"):
        Shapes(shapes)
