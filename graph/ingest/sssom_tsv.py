"""SSSOM TSV as a way in: mapping rows from a table such as ``crosswalk export --format sssom``.

A row maps an item of this crosswalk (``subject_id``) to another (``object_id``, usually a
standard item) with ``cw:covers`` or ``cw:assesses`` (``predicate_id``) and a SEMAPV
``mapping_justification``. Identifiers are CURIEs expanded with the file's ``curie_map``
(see :func:`graph.ingest.upload.read_metadata`) on top of
:data:`graph.interop.export.SSSOM_PREFIXES`,
or full IRIs; both subject and object must be items of the data (or of the same import).

A row whose ``subject_id`` is ``sssom:NoTermFound`` is a "No mapping" row: the framework
named by its ``subject_source`` (``id:ncfe``) has nothing that covers the object, as
``crosswalk export --format sssom`` writes them.

Columns must be SSSOM mapping slots (:data:`SLOTS`). The row's ``comment`` becomes the raw
text; its provenance is the TSV file and the row (line of the file) it stands on.
"""

from __future__ import annotations

import re

from graph.ingest.upload import Problem, Sheet, read_metadata
from graph.interop.export import SSSOM_PREFIXES
from graph.model.vocab import CW, ID, SEMAPV, SSSOM

REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
# The SSSOM mapping slots (https://mapping-commons.github.io/sssom/Mapping/).
SLOTS = frozenset(REQUIRED) | {
    "subject_label", "subject_category", "subject_type", "subject_source",
    "subject_source_version", "subject_preprocessing", "subject_match_field",
    "predicate_label", "predicate_modifier", "predicate_type",
    "object_label", "object_category", "object_type", "object_source", "object_source_version",
    "object_preprocessing", "object_match_field", "author_id", "author_label", "reviewer_id",
    "reviewer_label", "creator_id", "creator_label", "license", "mapping_provider",
    "mapping_source", "mapping_tool", "mapping_tool_version", "mapping_date",
    "publication_date", "confidence", "curation_rule", "curation_rule_text", "match_string",
    "other", "comment", "see_also", "issue_tracker_item", "mapping_cardinality",
    "similarity_score", "similarity_measure", "record_id",
}
PREDICATES = {str(CW.covers): "covers", str(CW.assesses): "assesses"}
BUILT_IN_PREFIXES = {"semapv": str(SEMAPV), "sssom": str(SSSOM)}
NO_TERM_FOUND = str(SSSOM.NoTermFound)


def is_sssom(header: tuple[str, ...]) -> bool:
    """True when ``header`` has SSSOM's required columns.

    >>> is_sssom(("subject_id", "predicate_id", "object_id", "mapping_justification"))
    True
    """
    return set(REQUIRED) <= set(header)


def read_sssom(sheet: Sheet, items: set[tuple[str, str]]) -> tuple[list[dict], list[Problem]]:
    """The ``mappings`` rows of an SSSOM table whose subjects and objects are in ``items``
    (``(framework, item_id)`` pairs).

    Problems: columns that are not SSSOM slots, empty required cells, identifiers that are not
    items of the crosswalk, predicates other than ``cw:covers`` and ``cw:assesses``,
    justifications outside SEMAPV, and a row given twice.
    """
    line = len(sheet.metadata) + 1
    problems = [Problem(sheet.label, line, column, "unknown column; not an SSSOM mapping slot")
                for column in sheet.header if column not in SLOTS]
    declared = read_metadata(sheet).get("curie_map")
    prefixes = {**BUILT_IN_PREFIXES, **SSSOM_PREFIXES,
                **(declared if isinstance(declared, dict) else {})}
    rows, seen = [], {}
    for row, cells in sheet.rows:
        trouble = [Problem(sheet.label, row, c, f"empty; every SSSOM row needs a {c}")
                   for c in REQUIRED if not cells.get(c)]
        if trouble:
            problems += trouble
            continue
        found = {}
        no_term = _expand(cells["subject_id"], prefixes) == NO_TERM_FOUND
        if no_term:
            found["subject_id"] = (_framework(_expand(cells.get("subject_source", ""),
                                                      prefixes)), "")
            if found["subject_id"][0] not in {framework for framework, _ in items}:
                trouble.append(Problem(sheet.label, row, "subject_source", "a "
                                       "sssom:NoTermFound row needs the framework that has no "
                                       "match, such as id:ncfe; "
                                       f"{cells.get('subject_source', '')!r} is not one"))
        for column in ("object_id",) if no_term else ("subject_id", "object_id"):
            item = _item(_expand(cells[column], prefixes))
            if item not in items:
                trouble.append(Problem(sheet.label, row, column, f"{cells[column]!r} is not "
                                       "an item of this crosswalk"))
            found[column] = item
        predicate = PREDICATES.get(_expand(cells["predicate_id"], prefixes))
        if predicate is None:
            trouble.append(Problem(sheet.label, row, "predicate_id", f"{cells['predicate_id']!r}"
                                   ": only cw:covers and cw:assesses can be imported"))
        justification = _expand(cells["mapping_justification"], prefixes)
        if not re.fullmatch(re.escape(str(SEMAPV)) + "[A-Za-z]+", justification):
            trouble.append(Problem(sheet.label, row, "mapping_justification",
                                   f"{cells['mapping_justification']!r} is not a SEMAPV term "
                                   "such as semapv:ManualMappingCuration"))
        key = (cells["subject_id"], cells["predicate_id"], cells["object_id"],
               cells.get("comment", ""))
        if not trouble and key in seen:
            trouble.append(Problem(sheet.label, row, "subject_id", "this mapping is given "
                                   f"twice (first in row {seen[key]})"))
        if trouble:
            problems += trouble
            continue
        seen[key] = row
        (subject_framework, subject_id), (object_framework, object_id) = \
            found["subject_id"], found["object_id"]
        rows.append({"subject_framework": subject_framework, "subject_id": subject_id,
                     "predicate": "no-mapping" if no_term else predicate,
                     "object_framework": object_framework, "object_id": object_id,
                     "justification": "semapv:" + justification.removeprefix(str(SEMAPV)),
                     "raw_text": cells.get("comment", ""), "note": "",
                     "source_file": sheet.file_name, "source_line": row})
    return rows, problems


def _expand(value: str, prefixes: dict[str, str]) -> str:
    """A CURIE expanded with ``prefixes``; anything else as it is.

    >>> _expand("id:standard/module/1", {"id": "https://w3id.org/ksb-crosswalk/id/"})
    'https://w3id.org/ksb-crosswalk/id/standard/module/1'
    """
    prefix, colon, local = value.partition(":")
    return prefixes[prefix] + local if colon and prefix in prefixes else value


def _framework(iri: str) -> str:
    """The key of a framework IRI (``id/ncfe``), or an empty string for another IRI.

    >>> _framework("https://w3id.org/ksb-crosswalk/id/ncfe")
    'ncfe'
    """
    key = iri.removeprefix(str(ID)) if iri.startswith(str(ID)) else ""
    return key if key and "/" not in key else ""


def _item(iri: str) -> tuple[str, str]:
    """``(framework, item_id)`` of an item IRI (empty strings for another IRI)."""
    if not iri.startswith(str(ID)):
        return "", ""
    framework, _, item_id = iri.removeprefix(str(ID)).partition("/")
    return framework, item_id
