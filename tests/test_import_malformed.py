"""One malformed file per failure kind (tests/malformed/): the exact message, nothing written.

Each file is imported with the example's other tables (data/examples), so that it is the only
thing wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.ingest.sources import DATA_DIR
from graph.ingest.upload import MAX_UPLOAD_BYTES, Upload
from graph.interop.importer import import_files, import_paths

MALFORMED = Path(__file__).parent / "malformed"
EXAMPLES = DATA_DIR / "examples"
QUALIFICATION = EXAMPLES / "northbridge-qualification.csv"
UNITS = EXAMPLES / "northbridge-units.csv"
HEADER_HELP = ("the header row matches none of the template's tables (qualification: "
               "framework, title, publisher, reference; units: unit, lo, ac, text, glh, "
               "mandatory; mapping: unit, lo, ac, standard, note) nor SSSOM TSV (subject_id, "
               "predicate_id, object_id, mapping_justification)")

CASES = {
    # file: (the example tables it is imported with, the exact problems)
    "photo.csv": ([], ["photo.csv: not a CSV, XLSX or TSV file"]),
    "archive.xlsx": ([], ["archive.xlsx: not a CSV, XLSX or TSV file"]),
    "empty.csv": ([], ["empty.csv: the file is empty"]),
    "notes.csv": ([], [f"notes.csv: row 1: {HEADER_HELP}"]),
    "latin1-units.csv": ([QUALIFICATION], [
        "latin1-units.csv: not UTF-8 text; save it as \"CSV UTF-8\" and import it again "
        "(byte 26 is not UTF-8)"]),
    "utf16-units.csv": ([QUALIFICATION], [
        "utf16-units.csv: not UTF-8 text; save it as \"CSV UTF-8\" and import it again"]),
    "unknown-column-units.csv": ([QUALIFICATION], [
        "unknown-column-units.csv: row 1, column comments: unknown column; the units table "
        "has the columns unit, lo, ac, text, glh, mandatory"]),
    "missing-column-units.csv": ([QUALIFICATION], [
        "missing-column-units.csv: row 1, column text: missing; the units table needs this "
        "column"]),
    "ragged-units.csv": ([QUALIFICATION], [
        "ragged-units.csv: row 2, column 5: a value in a column that has no name in the "
        "header row"]),
    "duplicate-id-units.csv": ([QUALIFICATION], [
        "duplicate-id-units.csv: row 5, column ac: unit 101 LO 1 AC 1.1 is given twice "
        "(first in row 4)"]),
    "empty-cell-units.csv": ([QUALIFICATION], [
        "empty-cell-units.csv: row 3, column text: empty; every units row needs a text"]),
    "wrong-style-units.csv": ([QUALIFICATION], [
        "wrong-style-units.csv: row 3, column lo: 'LO1' is not an LO number such as 1"]),
    "orphan-units.csv": ([QUALIFICATION], [
        "orphan-units.csv: row 3, column lo: unit 101 LO 2 has no row of its own; add a row "
        "for it with its wording"]),
    "glh-units.csv": ([QUALIFICATION], [
        "glh-units.csv: row 2, column glh: 'forty' is not a whole number of hours"]),
    "control-units.csv": ([QUALIFICATION], [
        "control-units.csv: row 2, column text: contains a control character; remove it"]),
    "bundled-qualification.csv": ([UNITS], [
        "bundled-qualification.csv: row 2, column framework: 'ncfe' is a framework of the "
        "bundled source documents and cannot be replaced; choose another key"]),
    "bad-key-qualification.csv": ([UNITS], [
        "bad-key-qualification.csv: row 2, column framework: 'North Bridge' is not a "
        "framework key: use lower-case letters, digits and hyphens, at most 40 characters "
        "(e.g. northbridge-l2)"]),
    "unknown-criterion-mapping.csv": ([QUALIFICATION, UNITS], [
        "unknown-criterion-mapping.csv: row 2, column standard: unknown criterion K9.9: the "
        "standard has no such criterion"]),
    "unknown-module-mapping.csv": ([QUALIFICATION, UNITS], [
        "unknown-module-mapping.csv: row 2, column standard: unknown module 99: the standard "
        "has no such module"]),
    "wrong-style-mapping.csv": ([QUALIFICATION, UNITS], [
        "wrong-style-mapping.csv: row 2, column standard: 'k1.1' is not a standard code: "
        "write a criterion (K1.1), a statement (1.2) or a module (1)"]),
    "unknown-ac-mapping.csv": ([QUALIFICATION, UNITS], [
        "unknown-ac-mapping.csv: row 2, column ac: unknown unit 101 LO 1 AC 9.9: the units "
        "table has no such row"]),
    "unknown-object.sssom.tsv": ([QUALIFICATION, UNITS], [
        "unknown-object.sssom.tsv: row 6, column object_id: 'id:standard/criterion/K9.9' is "
        "not an item of this crosswalk"]),
    "bad-predicate.sssom.tsv": ([QUALIFICATION, UNITS], [
        "bad-predicate.sssom.tsv: row 6, column predicate_id: 'skos:exactMatch': only "
        "cw:covers and cw:assesses can be imported"]),
    "unknown-column.sssom.tsv": ([QUALIFICATION, UNITS], [
        "unknown-column.sssom.tsv: row 5, column my_score: unknown column; not an SSSOM "
        "mapping slot"]),
}


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in MALFORMED.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_file_is_reported_exactly_and_nothing_is_written(name, data_copy, snapshot):
    companions, expected = CASES[name]
    before = snapshot(data_copy)
    result = import_paths([*companions, MALFORMED / name], data_copy)
    assert [str(p) for p in result.problems] == expected
    assert not result.written
    assert snapshot(data_copy) == before


def test_every_problem_is_reported_at_once(data_copy, snapshot):
    units = (b"unit,lo,ac,text,glh\n101,,,Customers,x\n101,1,,\n101,LO2,,Brand\n"
             b"101,1,1.1,Explain\n")
    mapping = b"unit,lo,ac,standard,note,extra\n101,1,1.1,K9.9,,\n101,1,1.2,K1.1,,\n"
    before = snapshot(data_copy)
    result = import_files([Upload("q.csv", QUALIFICATION.read_bytes()),
                           Upload("u.csv", units), Upload("m.csv", mapping)], data_copy)
    assert [str(p) for p in result.problems] == [
        "m.csv: row 1, column extra: unknown column; the mapping table has the columns unit, "
        "lo, ac, standard, note",
        "m.csv: row 2, column standard: unknown criterion K9.9: the standard has no such "
        "criterion",
        "m.csv: row 3, column ac: unknown unit 101 LO 1 AC 1.2: the units table has no such "
        "row",
        "u.csv: row 2, column glh: 'x' is not a whole number of hours",
        "u.csv: row 3, column text: empty; every units row needs a text",
        "u.csv: row 4, column lo: 'LO2' is not an LO number such as 1",
    ]
    assert snapshot(data_copy) == before


def test_a_file_over_the_size_limit_is_refused_unread(data_copy, snapshot, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"unit,lo,ac,text\n" + b"1,,,x\n" * (MAX_UPLOAD_BYTES // 6 + 1))
    before = snapshot(data_copy)
    result = import_paths([big], data_copy)
    assert [str(p) for p in result.problems] == ["big.csv: larger than the limit of 5 MB"]
    assert snapshot(data_copy) == before


def test_a_missing_file_is_a_problem_not_a_crash(data_copy, tmp_path):
    result = import_paths([tmp_path / "nowhere.csv"], data_copy)
    assert [str(p) for p in result.problems] == [
        "nowhere.csv: cannot read it (No such file or directory)"]


def test_a_source_documents_name_is_refused(data_copy):
    result = import_files([Upload("ncfe-601-3973-0-mapping.txt", UNITS.read_bytes())],
                          data_copy)
    assert [str(p) for p in result.problems] == [
        "ncfe-601-3973-0-mapping.txt: this name belongs to a bundled source document or the "
        "curation file; rename the file"]


def test_a_path_in_the_uploads_name_is_dropped():
    assert Upload("../../etc/passwd", b"").file_name == "passwd"
    assert Upload("C:\\Users\\me\\units.csv", b"").file_name == "units.csv"
