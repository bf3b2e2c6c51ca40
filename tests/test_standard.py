"""The standard's reconciliation: rules on hand-made wordings, then facts of the real sources."""

from __future__ import annotations

import pytest

from graph.ingest.standard import (
    continues,
    criterion_similarity,
    reconcile,
    statements_in_cell,
    strip_lead_in,
)
from graph.model.tables import table

F = "highfield-csp-mapping.txt"


def wording(item_id, role, text, line=1, source=F):
    return {"framework": "standard", "item_id": item_id, "role": role, "text": text,
            "source_file": source, "source_line": line}


def made_up() -> dict:
    """Module 1 with two statements; Highfield puts K1.1 (cut off) and K1.2 (D) in one merged
    cell; the manual restates both, one of them with the other grade."""
    texts = [
        wording("module/1", "highfield-module", "Knowing customers"),
        wording("module/1", "ncfe-module", "Knowing your customers"),
        wording("module/1", "manual-module", "Knowing your customers"),
        wording("statement/1.1", "ncfe-statement", "Understand who customers are."),
        wording("statement/1.2", "ncfe-statement",
                "Understand the difference between internal and external customers."),
        wording("criterion/K1.1", "highfield-criterion",
                "Explain the difference between internal and external customers in the", 2),
        wording("criterion/K1.1", "highfield-statement-cell",
                "Understand who customers are. Understand the difference between internal "
                "and external customers.", 2),
        wording("criterion/K1.2", "highfield-criterion",
                "Describe who the organisation's customers are.", 3),
        wording("criterion/K1.2", "highfield-statement-cell",
                "Understand who customers are. Understand the difference between internal "
                "and external customers.", 2),
        wording("module/1", "manual-pass", "Explain the difference between internal and "
                "external customers in the context of the organisation.", 9, "manual.txt"),
        wording("module/1", "manual-pass", "Describe who the organisation's customers are.",
                10, "manual.txt"),
        wording("module/1", "manual-distinction", "Explain something no one else lists.", 11,
                "manual.txt"),
    ]
    props = [{"framework": "standard", "item_id": "criterion/K1.2", "property": "distinction",
              "value": "true", "source_file": F, "source_line": 3}]
    return {"texts": table("texts", texts), "properties": table("properties", props)}


@pytest.fixture
def result():
    return reconcile(made_up())


def labels(result, kind):
    items = result["items"]
    rows = items[items["kind"] == kind]
    return dict(zip(rows["item_id"], rows["label"], strict=True))


def kinds(result):
    return sorted(result["defects"]["kind"])


def test_module_label_is_the_majority_wording(result):
    assert labels(result, "Module") == {"module/1": "Knowing your customers"}


def test_statements_come_from_ncfe_rows(result):
    assert sorted(labels(result, "StandardStatement")) == ["statement/1.1", "statement/1.2"]


def test_merged_cell_places_each_criterion_by_its_text(result):
    items = result["items"].set_index("item_id")
    assert items.loc["criterion/K1.1", "parent_id"] == "statement/1.2"
    assert items.loc["criterion/K1.2", "parent_id"] == "statement/1.1"
    assert "merged-statement-cell" in kinds(result)


def test_cut_off_label_is_replaced_by_the_full_wording(result):
    assert labels(result, "Criterion")["criterion/K1.1"] == (
        "Explain the difference between internal and external customers in the context of "
        "the organisation.")
    texts = result["texts"]
    cut = texts[(texts["item_id"] == "criterion/K1.1") & (texts["role"] == "highfield-criterion")]
    assert cut["truncated"].tolist() == ["true"]


def test_restated_texts_are_attached_and_differences_reported(result):
    texts = result["texts"]
    restated = texts[texts["role"] == "manual-pass"]
    assert sorted(restated["item_id"]) == ["criterion/K1.1", "criterion/K1.2"]
    found = set(zip(result["defects"]["kind"], result["defects"]["source_line"], strict=True))
    assert ("grade-differs", 10) in found  # K1.2 is (D) in Highfield, pass in the manual
    assert ("criterion-not-in-highfield", 11) in found
    assert ("truncated-text", 2) in found


def test_lead_ins_and_similarity():
    assert strip_lead_in("To achieve a Distinction you must be able to: explain") == ": explain"
    assert criterion_similarity("Show patience.", "Show patience") == 100
    assert criterion_similarity("Show patience.", "Describe the organisation's products") < 50


def test_statements_in_cell_ignores_fragments():
    statements = [{"text": "Use appropriate verbal and non-verbal communication skills."}]
    assert statements_in_cell("and/or", statements) == []
    assert statements_in_cell("Use appropriate verbal and non-verbal", statements) == statements


def test_continues_needs_more_words_after_the_cut():
    assert continues("Take ownership for keeping your service knowledge and skills up-to-",
                     "Take ownership for keeping your service knowledge and skills up-to-date.")
    assert not continues("Explain the aims of the organisation.",
                         "Explain the aims of the organisation")
