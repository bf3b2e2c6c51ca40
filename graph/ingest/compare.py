"""Compare what the documents say about the same thing, and report every difference.

Runs on the reconciled tables (after :func:`graph.ingest.standard.reconcile`):

* **Wordings.** Every text two or more documents state of the same standard item (module
  names, statements, criteria; the ``texts`` table) is compared with the reference wording of
  that item: the label for a module (the majority wording), NCFE's statement row for a
  statement, Highfield's coded criterion for a criterion. Highfield's statement cells are
  statements too, compared where the cell holds exactly one statement. Each wording of another
  document that differs in its words is an audit row citing both lines, of the kind
  :func:`graph.ingest.text.wording_difference` gives (``typo``, ``swapped-words``,
  ``singular-plural``, ``wording-differs``). Differences of case, punctuation, quote style and
  white space are not differences; a wording that is a cut-off form of the other, or contains
  it whole, is reported by the reconciliation (``truncated-text``, ``merged-criteria``) and
  not here. The toolkit's checklist questions word criteria as questions of their own and are
  compared only where they restate a criterion (see the reconciliation's ``RESTATES_CUTOFF``).
* **Resource names.** A document that names the same resource twice in two ways (Highfield's
  activity kit) is reported with both lines.
* **Assessment rules.** The documents' overall grade rules (``grade_rule`` of ``epa``) are
  compared: a rule that grades on the weighted average of the methods contradicts one that
  needs a Distinction in every method. The modules each document says a method assesses are
  compared: a module one document gives to one method and another document to another method
  is a contradiction. Both lines are cited.
"""

from __future__ import annotations

import re
from itertools import product

import pandas as pd

from graph.ingest.defects import defect
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.standard import statements_in_cell, strip_lead_in
from graph.ingest.text import wording_difference
from graph.model.tables import table

REFERENCE_ROLES = {"module": None, "statement": "ncfe-statement",
                   "criterion": "highfield-criterion"}
SKIPPED_ROLES = ("epa-checklist", "cityguilds-appendix-statements")
# The roles whose texts word an item of each level (a module's other texts are criteria or
# topics that the toolkit keeps on the module, not its name).
LEVEL_ROLES = {"module": re.compile(r".*-module$"),
               "statement": re.compile(r".*-statement(-cell)?$"),
               "criterion": re.compile(r"^(highfield-criterion|manual-(pass|distinction)|epa-.*)$")}
WEIGHTED = re.compile(r"weighted average", re.IGNORECASE)
EVERY_METHOD = re.compile(r"distinction in (each|all of the)\b", re.IGNORECASE)


