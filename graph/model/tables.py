"""The tidy tables: the contract between the importers and the graph build.

Every importer returns DataFrames with exactly these columns, and ``data/*.csv`` holds their
concatenation. The graph build reads nothing else. Every row carries ``source_file`` (a file
name in ``data/sources/``) and ``source_line`` (1-based), so each node, edge and value traces
back to one line of one document.

Tables
------
frameworks
    One row per framework (a standard, a qualification, a learning resource, an assessment
    plan). ``framework`` is the key used everywhere else (``standard``, ``highfield``, ...);
    ``kind`` is one of :data:`FRAMEWORK_KINDS`.
items
    One row per item of a framework (module, unit, AC, page, task ...). ``item_id`` is a path
    that is unique inside its framework and becomes the IRI
    ``https://w3id.org/ksb-crosswalk/id/{framework}/{item_id}``. ``kind`` is one of
    :data:`ITEM_KINDS`; ``notation`` is the code as the source writes it; ``parent_framework``
    and ``parent_id`` name the item directly above (``skos:broader``), empty at the top.
properties
    Typed facts about an item, one per row, each with its own provenance (a unit's GLH, a
    criterion's distinction flag, a method's weighting). ``property`` is one of
    :data:`PROPERTIES`. An empty ``item_id`` means the framework itself (a qualification's
    GLH or TQT).
texts
    Every wording a source gives for a standard item (criteria, statements and modules are
    stated again in several documents). ``role`` says where in the document the text stands;
    ``truncated`` is true when the text is cut off mid-sentence.
mappings
    Asserted edges: ``subject`` ``predicate`` ``object`` with ``predicate`` one of
    :data:`PREDICATES`. ``raw_text`` is the source cell as written; ``justification`` a
    SEMAPV term; ``score`` a similarity in [0, 100] for a reconciled (lexical) match, else
    empty, and ``note`` the reason.
defects
    The sources' own defects found while importing: where, what kind, and a plain message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

FRAMEWORK_KINDS = ("ApprenticeshipStandard", "Qualification", "LearningResource", "AssessmentPlan",
                   "StandardVersion")

ITEM_KINDS = (
    "Module",
    "StandardStatement",
    "Criterion",
    "Unit",
    "LearningOutcome",
    "AssessmentCriterion",
    "Booklet",
    "TextbookPage",
    "WorkbookQuestion",
    "Activity",
    "TrainingTask",
    "CoverageItem",
    "AssessmentMethod",
    "AssessmentComponent",
    "Heading",  # a heading of an official standard's information, grouping its KSBs
    "KSB",  # an official knowledge, skill or behaviour statement (Skills England)
    "Duty",
    "Option",
)

# property -> value type; the build turns each into a typed literal.
PROPERTIES: dict[str, str] = {
    "ksb_type": "ksb",  # Knowledge | Skill | Behaviour
    "distinction": "boolean",
    "unit_reference": "string",  # regulator reference such as D/615/6236
    "glh": "integer",
    "mandatory": "boolean",
    "level": "integer",
    "weighting": "integer",  # percent of the end-point assessment
    "distinction_required": "integer",  # distinction criteria needed ...
    "distinction_available": "integer",  # ... out of this many
    "pass_rule": "string",
    "duration": "string",
    "range": "string",  # a C&G range statement, as written
    "aim": "string",
    "title": "string",  # a unit's or task's title where the label carries more
    "tqt": "integer",  # total qualification time, hours
    "structure_rule": "string",  # e.g. which units a learner must achieve, as written
    # An official standard version's record (Skills England).
    "version": "string",
    "status": "string",  # e.g. Retired, Approved for delivery
    "change": "string",  # the record's note on its last change
    "status_date": "date",  # when the status last changed
    "earliest_start": "date",
    "latest_start": "date",
    "lars_code": "integer",
    "route": "string",
    "funding_band": "integer",  # maximum funding, pounds
    "typical_duration": "integer",  # months
    "assessment_plan": "uri",
    "page_url": "uri",
    "occupation_code": "string",
    "soc2010": "string",
    "soc2020": "string",
    "job_title": "string",  # one row per typical job title
    "skills_england_id": "string",  # the GUID of a KSB, duty or option
    # What the documents state about assessment, pages and absences.
    "absent_from": "string",  # a framework whose list of the standard lacks this item
    "page": "integer",  # the page a task, unit or resource starts on, as the document says
    "assessment_type": "string",  # how a unit is assessed, as written (test, portfolio ...)
    "pass_mark": "string",  # the mark needed to pass, as written
    "question_split": "string",  # how a test's questions are split, as written
    "grade_rule": "string",  # a document's rule for the overall grade, as written
}

PREDICATES = ("covers", "assesses", "no-mapping",
              # official KSB -> document statement; criterion -> the official KSB it
              # elaborates; duty -> KSB and option (the standards API's own links)
              "exact-match", "close-match", "elaborates", "mapped-ksb", "for-option")

COLUMNS: dict[str, tuple[str, ...]] = {
    "frameworks": (
        "framework",
        "kind",
        "title",
        "publisher",
        "reference",
        "source_file",
        "source_line",
    ),
    "items": (
        "framework",
        "item_id",
        "kind",
        "notation",
        "label",
        "parent_framework",
        "parent_id",
        "source_file",
        "source_line",
    ),
    "properties": ("framework", "item_id", "property", "value", "source_file", "source_line"),
    "texts": (
        "framework",
        "item_id",
        "role",
        "text",
        "truncated",
        "source_file",
        "source_line",
    ),
    "mappings": (
        "subject_framework",
        "subject_id",
        "predicate",
        "object_framework",
        "object_id",
        "justification",
        "score",
        "raw_text",
        "note",
        "source_file",
        "source_line",
    ),
    "defects": ("kind", "item", "message", "source_file", "source_line"),
}

TABLES = tuple(COLUMNS)

# Publisher-stated mappings; SEMAPV (https://w3id.org/semapv/vocab/).
MANUAL_CURATION = "semapv:ManualMappingCuration"


def table(name: str, rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Return table ``name`` built from ``rows``, with exactly its declared columns.

    Missing values become empty strings; a key that is not a declared column is an error, so
    an importer cannot add a column by accident.

    >>> table("defects", [{"kind": "k", "message": "m", "source_file": "f", "source_line": 3}])
      kind item message source_file  source_line
    0    k            m           f            3
    """
    columns = COLUMNS[name]
    allowed = frozenset(columns)
    records = rows if isinstance(rows, list) else list(rows)
    for row in records:
        if not allowed.issuperset(row):
            raise KeyError(f"table {name!r} has no column(s) {sorted(set(row) - allowed)}")
    frame = pd.DataFrame.from_records(records, columns=list(columns)).fillna("")
    frame["source_line"] = frame["source_line"].astype("int64")
    for col in frame.columns:
        if col != "source_line":
            frame[col] = frame[col].astype(str).replace({"None": "", "nan": ""})
    return frame


def table_set(**rows: Iterable[Mapping[str, Any]]) -> dict[str, pd.DataFrame]:
    """Every table, built from the rows given per table name (missing ones are empty).

    >>> sorted(len(frame) for frame in table_set(defects=[]).values())
    [0, 0, 0, 0, 0, 0]
    """
    unknown = set(rows) - set(TABLES)
    if unknown:
        raise KeyError(f"no table(s) {sorted(unknown)}")
    return {name: table(name, rows.get(name, ())) for name in TABLES}
