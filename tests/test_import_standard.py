"""crosswalk import-standard: all or nothing, one line per bad file naming record and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.model.build import build_graph
from graph.model.tables_io import read_tables
from graph.model.validate import validate_graph
from graph.store.queries import select

HERE = Path(__file__).parent / "standards"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(("name", "message"), [
    ("not-json.json", "not-json.json: not JSON (line 1, column 31: Expecting property name "
                      "enclosed in double quotes); expected the API's JSON response"),
    ("wrong-types.json", "wrong-types.json: record 1 (ST0072 1.1), field larsCode: expected a "
                         "whole number, found \"122\""),
    ("missing-id.json", "missing-id.json: record 1 (ST0072 1.1), field "
                        "knowledges[1].knowledgeId: expected a non-empty text, found null"),
    ("unknown-duty-ksb.json", "unknown-duty-ksb.json: record 1 (ST0072 1.1), field "
                              "duties[0].mappedKnowledge[1]: expected the id of one of this "
                              "version's knowledges, found "
                              "\"00000000-0000-0000-0000-000000000000\""),
])
def test_bad_file_is_refused_with_record_and_field(data_copy, snapshot, name, message):
    before = snapshot(data_copy)
    result = run("--data", data_copy, "import-standard", HERE / name)
    assert result.exit_code == 1
    line = result.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("crosswalk: error: ") and line.endswith(message), line
    assert snapshot(data_copy) == before


def test_bundled_version_cannot_be_replaced(data_copy, snapshot):
    before = snapshot(data_copy)
    result = run("--data", data_copy, "import-standard", HERE / "ST0072-1.1.json")
    assert result.exit_code == 1
    assert "record 1 (ST0072 1.1), field version" in result.output
    assert snapshot(data_copy) == before


def test_import_adds_a_version_with_duties_and_options_to_the_graph(data_copy):
    result = run("--data", data_copy, "import-standard", HERE / "with-duties.json")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported 1 standard version with 35 KSBs")
    tables = read_tables(data_copy)
    graph = build_graph(tables)
    assert validate_graph(graph)[0]
    rows = select(graph, """SELECT ?duty ?code WHERE { ?d a cw:Duty ; skos:notation ?duty ;
        cw:mappedKsb/skos:notation ?code } ORDER BY ?code""")
    assert rows.values.tolist() == [["D1", "K1"], ["D1", "S1"]]
    option = select(graph, """SELECT ?title WHERE { ?d cw:forOption/skos:prefLabel ?title }""")
    assert list(option["title"]) == ["Contact centre"]
    stats = run("--data", data_copy, "stats", "--format", "csv")
    assert "ST9999@1.1,KSB,35" in stats.output
    # a second import of the same version replaces it
    again = run("--data", data_copy, "import-standard", HERE / "with-duties.json")
    assert again.exit_code == 0 and "(1 replaced)" in again.output
    assert (read_tables(data_copy)["items"]["framework"] == "ST9999@1.1").sum() == \
        (tables["items"]["framework"] == "ST9999@1.1").sum()


def test_occupation_file_gives_the_codes(data_copy, tmp_path):
    occupation = Path("data/sources/skills-england/OCC0072.json").resolve()
    result = run("--data", data_copy, "import-standard", HERE / "with-duties.json",
                 "--occupation", occupation)
    assert result.exit_code == 0, result.output
    props = read_tables(data_copy)["properties"]
    # ST9999 in the fixture keeps occupationCode OCC0072, so its SOC codes come from the map
    mine = props[(props["framework"] == "ST9999@1.1") & (props["item_id"] == "")]
    assert set(mine.loc[mine["property"].isin(["soc2010", "soc2020"]), "value"]) == {"7219",
                                                                                     "7211"}
