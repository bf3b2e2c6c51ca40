"""`crosswalk import`: every problem on stderr and exit 1, or the summary; then in stats."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph.cli import app
from graph.ingest.sources import DATA_DIR

EXAMPLE = DATA_DIR / "examples" / "northbridge.xlsx"
MALFORMED = Path(__file__).parent / "malformed"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_import_lists_every_problem_and_writes_nothing(data_copy, snapshot):
    before = snapshot(data_copy)
    result = run("--data", data_copy, "import", MALFORMED / "photo.csv",
                 MALFORMED / "latin1-units.csv")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "latin1-units.csv: not UTF-8 text; save it as \"CSV UTF-8\" and import it again "
        "(byte 26 is not UTF-8)",
        "photo.csv: not a CSV, XLSX or TSV file",
        "crosswalk: error: 2 problem(s); nothing was written"]
    assert snapshot(data_copy) == before


def test_import_dry_run_then_import_then_stats(data_copy, snapshot):
    before = snapshot(data_copy)
    dry = run("--data", data_copy, "import", EXAMPLE, "--dry-run")
    assert dry.exit_code == 0 and dry.output.startswith("would import northbridge-l2")
    assert snapshot(data_copy) == before
    done = run("--data", data_copy, "import", EXAMPLE)
    assert done.exit_code == 0, done.output
    assert done.output.startswith("imported northbridge-l2: 1 frameworks, 30 items")
    stats = run("--data", data_copy, "stats", "--format", "csv")
    assert "northbridge-l2,AssessmentCriterion,19,19,0" in stats.output.splitlines()
