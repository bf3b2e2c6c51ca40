"""The import template: a qualification and its mapping to the standard, filled in by hand.

Three tables, as three CSV files or as the three sheets of one Excel workbook; the header
row tells which table a file or sheet is (column names in any case and order):

``qualification``
    One row: ``framework`` (the key, lower-case letters, digits and hyphens), ``title``,
    ``publisher`` and, optionally, ``reference`` (e.g. a regulator number).
``units``
    One row per unit, learning outcome (LO) and assessment criterion (AC): ``unit`` alone is
    a unit, ``unit`` and ``lo`` an LO, all three an AC. ``text`` is the unit's title, the
    LO's or the AC's wording. ``glh`` (whole hours) and ``mandatory`` (yes or no) are for
    unit rows only.
``mapping``
    One row per unit, LO or AC (named as in ``units``) and what it covers: ``standard`` is a
    criterion (``K1.1``), a statement (``1.2``) or a module (``1``) of the standard, or
    several separated by commas; ``note`` is optional.

Item ids follow the house scheme: ``unit/{u}``, ``unit/{u}/lo/{l}``,
``unit/{u}/lo/{l}/ac/{a}``. Every row becomes tidy-table rows whose ``source_file`` is the
upload's name and ``source_line`` the row. A cell holding a control character or an invisible
formatting character (a bidirectional override, a zero-width space) is refused with its row and
column (:mod:`graph.ingest.upload`). The functions here check one table at a time;
:mod:`graph.interop.importer` checks the tables against each other and against the data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.ingest.upload import Problem, Sheet
from graph.model.tables import MANUAL_CURATION


@dataclass(frozen=True)
class Column:
    """One column of a template table: its name, whether every row needs it, what it holds."""

    name: str
    required: bool
    meaning: str


ROWS = {
    "qualification": "one row, the qualification itself",
    "units": "one row per unit, learning outcome (LO) and assessment criterion (AC): `unit` "
             "alone is a unit, `unit` and `lo` an LO, all three an AC",
    "mapping": "one row per unit, LO or AC and the standard items it covers",
}
TEMPLATES: dict[str, tuple[Column, ...]] = {
    "qualification": (
        Column("framework", True, "a short key for the qualification: lower-case letters, "
               "digits and hyphens"),
        Column("title", True, "the qualification's full title"),
        Column("publisher", True, "the awarding body or provider"),
        Column("reference", False, "a regulator or catalogue reference"),
    ),
    "units": (
        Column("unit", True, "the unit's code, e.g. 101"),
        Column("lo", False, "the learning outcome's number (LO and AC rows)"),
        Column("ac", False, "the assessment criterion's number (AC rows)"),
        Column("text", True, "the unit's title, or the LO's or AC's wording"),
        Column("glh", False, "guided learning hours, whole hours (unit rows)"),
        Column("mandatory", False, "yes or no (unit rows)"),
    ),
    "mapping": (
        Column("unit", True, "the unit's code, as in the units table"),
        Column("lo", False, "the LO's number, to map an LO or AC"),
        Column("ac", False, "the AC's number, to map an AC"),
        Column("standard", True, "criterion K1.1, statement 1.2 or module 1 of the standard; "
               "several separated by commas"),
        Column("note", False, "why, or any remark"),
    ),
}

FRAMEWORK_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_KEY_LENGTH = 40
CODE_STYLES = {
    "unit": (re.compile(r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*"), "a unit code such as 101 or A2"),
    "lo": (re.compile(r"[0-9]+"), "an LO number such as 1"),
    "ac": (re.compile(r"[0-9]+(?:\.[0-9]+)*[a-z]?"), "an AC number such as 1.1"),
}
STANDARD_CODE = re.compile(r"(?P<criterion>[KSB][0-9]+\.[0-9]+)|(?P<statement>[0-9]+\.[0-9]+)"
                           r"|(?P<module>[0-9]+)")
YES_NO = {"yes": "true", "no": "false", "true": "true", "false": "false"}
MAX_TEXT = 2000  # characters of a title, wording or note
TEXT_ROWS = 500  # rows of the Excel template formatted as text
EXAMPLE = "northbridge"  # the invented qualification in data/examples


def template_kind(header: tuple[str, ...]) -> str | None:
    """The template table whose columns ``header`` shares most, or None if none or a tie.

    >>> template_kind(("unit", "lo", "ac", "text"))
    'units'
    >>> template_kind(("unit", "lo")) is None
    True
    """
    scores = {kind: len(set(header) & {c.name for c in columns})
              for kind, columns in TEMPLATES.items()}
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def check_header(sheet: Sheet, kind: str) -> list[Problem]:
    """Unknown and missing columns of a template table."""
    names = [c.name for c in TEMPLATES[kind]]
    problems = [Problem(sheet.label, 1 + _offset(sheet), column,
                        f"unknown column; the {kind} table has the columns {', '.join(names)}")
                for column in sheet.header if column not in names]
    problems += [Problem(sheet.label, 1 + _offset(sheet), c.name,
                         f"missing; the {kind} table needs this column")
                 for c in TEMPLATES[kind] if c.required and c.name not in sheet.header]
    return problems


def _offset(sheet: Sheet) -> int:
    return len(sheet.metadata)


def _required(sheet: Sheet, kind: str, row: int, cells: dict[str, str]) -> list[Problem]:
    return [Problem(sheet.label, row, c.name, f"empty; every {kind} row needs a {c.name}")
            for c in TEMPLATES[kind] if c.required and not cells.get(c.name)]


def _long(sheet: Sheet, row: int, cells: dict[str, str]) -> list[Problem]:
    return [Problem(sheet.label, row, name, f"longer than {MAX_TEXT} characters")
            for name, value in cells.items() if len(value) > MAX_TEXT]


def read_qualification(sheet: Sheet) -> tuple[dict | None, list[Problem]]:
    """The ``frameworks`` row of a qualification table (exactly one row), or None."""
    problems = []
    if len(sheet.rows) != 1:
        row = sheet.rows[1][0] if len(sheet.rows) > 1 else 2 + _offset(sheet)
        return None, [Problem(sheet.label, row, None, "the qualification table has exactly "
                              f"one row; this one has {len(sheet.rows)}")]
    row, cells = sheet.rows[0]
    problems += _required(sheet, "qualification", row, cells) + _long(sheet, row, cells)
    key = cells.get("framework", "")
    if key and (not FRAMEWORK_KEY.fullmatch(key) or len(key) > MAX_KEY_LENGTH):
        problems.append(Problem(sheet.label, row, "framework", f"{key!r} is not a framework "
                                "key: use lower-case letters, digits and hyphens, at most "
                                f"{MAX_KEY_LENGTH} characters (e.g. northbridge-l2)"))
    if problems:
        return None, problems
    return {"framework": key, "kind": "Qualification", "title": cells["title"],
            "publisher": cells["publisher"], "reference": cells.get("reference", ""),
            "source_file": sheet.file_name, "source_line": row}, []


def item_id(unit: str, lo: str = "", ac: str = "") -> str:
    """The house item id of a unit, LO or AC.

    >>> item_id("101", "1", "1.2")
    'unit/101/lo/1/ac/1.2'
    """
    return f"unit/{unit}" + (f"/lo/{lo}" if lo else "") + (f"/ac/{ac}" if ac else "")


def _describe(unit: str, lo: str = "", ac: str = "") -> str:
    return f"unit {unit}" + (f" LO {lo}" if lo else "") + (f" AC {ac}" if ac else "")


def _codes(sheet: Sheet, row: int, cells: dict[str, str]) -> list[Problem]:
    """Code style of unit, lo and ac, and an AC row naming its LO."""
    problems = []
    for column, (pattern, style) in CODE_STYLES.items():
        value = cells.get(column, "")
        if value and not pattern.fullmatch(value):
            problems.append(Problem(sheet.label, row, column, f"{value!r} is not {style}"))
    if cells.get("ac") and not cells.get("lo"):
        problems.append(Problem(sheet.label, row, "lo", "empty; an AC row names its LO too"))
    return problems


def read_units(sheet: Sheet, framework: str) -> tuple[list[dict], list[dict], list[Problem]]:
    """The ``items`` and ``properties`` rows of a units table for ``framework``.

    Problems: empty required cells, codes in the wrong style, an id given twice, an LO or AC
    whose unit or LO has no row, ``glh`` or ``mandatory`` on an LO or AC row or not a whole
    number / yes or no.
    """
    items, properties, problems = [], [], []
    seen: dict[str, int] = {}
    present = set()  # ids of every row with good codes, even one with another problem
    for row, cells in sheet.rows:
        codes = _codes(sheet, row, cells)
        unit, lo, ac = cells.get("unit", ""), cells.get("lo", ""), cells.get("ac", "")
        if unit and not codes:
            present.add(item_id(unit, lo, ac))
        trouble = _required(sheet, "units", row, cells) + _long(sheet, row, cells) + codes
        if trouble:
            problems += trouble
            continue
        key = item_id(unit, lo, ac)
        if key in seen:
            problems.append(Problem(sheet.label, row, "ac" if ac else "lo" if lo else "unit",
                                    f"{_describe(unit, lo, ac)} is given twice (first in row "
                                    f"{seen[key]})"))
            continue
        seen[key] = row
        kind = "AssessmentCriterion" if ac else "LearningOutcome" if lo else "Unit"
        parent = item_id(unit, lo) if ac else item_id(unit) if lo else ""
        items.append({"framework": framework, "item_id": key, "kind": kind,
                      "notation": ac or lo or unit, "label": cells["text"],
                      "parent_framework": framework if parent else "", "parent_id": parent,
                      "source_file": sheet.file_name, "source_line": row})
        for prop, convert in _CONVERT.items():
            if not (value := cells.get(prop)):
                continue
            if kind != "Unit":
                problems.append(Problem(sheet.label, row, prop, f"{prop} is for unit rows only; "
                                        "leave it empty on LO and AC rows"))
            elif (typed := convert(value)) is None:
                problems.append(Problem(sheet.label, row, prop, _BAD_VALUE[prop](value)))
            else:
                properties.append({"framework": framework, "item_id": key, "property": prop,
                                   "value": typed, "source_file": sheet.file_name,
                                   "source_line": row})
    for item in items:
        if item["parent_id"] and item["parent_id"] not in present:
            column = "lo" if item["kind"] == "AssessmentCriterion" else "unit"
            _, unit, *rest = item["parent_id"].split("/")
            problems.append(Problem(sheet.label, item["source_line"], column,
                                    f"{_describe(unit, *rest[1:2])} has no row of its own; "
                                    f"add a row for it with its {_PARENT_TEXT[column]}"))
    return items, properties, problems


_CONVERT: dict[str, Callable[[str], str | None]] = {
    "glh": lambda v: str(int(v)) if v.isdigit() else None,
    "mandatory": lambda v: YES_NO.get(v.lower()),
}
_PARENT_TEXT = {"lo": "wording", "unit": "title"}
_BAD_VALUE: dict[str, Callable[[str], str]] = {
    "glh": lambda v: f"{v!r} is not a whole number of hours",
    "mandatory": lambda v: f"{v!r} is not yes or no",
}


def read_mapping(sheet: Sheet, framework: str, subjects: set[str],
                 standard: dict[str, str]) -> tuple[list[dict], list[Problem]]:
    """The ``mappings`` rows of a mapping table for ``framework``.

    ``subjects`` are the framework's item ids; ``standard`` maps a standard notation
    (``K1.1``, ``1.2``, ``1``) to its item id. Problems: empty required cells, codes in the
    wrong style, an item the units table lacks, a standard code the standard lacks, the same
    item and standard code twice.
    """
    rows, problems = [], []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in sheet.rows:
        trouble = _required(sheet, "mapping", row, cells) + _long(sheet, row, cells) + \
            _codes(sheet, row, cells)
        if trouble:
            problems += trouble
            continue
        unit, lo, ac = cells["unit"], cells.get("lo", ""), cells.get("ac", "")
        subject = item_id(unit, lo, ac)
        if subject not in subjects:
            problems.append(Problem(sheet.label, row, "ac" if ac else "lo" if lo else "unit",
                                    f"unknown {_describe(unit, lo, ac)}: the units table has "
                                    "no such row"))
            continue
        for code in (c.strip() for c in cells["standard"].split(",")):
            target, message = _standard_item(code, standard)
            if target is None:
                problems.append(Problem(sheet.label, row, "standard", message))
            elif (subject, target) in seen:
                problems.append(Problem(sheet.label, row, "standard", f"{_describe(unit, lo, ac)} "
                                        f"is mapped to {code} twice (first in row "
                                        f"{seen[subject, target]})"))
            else:
                seen[subject, target] = row
                rows.append({"subject_framework": framework, "subject_id": subject,
                             "predicate": "covers", "object_framework": "standard",
                             "object_id": target, "justification": MANUAL_CURATION,
                             "raw_text": cells["standard"], "note": cells.get("note", ""),
                             "source_file": sheet.file_name, "source_line": row})
    return rows, problems


def _standard_item(code: str, standard: dict[str, str]) -> tuple[str | None, str]:
    """The standard item id for ``code``, or None and why not."""
    match = STANDARD_CODE.fullmatch(code)
    if match is None:
        return None, (f"{code!r} is not a standard code: write a criterion (K1.1), a "
                      "statement (1.2) or a module (1)")
    level = match.lastgroup
    if code not in standard:
        return None, f"unknown {level} {code}: the standard has no such {level}"
    return standard[code], ""


def standard_notations(items: pd.DataFrame) -> dict[str, str]:
    """Notation -> item id of the standard's modules, statements and criteria."""
    own = items[items["framework"] == "standard"]
    return dict(zip(own["notation"], own["item_id"], strict=True))


