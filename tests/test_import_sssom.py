"""SSSOM TSV: the whole crosswalk's export imports back to the same coverage edges."""

from __future__ import annotations

import shutil

from graph.ingest.sources import DATA_DIR
from graph.ingest.upload import Upload
from graph.interop.export import ExportFormat, export
from graph.interop.importer import import_files, import_paths
from graph.model.tables import TABLES, table
from graph.model.tables_io import read_tables, table_path
from graph.model.vocab import CW
from graph.store.cache import build_and_validate

EXAMPLE = [DATA_DIR / "examples" / f"northbridge-{kind}.csv"
           for kind in ("qualification", "units", "mapping")]


def edges(graph) -> dict:
    return {p: set(graph.triples((None, p, None))) for p in (CW.covers, CW.assesses)}


def test_export_imports_back_into_the_tables_without_mappings(data_copy, tmp_path):
    assert import_paths(EXAMPLE, data_copy).written  # an imported qualification too
    graph = build_and_validate(data_copy)
    out = tmp_path / "crosswalk.sssom.tsv"
    export(graph, ExportFormat.sssom, out)
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in TABLES:
        shutil.copy(table_path(data_copy, name), bare)
    table("mappings").to_csv(table_path(bare, "mappings"), index=False, lineterminator="\n")

    result = import_paths([out], bare)
    assert not result.problems, [str(p) for p in result.problems][:5]
    assert "northbridge-l2" in result.frameworks and "highfield" in result.frameworks
    rebuilt = build_and_validate(bare)
    assert edges(rebuilt) == edges(graph)
    assert len(edges(graph)[CW.covers]) > 900
    mappings = read_tables(bare)["mappings"]
    assert set(mappings["source_file"]) == {"crosswalk.sssom.tsv"}
    assert mappings["source_line"].min() > 6  # lines of the file, after its metadata block


def test_sssom_cannot_replace_the_source_documents_mappings(data_copy, snapshot):
    tsv = ("subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
           "id:ncfe/unit/2/ac/1.1\tcw:covers\tid:standard/module/1\tsemapv:ManualMappingCuration\n")
    before = snapshot(data_copy)
    result = import_files([Upload("fix.sssom.tsv", tsv.encode())], data_copy)
    assert [str(p) for p in result.problems] == [
        "fix.sssom.tsv: row 2, column subject_id: the mappings of 'ncfe' come from its source "
        "document and cannot be replaced; accept or reject suggestions with crosswalk curate "
        "instead"]
    assert snapshot(data_copy) == before


def test_sssom_mapping_of_an_imported_qualification_with_full_iris(data_copy):
    assert import_paths(EXAMPLE, data_copy).written
    base = "https://w3id.org/ksb-crosswalk/"
    tsv = ("subject_id\tpredicate_id\tobject_id\tmapping_justification\tcomment\n"
           f"{base}id/northbridge-l2/unit/102\t{base}ontology#covers\t"
           f"{base}id/standard/module/9\thttps://w3id.org/semapv/vocab/ManualMappingCuration\t"
           "whole unit\n")
    result = import_files([Upload("m.tsv", tsv.encode())], data_copy,
                          framework="northbridge-l2")
    assert result.written and result.replaced == ["northbridge-l2"]
    mappings = read_tables(data_copy)["mappings"]
    mine = mappings[mappings["subject_framework"] == "northbridge-l2"]
    assert mine[["subject_id", "object_id", "justification", "raw_text"]].values.tolist() == [
        ["unit/102", "module/9", "semapv:ManualMappingCuration", "whole unit"]]
