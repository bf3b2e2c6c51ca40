"""Two imports at once leave one consistent graph: they run one after the other."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from graph.ingest.sources import DATA_DIR
from graph.ingest.upload import Upload
from graph.interop.importer import HISTORY, ImportResult, import_files
from graph.model.tables_io import read_tables
from graph.store.cache import build_and_validate

EXAMPLES = DATA_DIR / "examples"


def qualification(key: str) -> list[Upload]:
    """The example qualification under framework ``key``, its files named after it."""
    text = (EXAMPLES / "northbridge-qualification.csv").read_text(encoding="utf-8")
    return [Upload(f"{key}-qualification.csv", text.replace("northbridge-l2", key).encode()),
            *(Upload(f"{key}-{kind}.csv", (EXAMPLES / f"northbridge-{kind}.csv").read_bytes())
              for kind in ("units", "mapping"))]


def run_import(key: str, data: Path) -> ImportResult:
    return import_files(qualification(key), data)


def test_two_processes_importing_at_once_both_land(data_copy):
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        results = list(pool.map(run_import, ["alpha-q", "beta-q"], [data_copy] * 2))
    assert all(r.written and not r.problems for r in results)
    tables = read_tables(data_copy)
    items = tables["items"]
    assert not items.duplicated(["framework", "item_id"]).any()
    for key in ("alpha-q", "beta-q"):
        assert (items["framework"] == key).sum() == 30
        assert (tables["mappings"]["subject_framework"] == key).sum() == 22
    assert len(list((data_copy / HISTORY).iterdir())) == 2
    build_and_validate(data_copy)


def test_two_threads_importing_the_same_key_one_wins(data_copy):
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(run_import, ["same-q", "same-q"], [data_copy] * 2))
    assert sorted(r.written for r in results) == [False, True]
    loser = next(r for r in results if not r.written)
    assert [str(p) for p in loser.problems] == [
        "same-q-qualification.csv: row 2, column framework: 'same-q' was imported before "
        "(from same-q-qualification.csv); to replace it, import with --framework same-q"]
    items = read_tables(data_copy)["items"]
    assert (items["framework"] == "same-q").sum() == 30
