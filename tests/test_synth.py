"""The synthetic catalogue: tidy tables in data/'s shape, deterministic, realistic, buildable."""

from __future__ import annotations

from graph.ingest.synth import SOURCE_FILE, synth, synth_tables
from graph.model.tables import COLUMNS
from graph.model.tables_io import read_tables
from graph.store.backends import oxigraph_graph
from graph.store.cache import build
from graph.store.queries import select


def test_same_seed_same_tables_other_seed_other_tables():
    first, again, other = synth_tables(5, 20, 3), synth_tables(5, 20, 3), synth_tables(5, 20, 4)
    assert all(first[name].equals(again[name]) for name in first)
    assert not first["items"].equals(other["items"])


def test_tables_have_the_declared_columns_and_cite_one_source(tmp_path):
    counts = synth(tmp_path, 4, 12, seed=1)
    tables = read_tables(tmp_path)
    for name, frame in tables.items():
        assert tuple(frame.columns) == COLUMNS[name]
        assert len(frame) == counts[name]
        assert set(frame["source_file"]) <= {SOURCE_FILE}


def test_distributions_look_like_the_sources():
    tables = synth_tables(40, 200, seed=2)
    items, mappings = tables["items"], tables["mappings"]
    per_standard = items[items["kind"] == "Criterion"].groupby("framework").size()
    assert 4 <= per_standard.mean() <= 30 and per_standard.std() > 0
    units = items[items["kind"] == "Unit"].groupby("framework").size()
    assert units.min() >= 2 and 3 <= units.mean() <= 6
    acs = items[items["kind"] == "AssessmentCriterion"]
    assert 2.5 <= len(acs) / units.sum() <= 5
    assert items["kind"].eq("LearningOutcome").any()
    grains = mappings[mappings["predicate"] == "covers"]["object_id"].str.partition("/")[0]
    assert set(grains) == {"module", "statement", "criterion"}
    assert (mappings["predicate"] == "no-mapping").sum() > 0
    covers = mappings[mappings["predicate"] == "covers"]
    mapped = covers[["subject_framework", "subject_id"]].drop_duplicates()
    assert 0.3 <= len(mapped) / len(acs) <= 0.7


def test_the_catalogue_builds_checks_and_answers(tmp_path):
    synth(tmp_path, 3, 10, seed=9)
    ttl, triples = build(tmp_path, tmp_path / "catalogue.ttl")
    assert ttl.is_file() and triples > 1000
    import pyoxigraph as ox

    from graph.store.cache import cached_store

    graph = oxigraph_graph(ox.Store.read_only(str(cached_store(tmp_path))))
    standards = select(graph, "SELECT ?s WHERE { ?s a cw:ApprenticeshipStandard }")
    assert len(standards) == 3


def test_national_list_in_the_api_schema_imports_cleanly(tmp_path):
    from graph.analysis.standard_diff import standard_diff
    from graph.ingest.skills_england import read_standards, tables_for
    from graph.ingest.synth import synth_standards
    from graph.model.tables import table

    first, again = tmp_path / "a.json", tmp_path / "b.json"
    counts = synth_standards(first, 30, seed=3)
    synth_standards(again, 30, seed=3)
    assert first.read_bytes() == again.read_bytes()
    versions = read_standards(first)
    assert counts["versions"] == len(versions) == 30
    tables = tables_for(versions, {})
    assert tables["defects"].empty  # every KSB stands under a heading of its record
    assert (tables["items"]["kind"] == "KSB").sum() == counts["ksbs"]
    assert not set(tables["frameworks"]["reference"]) & {"ST0072"}
    by_reference: dict[str, list] = {}
    for version in versions:
        by_reference.setdefault(version.reference, []).append(version)
    old, new = next(v for v in by_reference.values() if len(v) > 1)[:2]
    changes = standard_diff(old, new, table("mappings")).ksbs["change"].tolist()
    assert changes.count("reworded") <= 1 and changes.count("added") == 1