def compare(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every difference between the documents (module doc) as rows of the defects table."""
    rows = wording_rows(tables) + resource_name_rows() + grade_rule_rows(tables) + \
        method_module_rows(tables)
    return table("defects", rows)


def _where(row: dict) -> str:
    return f"{row['source_file']} line {row['source_line']}"


def wording_rows(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Audit rows for wordings of one standard item that differ between documents."""
    items = tables["items"]
    std = items[items["framework"] == "standard"]
    labels = {row["item_id"]: row for row in std.to_dict("records")}
    texts = tables["texts"]
    texts = texts[(texts["framework"] == "standard") & ~texts["role"].isin(SKIPPED_ROLES)]
    wordings = [r for r in texts.to_dict("records") if r["role"] != "highfield-statement-cell"]
    wordings += _statement_cells(texts, labels)
    out: list[dict] = []
    by_item: dict[str, list[dict]] = {}
    for row in wordings:
        by_item.setdefault(row["item_id"], []).append(row)
    for item_id, rows in by_item.items():
        level = item_id.split("/")[0]
        if level not in REFERENCE_ROLES or item_id not in labels:
            continue
        rows = [r for r in rows if LEVEL_ROLES[level].match(r["role"])]
        role = REFERENCE_ROLES[level]
        reference = next((r for r in rows if r["role"] == role), None) if role else \
            {"text": labels[item_id]["label"], "source_file": labels[item_id]["source_file"],
             "source_line": labels[item_id]["source_line"], "role": "label"}
        if reference is None:
            continue
        seen: set[tuple[str, str]] = set()
        for row in rows:
            if row["source_file"] == reference["source_file"]:
                continue
            text = strip_lead_in(row["text"]) if level == "criterion" else row["text"]
            kind, detail = wording_difference(reference["text"], text)
            if kind is None or (row["source_file"], text) in seen:
                continue
            seen.add((row["source_file"], text))
            notation = labels[item_id]["notation"]
            out.append(defect(
                kind, f"standard:{item_id}",
                f"{level} {notation} reads {text!r} here ({_where(row)}) but "
                f"{reference['text']!r} in {_where(reference)}: {detail}",
                row["source_file"], row["source_line"]))
    return out


def _statement_cells(texts: pd.DataFrame, items: dict[str, dict]) -> list[dict]:
    """Highfield's statement cells that hold exactly one statement, as wordings of it."""
    statements = [{"item_id": i, "text": r["label"]} for i, r in items.items()
                  if i.startswith("statement/")]
    cells = texts[texts["role"] == "highfield-statement-cell"]
    found: dict[int, dict] = {}
    for row in cells.to_dict("records"):
        if not row["text"] or row["source_line"] in found:
            continue
        parent = items.get(row["item_id"], {}).get("parent_id", "")
        inside = statements_in_cell(row["text"], statements)
        if len(inside) == 1 and inside[0]["item_id"] == parent:
            found[row["source_line"]] = {**row, "item_id": parent}
    return list(found.values())


# A resource one document names in two ways: (source, regex of one name, regex of the other).
RESOURCE_NAMES = (
    ("highfield", r"Highfield Skills and Activities pack", r"Skills and Behaviours Activity Kit"),
)


def resource_name_rows() -> list[dict]:
    """Audit rows for a resource a document calls by two names, citing both lines."""
    out = []
    for source, first, second in RESOURCE_NAMES:
        lines = read_lines(source)
        where = {}
        for pattern in (first, second):
            where[pattern] = next(((n, re.search(pattern, line).group(0))
                                   for n, line in enumerate(lines, start=1)
                                   if re.search(pattern, line)), None)
        if None in where.values():
            continue
        (n1, name1), (n2, name2) = where[first], where[second]
        out.append(defect("resource-name-differs", "",
                          f"one resource is called {name1!r} (line {n1}) and {name2!r} "
                          f"(line {n2})", SOURCES[source].file_name, n1))
    return out


def grade_rule_rows(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Audit rows where one document grades on a weighted average and another needs a
    Distinction in every method, citing both lines."""
    props = tables["properties"]
    rules = props[(props["framework"] == "epa") & (props["item_id"] == "")
                  & (props["property"] == "grade_rule")].to_dict("records")
    weighted = [r for r in rules if WEIGHTED.search(r["value"])]
    every = [r for r in rules if EVERY_METHOD.search(r["value"])]
    out = []
    for a, b in product(weighted, every):
        if a["source_file"] == b["source_file"]:
            continue
        out.append(defect(
            "assessment-contradiction", "epa:",
            f"the overall grade is 'based on the weighted average of the end assessment "
            f"components' here, but {_where(b)} says {b['value']!r}",
            a["source_file"], a["source_line"]))
    return out


def method_module_rows(tables: dict[str, pd.DataFrame]) -> list[dict]:
    """Audit rows for a module that one document gives to one assessment method and another
    document to another method, citing both lines."""
    maps = tables["mappings"]
    assesses = maps[(maps["predicate"] == "assesses") & (maps["subject_framework"] == "epa")
                    & ~maps["subject_id"].str.contains("/component/")].to_dict("records")
    out = []
    for a, b in product(assesses, assesses):
        if a["source_file"] >= b["source_file"] or a["object_id"] != b["object_id"] or \
                a["subject_id"] == b["subject_id"]:
            continue
        same = [r for r in assesses if r["source_file"] == b["source_file"]
                and r["object_id"] == a["object_id"] and r["subject_id"] == a["subject_id"]]
        if same:
            continue
        module = a["object_id"].split("/")[1]
        out.append(defect(
            "assessment-contradiction", f"standard:{a['object_id']}",
            f"module {module} is assessed by the {a['subject_id'].split('/')[1]} here, but by "
            f"the {b['subject_id'].split('/')[1]} in {_where(b)}",
            a["source_file"], a["source_line"]))
    return out
