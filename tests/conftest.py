"""Shared fixtures: a small hand-made crosswalk whose answers are known by construction."""

from __future__ import annotations

import os

import pytest

from graph.model.tables import table

SRC = "highfield-csp-mapping.txt"


def tiny_tables() -> dict:
    """One module with one statement and two criteria; one qualification covering one of them,
    and a 'No mapping' row for the statement."""
    def row(**kw):
        return {"source_file": SRC, "source_line": 1, **kw}

    return {
        "frameworks": table("frameworks", [
            row(framework="standard", kind="ApprenticeshipStandard", title="Std"),
            row(framework="acme", kind="Qualification", title="Acme Diploma", publisher="Acme",
                reference="123/4567/8"),
        ]),
        "items": table("items", [
            row(framework="standard", item_id="module/1", kind="Module", notation="1",
                label="Knowing"),
            row(framework="standard", item_id="statement/1.1", kind="StandardStatement",
                notation="1.1", label="Know things", parent_framework="standard",
                parent_id="module/1"),
            row(framework="standard", item_id="criterion/K1.1", kind="Criterion",
                notation="K1.1", label="Explain things", parent_framework="standard",
                parent_id="statement/1.1"),
            row(framework="standard", item_id="criterion/K1.2", kind="Criterion",
                notation="K1.2", label="Describe things", parent_framework="standard",
                parent_id="statement/1.1"),
            row(framework="acme", item_id="unit/1", kind="Unit", notation="1", label="Unit 1"),
            row(framework="acme", item_id="unit/1/ac/1.1", kind="AssessmentCriterion",
                notation="1.1", label="Explain", parent_framework="acme", parent_id="unit/1"),
        ]),
        "properties": table("properties", [
            row(framework="standard", item_id="module/1", property="ksb_type", value="Knowledge"),
            *[row(framework="standard", item_id=f"criterion/K1.{i}", property=p, value=v)
              for i in (1, 2) for p, v in (("ksb_type", "Knowledge"), ("distinction", "false"))],
            row(framework="acme", item_id="unit/1", property="glh", value="30"),
        ]),
        "texts": table("texts", [
            row(framework="standard", item_id="criterion/K1.1", role="highfield-criterion",
                text="Explain thi", truncated="true"),
        ]),
        "mappings": table("mappings", [
            row(subject_framework="acme", subject_id="unit/1/ac/1.1", predicate="covers",
                object_framework="standard", object_id="criterion/K1.1",
                justification="semapv:ManualMappingCuration", raw_text="AC1.1"),
            row(subject_framework="acme", subject_id="", predicate="no-mapping",
                object_framework="standard", object_id="statement/1.1",
                justification="semapv:ManualMappingCuration", raw_text="No mapping"),
        ]),
        "defects": table("defects", [
            row(kind="truncated-text", item="standard:criterion/K1.1", message="cut off"),
        ]),
    }


@pytest.fixture
def tiny():
    return tiny_tables()


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the bundled tidy tables in a temporary data folder (never the real data/)."""
    import shutil

    from graph.ingest.sources import DATA_DIR
    from graph.model.tables import TABLES

    target = tmp_path / "data"
    target.mkdir()
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", target / f"{name}.csv")
    return target


def _snapshot(folder) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def snapshot():
    """``snapshot(folder)``: every file under it (relative path -> bytes); equal snapshots mean
    the folder is byte-for-byte unchanged, no file added or removed."""
    return _snapshot


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A private Virtuoso (Debian's ``virtuoso-opensource``) for the whole session: its HTTP
    base URL, ``/sparql`` answering and ``/sparql-graph-crud-auth`` taking the ``dba`` login.
    Skipped, with the reason, where ``virtuoso-t`` is not installed; in CI (``CI`` set) a
    missing server fails the run instead."""
    from graph.store.virtuoso import VIRTUOSO_COMMAND, private_virtuoso, virtuoso_command

    if virtuoso_command() is None:
        if os.environ.get("CI"):
            pytest.fail(f"{VIRTUOSO_COMMAND} is not installed (apt-get install "
                        "virtuoso-opensource)")
        pytest.skip(f"{VIRTUOSO_COMMAND} is not installed (apt-get install virtuoso-opensource; "
                    "`make test` installs it)")
    with private_virtuoso(tmp_path_factory.mktemp("virtuoso")) as base:
        yield base
