"""The SSSOM export as sssom-py, the reference implementation, reads it: valid with zero
errors, "No mapping" rows as sssom:NoTermFound, convertible to RDF, and importable back."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF
from typer.testing import CliRunner

from graph.cli import app
from graph.ingest.sources import DATA_DIR
from graph.model.tables import TABLES
from graph.model.vocab import source_iri

SSSOM_CLI = str(Path(sys.executable).parent / "sssom")
SSSOM = Namespace("https://w3id.org/sssom/")
PROVENANCE = ("mapping_provider", "other")  # by rule, an import's provenance is its own file


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def export(folder: Path, out: Path) -> Path:
    result = run("--data", folder, "export", "--format", "sssom", "--out", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export(DATA_DIR, tmp_path_factory.mktemp("sssom") / "crosswalk.sssom.tsv")


def test_sssom_validate_finds_no_error(exported):
    result = subprocess.run([SSSOM_CLI, "validate", str(exported)], capture_output=True,
                            text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "error" not in (result.stdout + result.stderr).lower()


def test_no_mapping_rows_are_no_term_found(exported):
    """NCFE's mapping says "No mapping" for statements 1.1 (its line 9) and 2.2 (line 22)."""
    found = [(r["subject_source"], r["object_id"], r["comment"], r["other"])
             for r in rows(exported) if r["subject_id"] == "sssom:NoTermFound"]
    assert found == [("id:ncfe", "id:standard/statement/1.1", "No mapping", "source_line=9"),
                     ("id:ncfe", "id:standard/statement/2.2", "No mapping", "source_line=22")]


def test_every_provider_is_the_iri_of_its_source_document(exported):
    """mapping_provider is a URI (as the SSSOM schema wants): the document's IRI."""
    with (DATA_DIR / "mappings.csv").open(encoding="utf-8") as table:
        documents = {row["source_file"] for row in csv.DictReader(table)
                     if row["predicate"] in ("covers", "assesses", "no-mapping")}
    assert {r["mapping_provider"] for r in rows(exported)} == {str(source_iri(f))
                                                                for f in documents}
    assert "https://w3id.org/ksb-crosswalk/id/source/ncfe-601-3973-0-mapping" in {
        r["mapping_provider"] for r in rows(exported)}


def test_sssom_convert_to_rdf(exported, tmp_path):
    out = tmp_path / "mappings.ttl"
    result = subprocess.run([SSSOM_CLI, "convert", str(exported), "--output-format", "turtle",
                             "-o", str(out)], capture_output=True, text=True, check=False,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    graph = Graph().parse(out, format="turtle")
    mappings = set(graph.objects(None, SSSOM.mappings))
    assert len(mappings) == len(rows(exported))
    assert len(set(graph.subjects(RDF.type, SSSOM.MappingSet))) == 1


def test_export_import_export_round_trips(exported, tmp_path):
    """The export imported into the same data without mappings gives the same export back,
    "No mapping" rows included; only the provenance names the imported file."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    header = (DATA_DIR / "mappings.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "mappings.csv").write_text(header + "\n", encoding="utf-8")
    upload = tmp_path / "crosswalk.sssom.tsv"
    shutil.copy(exported, upload)
    result = run("--data", folder, "import", upload)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f": {len(rows(exported))} mappings\n")
    again = rows(export(folder, tmp_path / "again.sssom.tsv"))

    def content(table):
        return sorted(tuple(v for k, v in r.items() if k not in PROVENANCE) for r in table)

    assert content(again) == content(rows(exported))
    assert sum(r["subject_id"] == "sssom:NoTermFound" for r in again) == 2
    assert {r["mapping_provider"] for r in again} == {
        "https://w3id.org/ksb-crosswalk/id/source/crosswalk.sssom.tsv"}