def template_reference() -> str:
    """The template's columns as Markdown tables, one per table: the README's reference."""
    lines = []
    for kind, columns in TEMPLATES.items():
        lines += [f"**`{kind}`**: {ROWS[kind]}.", "", "| column | required | what it holds |",
                  "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {'yes' if c.required else 'no'} | {c.meaning} |"
                  for c in columns]
        lines.append("")
    return "\n".join(lines)


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write one sheet per template table; the first :data:`TEXT_ROWS` rows are formatted as
    text so that Excel keeps codes such as ``1.10`` as written."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for kind, frame in tables.items():
        sheet = book.create_sheet(kind)
        sheet.append(list(frame.columns))
        for record in frame.itertuples(index=False):
            sheet.append(list(record))
        for row in sheet.iter_rows(min_row=1, max_row=TEXT_ROWS, max_col=len(frame.columns)):
            for cell in row:
                cell.number_format = "@"
    book.save(path)
    return path


def write_templates(folder: Path, example: str = EXAMPLE) -> list[Path]:
    """Write the blank template (``template-<table>.csv``, ``template.xlsx``) from
    :data:`TEMPLATES`, and the example's workbook ``<example>.xlsx`` from its CSV files
    ``<example>-<table>.csv``, into ``folder`` (``data/examples``)."""
    blank = {kind: pd.DataFrame(columns=[c.name for c in columns])
             for kind, columns in TEMPLATES.items()}
    written = []
    for kind, frame in blank.items():
        path = folder / f"template-{kind}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    filled = {kind: pd.read_csv(folder / f"{example}-{kind}.csv", dtype=str,
                                keep_default_na=False) for kind in TEMPLATES}
    return [*written, write_workbook(blank, folder / "template.xlsx"),
            write_workbook(filled, folder / f"{example}.xlsx")]
