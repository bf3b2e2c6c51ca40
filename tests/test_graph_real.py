"""End-to-end checks of the graph built from the bundled data, against facts read in the
sources (each test names the lines it checks)."""

from __future__ import annotations

import pandas as pd
import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from graph.ingest.pipeline import import_sources
from graph.ingest.sources import DATA_DIR
from graph.model.build import build_graph
from graph.model.tables import TABLES
from graph.model.tables_io import read_tables
from graph.model.validate import validate_graph
from graph.model.vocab import CW, item_iri
from graph.store.queries import defects, select, stats


@pytest.fixture(scope="module")
def graph():
    return build_graph(read_tables(DATA_DIR))


def test_committed_tables_are_what_the_importers_produce():
    fresh = import_sources()
    committed = read_tables(DATA_DIR)
    for name in TABLES:
        pd.testing.assert_frame_equal(fresh[name].reset_index(drop=True), committed[name],
                                      check_dtype=False, obj=name)


def test_graph_conforms_to_the_shapes(graph):
    conforms, report = validate_graph(graph)
    assert conforms, report[:2000]


EXPECTED_COUNTS = {
    ("standard", "Module"): 18,  # Highfield lines 20-105
    ("standard", "StandardStatement"): 34,  # NCFE statement rows
    ("standard", "Criterion"): 75,  # K1.1 ... B18.6 and module 2's uncoded (manual line 239)
    ("highfield", "Unit"): 8,  # Units 1-8
    ("ncfe", "Unit"): 14,
    ("ncfe", "AssessmentCriterion"): 143,
    ("cityguilds", "Unit"): 13,  # 201-213, handbook lines 92-106
    ("cityguilds", "LearningOutcome"): 54,
    ("cityguilds", "AssessmentCriterion"): 270,
    ("highfield-textbook", "Booklet"): 13,  # modules 1-12 and one for 13-18
    ("highfield-workbook", "WorkbookQuestion"): 24,
    ("highfield-activities", "Activity"): 2,
    ("cityguilds-manual", "TrainingTask"): 16,  # 15 tasks and reflective practice
    ("cityguilds-manual", "CoverageItem"): 117,
    ("epa", "AssessmentMethod"): 3,
    ("epa", "AssessmentComponent"): 6,
}


def test_counts_per_framework_and_class(graph):
    counts = stats(graph).set_index(["framework", "class"])["items"].to_dict()
    for key, expected in EXPECTED_COUNTS.items():
        assert counts[key] == expected, key


def test_eleven_frameworks_with_publishers(graph):
    rows = select(graph, """SELECT ?key ?publisher WHERE { ?s a skos:ConceptScheme ;
        dcterms:identifier ?key . OPTIONAL { ?s dcterms:publisher/rdfs:label ?publisher } }""")
    publishers = dict(zip(rows["key"], rows["publisher"], strict=True))
    assert publishers == {
        "standard": "", "highfield": "Highfield", "highfield-textbook": "Highfield",
        "highfield-workbook": "Highfield", "highfield-activities": "Highfield", "ncfe": "NCFE",
        "cityguilds": "City & Guilds", "cityguilds-manual": "City & Guilds", "epa": "Active IQ",
        "ST0072@1.0": "Skills England", "ST0072@1.1": "Skills England"}


def test_distinction_criteria(graph):
    rows = select(graph, "SELECT ?n WHERE { ?c a cw:Criterion ; cw:distinction true ; "
                         "skos:notation ?n }")
    assert len(rows) == 19  # Highfield's 18 "(D)" and module 2's uncoded one (manual 239)


def test_k1_1_hierarchy_and_coverage(graph):
    k11 = item_iri("standard", "criterion/K1.1")
    assert (k11, SKOS.broader, item_iri("standard", "statement/1.2")) in graph
    assert (item_iri("standard", "statement/1.2"), SKOS.broader,
            item_iri("standard", "module/1")) in graph
    assert (item_iri("highfield", "unit/1/lo/1/ac/1.2"), CW.covers, k11) in graph  # line 20
    assert (item_iri("highfield-textbook", "booklet/1/page/3"), CW.covers, k11) in graph


