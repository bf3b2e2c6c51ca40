"""Property-based fuzzing of the importer: no input makes it crash or write partially.

Whatever the bytes, :func:`import_files` returns. Either it reports problems and the data
folder is byte-for-byte as it was, or it writes, and the tables read back holding every row
it counted (the import itself builds and validates the graph before writing).
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from graph.ingest.sources import DATA_DIR
from graph.ingest.template import TEMPLATES, write_workbook
from graph.ingest.upload import Upload
from graph.interop.importer import import_files
from graph.model.tables import TABLES
from graph.model.tables_io import read_tables

EXAMPLES = DATA_DIR / "examples"


def fuzz(examples: int) -> settings:
    """Hypothesis settings: ``examples`` inputs, no deadline (a good import builds the graph)."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


TEXTS = ["Customers", "Explain <script>alert(1)</script>", 'a, "quoted"\ncell', "ünïcödé",
         "![x](http://example.org/x.png)"]
texts = st.one_of(st.sampled_from(TEXTS), st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1, max_size=12))
STANDARD = ["K1.1", "1.2", "12", "S8.2, B13.1"]
BAD_CELLS = ["Unit 1", "LO1", "x", "k1.1", "K9.9", "99", "ncfe", "Bad Key", "", "1.2.3.4"]


@st.composite
def filled_template(draw) -> dict[str, list[list[str]]]:
    """The three template tables, well-formed (units with LOs and ACs, some of them mapped,
    in any order), then, half the time, one defect: a cell replaced by a bad or random value,
    a row dropped or a row given twice."""
    units = []
    for unit in draw(st.lists(st.sampled_from(["101", "102", "A2"]), unique=True, min_size=1,
                              max_size=3)):
        units.append([unit, "", "", draw(texts), draw(st.sampled_from(["", "30"])),
                      draw(st.sampled_from(["", "yes", "No"]))])
        for lo in draw(st.lists(st.sampled_from(["1", "2"]), unique=True, max_size=2)):
            units.append([unit, lo, "", draw(texts), "", ""])
            for ac in draw(st.lists(st.sampled_from(["1", "2"]), unique=True, max_size=2)):
                units.append([unit, lo, f"{lo}.{ac}", draw(texts), "", ""])
    mapping = [[*row[:3], draw(st.sampled_from(STANDARD)), draw(texts)] for row in units
               if draw(st.booleans())]
    tables = {"qualification": [["fuzz-q", draw(texts), draw(texts), ""]],
              "units": draw(st.permutations(units)), "mapping": mapping}
    defect = draw(st.sampled_from([None, None, "cell", "drop", "double"]))
    rows = tables[draw(st.sampled_from(sorted(tables)))]
    if defect and rows:
        row = draw(st.integers(0, len(rows) - 1))
        if defect == "cell":
            rows[row][draw(st.integers(0, len(rows[row]) - 1))] = draw(
                st.one_of(st.sampled_from(BAD_CELLS), st.text(max_size=12)))
        elif defect == "drop":
            rows.pop(row)
        else:
            rows.append(list(rows[row]))
    return tables


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def check(uploads: list[Upload]) -> None:
    """The property: problems and an unchanged folder, or a complete, buildable write."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        for name in TABLES:
            shutil.copy(DATA_DIR / f"{name}.csv", data)
        before = snapshot(data)
        result = import_files(uploads, data)
        if result.problems:
            assert not result.written
            assert snapshot(data) == before
            assert all(str(p) for p in result.problems)
        else:
            assert result.written
            tables = read_tables(data)
            mine = tables["items"]["framework"].isin(result.frameworks)
            assert mine.sum() == result.added["items"]
            mapped = tables["mappings"]["subject_framework"].isin(result.frameworks)
            assert mapped.sum() == result.added["mappings"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@fuzz(80)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["f.csv", "f.xlsx", "f.tsv", "f"]))
def test_any_bytes(data, name):
    check([Upload(name, data)])


@fuzz(20)
@given(flips=st.lists(st.tuples(st.integers(0, 1964), st.integers(0, 255)), max_size=4),
       cut=st.integers(0, 2000))
def test_mutated_example(flips, cut):
    units = bytearray((EXAMPLES / "northbridge-units.csv").read_bytes())
    for position, value in flips:
        units[position % len(units)] = value
    check([Upload("q.csv", (EXAMPLES / "northbridge-qualification.csv").read_bytes()),
           Upload("u.csv", bytes(units[:cut] + units[cut + 1:])),
           Upload("m.csv", (EXAMPLES / "northbridge-mapping.csv").read_bytes())])


@fuzz(15)
@given(tables=filled_template(), as_workbook=st.booleans(), extra_column=st.booleans())
def test_filled_in_template(tables, as_workbook, extra_column):
    headers = {kind: [c.name for c in columns] for kind, columns in TEMPLATES.items()}
    if extra_column:
        headers["units"] = [*headers["units"], "remarks"]
        tables["units"] = [[*row, "x"] for row in tables["units"]]
    if as_workbook:
        with tempfile.TemporaryDirectory() as folder:
            path = write_workbook({kind: pd.DataFrame(rows, columns=headers[kind])
                                   .map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v))
                                   for kind, rows in tables.items()}, Path(folder) / "q.xlsx")
            uploads = [Upload("q.xlsx", path.read_bytes())]
    else:
        uploads = [Upload(f"{kind}.csv", csv_bytes([headers[kind], *rows]))
                   for kind, rows in tables.items()]
    check(uploads)
