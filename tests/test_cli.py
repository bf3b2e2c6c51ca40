"""The command line: real answers, one-line errors, no half-written files."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
from typer.main import get_command
from typer.testing import CliRunner

from graph.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_stats_json_has_plain_fields(data_copy):
    result = run("--data", data_copy, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    row = next(r for r in rows if r["framework"] == "standard" and r["class"] == "Criterion")
    # 74 coded criteria and module 2's uncoded one (training manual line 239)
    assert row == {"framework": "standard", "class": "Criterion", "items": 75, "covers": 0,
                   "assesses": 0}
    nomap = next(r for r in rows if r["class"] == "NoMapping")
    assert (nomap["framework"], nomap["items"]) == ("ncfe", 2)


def test_audit_csv(data_copy):
    result = run("--data", data_copy, "audit", "--format", "csv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "source,line,kind,item,message"
    assert any(",lo-ac-mismatch,highfield:1.2," in line for line in lines)


def test_build_writes_turtle(data_copy, tmp_path):
    out = tmp_path / "out" / "g.ttl"
    result = run("--data", data_copy, "build", "--out", out)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("@prefix")


def test_build_of_another_folder_keeps_its_turtle_beside_its_cache(data_copy):
    from graph.store.cache import DEFAULT_GRAPH

    before = DEFAULT_GRAPH.stat().st_mtime_ns if DEFAULT_GRAPH.exists() else None
    result = run("--data", data_copy, "build")
    assert result.exit_code == 0, result.output
    own = data_copy / ".crosswalk-build" / "crosswalk.ttl"
    assert result.output.startswith(f"wrote {own} (")
    assert own.read_text(encoding="utf-8").startswith("@prefix")
    after = DEFAULT_GRAPH.stat().st_mtime_ns if DEFAULT_GRAPH.exists() else None
    assert after == before  # the bundled graph's Turtle is not touched


def test_missing_table_is_one_line(tmp_path):
    result = run("--data", tmp_path, "stats")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"crosswalk: error: {tmp_path / 'frameworks.csv'}: missing; run `crosswalk ingest` to "
        "create the tidy tables"]


def test_bad_row_names_file_row_and_column_and_writes_nothing(data_copy, tmp_path):
    path = data_copy / "mappings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("criterion/K1.1", "criterion/K1.99", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("--data", data_copy, "build", "--out", out)
    assert result.exit_code == 1
    assert result.output == ("crosswalk: error: mappings.csv: row 2, column object_id: unknown "
                             "item standard:criterion/K1.99\n")
    assert not out.exists()


def test_wrong_header_is_reported(data_copy):
    path = data_copy / "items.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("notation,", "notaton,", 1), encoding="utf-8")
    result = run("--data", data_copy, "validate")
    assert result.exit_code == 1
    assert "items.csv: row 1 (header): missing columns ['notation'], unknown columns " \
           "['notaton']" in result.output


def test_unknown_export_format_exits_2(data_copy, tmp_path):
    result = run("--data", data_copy, "export", "--format", "xml", "--out", tmp_path / "x")
    assert result.exit_code == 2
    assert "choose one of ttl, jsonld, nt, sssom, graphml" in result.output


def test_export_sssom_has_metadata_and_every_mapping(data_copy, tmp_path):
    out = tmp_path / "m.sssom.tsv"
    assert run("--data", data_copy, "export", "--format", "sssom", "--out", out).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#curie_map:"
    header = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    assert lines[header].split("\t")[:4] == ["subject_id", "subject_label", "predicate_id",
                                             "object_id"]
    table = pd.read_csv(data_copy / "mappings.csv", dtype=str, keep_default_na=False)
    # every coverage edge and "No mapping" row (sssom:NoTermFound); the official KSBs' links
    # are in the RDF exports
    assert len(lines) - header - 1 == \
        table["predicate"].isin(["covers", "assesses", "no-mapping"]).sum() == 968


def test_installed_entry_point_prints_no_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "graph", "--data", str(tmp_path), "audit"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("crosswalk: error:")


def test_every_argument_says_what_it_takes_in_help():
    """``--help`` of every command describes each of its positional arguments."""
    group = get_command(app)
    undocumented = []
    for name, command in group.commands.items():
        for sub, leaf in getattr(command, "commands", {name: command}).items():
            arguments = [p for p in leaf.params if p.param_type_name == "argument"]
            if not arguments:
                continue
            words = run(*([name, sub] if sub != name else [name]), "--help").output
            undocumented += [f"{sub} {p.name}" for p in arguments
                             if not p.help or " ".join(p.help.split()[:3]) not in
                             " ".join(words.split())]
    assert undocumented == []
    assert "criterion K1.1, statement 1.2, module 1 or official KSB K1" in " ".join(
        run("trace", "--help").output.split())