def test_ncfe_no_mapping_rows(graph):
    rows = select(graph, """SELECT ?n ?line WHERE { ?r a cw:NoMapping ;
        cw:framework/dcterms:identifier "ncfe" ; cw:standardItem/skos:notation ?n ;
        cw:sourceLine ?line }""")
    assert sorted(zip(rows["n"], rows["line"], strict=True)) == [("1.1", "9"), ("2.2", "22")]


def test_ncfe_statement_1_2_acs_line_10(graph):
    rows = select(graph, """SELECT ?ac WHERE { ?ac cw:covers ?s ; skos:inScheme
        <https://w3id.org/ksb-crosswalk/id/ncfe> . ?s skos:notation "1.2" ; a
        cw:StandardStatement }""")
    assert sorted(rows["ac"].str.rsplit("ncfe/", n=1).str[1]) == ["unit/17/ac/1.7",
                                                                   "unit/2/ac/1.1"]


def test_cityguilds_personal_organisation_line_3022(graph):
    rows = select(graph, """SELECT ?n WHERE { ?ac cw:covers ?m ; skos:notation ?n ;
        skos:broader/skos:broader/skos:notation "201" . ?m a cw:Module ; skos:notation "11" }""")
    assert sorted(rows["n"]) == ["2.1", "2.2", "2.3", "2.4", "2.5"]


def test_cityguilds_unit_201_first_ac_text(graph):
    ac = item_iri("cityguilds", "unit/201/lo/1/ac/1.1")
    assert (ac, SKOS.prefLabel, Literal("describe own role and responsibilities")) in graph


def test_task_2_covers_module_1_coverage_items_line_318(graph):
    rows = select(graph, """SELECT ?n WHERE { <https://w3id.org/ksb-crosswalk/id/
        cityguilds-manual/task/2> cw:covers ?c . ?c skos:notation ?n ;
        skos:broader/skos:broader/skos:notation "1" }""".replace("\n        ", ""))
    assert len(rows) == 3 + 5 + 8  # 1.1-1.3, 2.1-2.5, 3.1-3.8


def test_methods_and_their_modules(graph):
    rows = select(graph, """SELECT ?method (GROUP_CONCAT(?n; separator=",") AS ?modules)
        WHERE { ?m a cw:AssessmentMethod ; skos:notation ?method ; cw:assesses/skos:notation ?n }
        GROUP BY ?method""")
    got = {r.method: sorted(int(n) for n in r.modules.split(",")) for r in rows.itertuples()}
    # The toolkit gives each module to one method (observation: lines 307-311); the manual
    # (line 190) adds personal organisation (11) to the observation's minimum.
    assert sorted(map(len, got.values())) == [3, 6, 10]
    assert sorted(sum(got.values(), [])) == sorted([*range(1, 19), 11])


def test_cut_off_criterion_takes_the_full_label(graph):
    b184 = item_iri("standard", "criterion/B18.4")  # Highfield line 108 ends "dealing with"
    assert str(graph.value(b184, SKOS.prefLabel)).endswith("when dealing with customers.")
    assert str(graph.value(b184, CW.truncatedLabel)).endswith("when dealing with")


def test_audit_lists_the_known_defects(graph):
    found = defects(graph)
    pairs = set(zip(found["kind"], found["line"], strict=True))
    assert ("lo-ac-mismatch", 28) in pairs  # Highfield "LO3: AC1.2"
    assert ("conflicting-ac-text", 51) in pairs  # NCFE Unit 17 AC 1.3 with two texts
    assert ("missing-ac", 3030) in pairs  # C&G "Unit 206: 1.9"
    assert ("grade-differs", 226) in pairs  # manual: K1.5 as a pass criterion
    assert ("merged-criteria", 307) in pairs  # Highfield B17.1 joins two criteria with "Or"
    assert ("criterion-not-in-highfield", 239) in pairs
    assert ("merged-statement-cell", 20) in pairs
