"""The RDF build on a hand-made set of tables, where every triple is known by construction."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from graph.errors import InputError
from graph.model.build import build_graph
from graph.model.tables_io import read_tables, write_tables
from graph.model.validate import validate_graph
from graph.model.vocab import CW, item_iri
from graph.store.queries import select, stats

K11 = item_iri("standard", "criterion/K1.1")
AC = item_iri("acme", "unit/1/ac/1.1")


def test_items_edges_and_hierarchy(tiny):
    g = build_graph(tiny)
    assert (AC, CW.covers, K11) in g
    assert (K11, SKOS.broader, item_iri("standard", "statement/1.1")) in g
    assert (K11, RDF.type, CW.Criterion) in g
    assert (K11, CW.distinction, Literal(False, datatype=XSD.boolean)) in g
    assert (item_iri("acme", "unit/1"), CW.glh, Literal(30, datatype=XSD.integer)) in g
    assert (K11, CW.truncatedLabel, Literal("Explain thi")) in g


def test_mapping_record_keeps_provenance(tiny):
    g = build_graph(tiny)
    rows = select(g, """SELECT ?raw ?line ?j WHERE { ?m a cw:Mapping ; cw:rawText ?raw ;
                        cw:sourceLine ?line ; sssom:mapping_justification ?j }""")
    assert rows.to_dict("records") == [{"raw": "AC1.1", "line": "1",
                                        "j": "https://w3id.org/semapv/vocab/"
                                             "ManualMappingCuration"}]


def test_no_mapping_is_a_record_not_an_edge(tiny):
    g = build_graph(tiny)
    rows = select(g, "SELECT ?item WHERE { ?r a cw:NoMapping ; cw:standardItem/skos:notation "
                     "?item }")
    assert rows["item"].tolist() == ["1.1"]
    assert len(list(g.subject_objects(CW.covers))) == 1


def test_conforms_to_shapes(tiny):
    conforms, report = validate_graph(build_graph(tiny))
    assert conforms, report


def test_shapes_catch_a_criterion_without_statement(tiny):
    items = tiny["items"]
    items.loc[items["item_id"] == "criterion/K1.2", ["parent_framework", "parent_id"]] = ""
    conforms, report = validate_graph(build_graph(tiny))
    assert not conforms
    assert "broader" in report


def test_turtle_round_trip_is_isomorphic(tiny, tmp_path):
    g = build_graph(tiny)
    path = tmp_path / "g.ttl"
    g.serialize(path, format="turtle")
    assert isomorphic(g, Graph().parse(path, format="turtle"))


def test_csv_round_trip_gives_the_same_graph(tiny, tmp_path):
    write_tables(tiny, tmp_path)
    assert isomorphic(build_graph(tiny), build_graph(read_tables(tmp_path)))


def test_stats_counts(tiny):
    counts = stats(build_graph(tiny)).set_index(["framework", "class"])
    assert counts.loc[("standard", "Criterion"), "items"] == 2
    assert counts.loc[("acme", "AssessmentCriterion"), "covers"] == 1
    assert counts.loc[("acme", "NoMapping"), "items"] == 1


@pytest.mark.parametrize(("table", "column", "value", "message"), [
    ("mappings", "object_id", "criterion/K9.9",
     "mappings.csv: row 2, column object_id: unknown item standard:criterion/K9.9"),
    ("items", "parent_id", "statement/7.7",
     "items.csv: row 4, column parent_id: unknown item standard:statement/7.7"),
    ("properties", "value", "maybe",
     "properties.csv: row 3, column value: 'maybe' is not true or false"),
])
def test_bad_rows_name_table_row_and_column(tiny, table, column, value, message):
    frame = tiny[table]
    index = {"mappings": 0, "items": 2, "properties": 1}[table]
    if table == "properties":
        frame.loc[index, "property"] = "distinction"
    frame.loc[index, column] = value
    with pytest.raises(InputError) as err:
        build_graph(tiny)
    assert str(err.value) == message
