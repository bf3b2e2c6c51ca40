"""Curation decisions: an accepted suggestion becomes an asserted, hand-curated mapping."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import InputError
from graph.model.curation import (
    accepted_mappings,
    read_curation,
    record_decision,
    rejected_pairs,
)
from graph.store.cache import build_and_validate
from graph.store.queries import select

DAY = dt.date(2026, 11, 22)


def test_latest_decision_wins(tmp_path):
    record_decision(tmp_path, "ncfe", "unit/2/ac/1.1", "statement/1.1", "reject", "", DAY)
    record_decision(tmp_path, "ncfe", "unit/2/ac/1.1", "statement/1.1", "accept", "ok", DAY)
    record_decision(tmp_path, "ncfe", "unit/3/ac/3.1", "statement/1.1", "reject", "no", DAY)
    curation = read_curation(tmp_path)
    assert len(curation) == 3
    assert rejected_pairs(curation) == {("ncfe", "statement/1.1", "unit/3/ac/3.1")}
    accepted = accepted_mappings(curation)
    assert accepted[["subject_id", "object_id", "note", "source_line"]].values.tolist() == [
        ["unit/2/ac/1.1", "statement/1.1", "suggestion accepted by hand on 2026-11-22: ok", 3]]


def test_accepted_suggestion_is_in_the_rebuilt_graph(data_copy):
    record_decision(data_copy, "ncfe", "unit/2/ac/1.1", "statement/1.1", "accept",
                    "customers are introduced in this AC", DAY)
    graph = build_and_validate(data_copy)
    rows = select(graph, """SELECT ?raw ?note ?file WHERE { ?m a cw:Mapping ;
        owl:annotatedProperty cw:covers ;
        owl:annotatedTarget <https://w3id.org/ksb-crosswalk/id/standard/statement/1.1> ;
        cw:rawText ?raw ; rdfs:comment ?note ; dcterms:source/cw:fileName ?file }""")
    assert rows.values.tolist() == [[
        "accepted suggestion",
        "suggestion accepted by hand on 2026-11-22: customers are introduced in this AC",
        "curation.csv"]]


def test_unknown_item_in_curation_names_file_row_column(data_copy):
    record_decision(data_copy, "ncfe", "unit/99/ac/1.1", "statement/1.1", "accept", "", DAY)
    with pytest.raises(InputError) as err:
        build_and_validate(data_copy)
    assert str(err.value) == (f"{data_copy / 'curation.csv'}: row 2, column subject_id: "
                              "unknown item ncfe:unit/99/ac/1.1")


def test_bad_decision_is_rejected(tmp_path):
    (tmp_path / "curation.csv").write_text(
        "framework,subject_id,object_id,decision,note,date\nncfe,a,b,maybe,,2026-01-01\n",
        encoding="utf-8")
    with pytest.raises(InputError, match="row 2, column decision: 'maybe'"):
        read_curation(tmp_path)
