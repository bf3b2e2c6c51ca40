"""Importer for the City & Guilds 2794-02 qualification handbook (plain text, page by page).

Layout of the document:

* "Qualification at a glance" has a tab-separated table ``Title and level | City & Guilds
  qualification number | Regulatory reference number | GLH | TQT`` (line 22); the TQT section
  repeats ``Title and level | GLH | TQT`` (line 118). Line 26 of the version history says the
  AC numbering of unit 205 LO1 was corrected in v1.2.
* "Structure" (lines 89-106) is a tab-separated table ``2794-2nn | title | GLH`` under two
  section lines, ``Mandatory units:`` (written ``Mandatory un | nits:``) and ``Optional units:``,
  each followed by its rule (``Learners must | achieve all six mandatory units.``).
* "5 Units": each unit opens with ``Unit 2nn title`` (unit 208's title stands on its own line),
  then ``Level: 2 GLH: n Aim: ...`` on one line or as three tab-separated lines. Each learning
  outcome is a ``Learning outcome`` / ``The learner will:`` / ``LOn text`` block, then
  ``Assessment criteria`` / ``The learner can:`` and one ``- ACn.m text`` line per AC, then an
  optional ``Range`` section of headed bullet lists. The unit heading repeats before
  "Supporting information", which closes the unit's outcomes (the guidance after it, such as
  unit 210's ``1.1 PESTLE is:``, is not read).
* "Appendix 1" (from line 3001) maps the standard's modules to the units: rows of
  ``category | "Module heading: statements" | "Unit 204: 1.1-1.5 Unit 205: 5.1-5.7"``, in the
  standard's module order, over several tables split at page breaks.

Rules applied (each break of a rule is a defect row):

* Framework title and reference come from the line 22 row of the first table. The GLH and TQT of
  the qualification are read from both tables; they must agree, and the GLH must equal the
  mandatory units' GLH plus the smallest optional unit's GLH (the learner takes one optional
  unit). The contract has no place for qualification-level facts, so they are checks only.
* A structure row gives the unit's ``glh`` and ``mandatory`` (from its section); the unit page
  gives ``glh``, ``level`` and ``aim`` again, each with its own line. Page and table must agree
  on GLH and title. The mandatory rule's number word must match the count of mandatory rows.
  A heading or rule spread over several table cells is reported as a split cell.
* Every LO and AC is an item. AC labels are the text as written, with the conversion's bold
  marks (``**``) removed; an AC's sub-items (``- a. a product``) are joined onto it with single
  spaces. Two ACs run together on one line (unit 210 ``AC3.6 ... AC3.7 ...``) are split.
* An AC stays under the LO block it stands in, even where its number names another LO. An LO
  block without its ``LOn`` line (unit 208 LO2) takes its number from its ACs and gets an empty
  label. AC numbers within an LO must run 1, 2, 3 ...; gaps and repeats are defects (the v1.2
  note on unit 205 LO1 is checked this way: its numbering is consistent now).
* An LO's range statement is one ``range`` property: its lines, bullets removed, joined with
  ``" | "``, at the line of the ``Range`` heading.
* Appendix rows: the last cell is the AC references, the cell before it the module text, the
  first cell of a three-cell row the category. A module text's heading is the part before its
  first colon when that part matches a standard module heading (``module_headings()``, score at
  least 90); the rest is the statements. A text without a heading is resolved by matching it
  against the standard's statement wording per module (the statement cells of the Highfield
  document, read through :func:`graph.ingest.highfield.read_rows`), and the match must fit the
  standard's module order between the neighbouring resolved rows.
* A row with references but no module text, followed in the same table (no heading row
  between, only a page break) by a row with module text but no references, is one row split at
  the break: the references belong to the text (lines 3011 and 3013: ``Unit 202: 5.1-5.3
  Unit 203: 5.1-5.2`` are the systems-and-equipment and measurement-tools ACs of module 4's
  statements, not a continuation of module 3's row, which has its own references on its own
  line).
* A row with references and no module text at all is placed by the module order alone, and only
  when exactly one module fits between the resolved rows before and after it (line 3008, before
  module 2 at the start of the Knowledge table, is module 1). Otherwise its references get no
  edge. Missing headings and missing statements are defects.
* References: ``Unit nnn:`` then ranges separated by ``,`` or ``;``. ``1.1-1.5`` means ACs 1.1
  to 1.5 of LO1 of that unit; every AC so named that the unit has becomes a ``covers`` edge
  from the AC to the module, and each one it lacks is a defect with no edge (line 3030: unit
  206 LO1 ends at 1.8, so ``Unit 206: 1.9`` gives no edge). A range across two LOs is not read
  (a defect). A unit named with no range would become one unit-level edge (subject
  ``unit/nnn``), never AC-level ones; this handbook has no such cell. Spacing such as
  ``Unit 201 :`` or ``2.1 -2.3`` is read but reported as irregular notation.
* Texts: each module heading as written (role ``cityguilds-appendix-module``) and each
  statements text as written (role ``cityguilds-appendix-statements``). A statements text is
  truncated when it is a strict prefix of the standard's wording, not truncated when it ends
  with a full stop or holds at least that wording, unknown otherwise; a cut-off text is a
  defect.
* Edges are kept as written. A row is reported as a suspect reference when its statements
  contain the whole wording of an LO it does not reference (similarity at least 95) while every
  LO it does reference scores below 60 (line 3015: "Customer experience" references unit 203
  LO2, core values and service culture, while its statements hold unit 204 LO2, "Understand
  how to create a customer focused experience").
* The mapping note says how each edge was read: the range it was expanded from, and whether its
  module came from the row order, from the statements, or from a row split at a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graph.ingest.cityguilds_assessment import assessment_facts
from graph.ingest.defects import defect_builder
from graph.ingest.highfield import module_headings, read_rows
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.text import (
    NUMBER_WORDS,
    best_match,
    is_prefix_of,
    normalise,
    similarity,
    squash,
    unique,
)
from graph.model.tables import MANUAL_CURATION, table_set

SOURCE = SOURCES["cityguilds"]
FILE = SOURCE.file_name
_defect = defect_builder(FILE)
FRAMEWORK = "cityguilds"

_REFERENCE = re.compile(r"^\d{3}/\d{4}/\d$")
_STRUCTURE_ROW = re.compile(r"^2794-(\d{3})\t([^\t]+)\t(\d+)")
_UNIT_HEADING = re.compile(r"^Unit (2\d\d)\b\s*(.*)$")
_LEVEL = re.compile(r"Level:\s*(\d+)")
_GLH = re.compile(r"GLH:\s*(\d+)")
_AIM = re.compile(r"Aim:\s*(.+)$")
_LO = re.compile(r"^LO(\d+)\s+(.+)$")
_AC_LINE = re.compile(r"^(?:-\s*)?AC\d+\.\d+\s")
_AC = re.compile(r"AC(\d+)\.(\d+)\s+")
_BULLET = re.compile(r"^[\s\-·•∘◦▪]+")
_UNIT_REF = re.compile(r"Unit\s*(\d{3})\s*:?\s*")
_RANGE = re.compile(r"^(\d+)\.(\d+)(?:\s*-\s*(\d+)\.(\d+))?$")
HEADING_CUTOFF = 90.0
STATEMENT_CUTOFF = 80.0
CONTAINED_LO = 95.0  # an LO's wording lies wholly within a module's statements
WEAK_LO = 60.0  # below this, a referenced LO shares little wording with the statements


@dataclass
class Criterion:
    """One assessment criterion as read: ``lo`` and ``number`` from its code ``ACn.m``."""

    lo: int
    number: int
    text: str
    line: int

    @property
    def notation(self) -> str:
        return f"{self.lo}.{self.number}"


@dataclass
class Outcome:
    """One learning-outcome block; ``number`` is 0 until known, ``text`` empty when missing."""

    number: int
    text: str
    line: int
    criteria: list[Criterion] = field(default_factory=list)
    range_lines: list[str] = field(default_factory=list)
    range_line: int = 0


@dataclass
class Unit:
    """One unit page: heading, the Level/GLH/Aim facts (value, line) and its outcomes."""

    number: str
    title: str
    line: int
    facts: dict[str, tuple[str, int]] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    title_line: int = 0  # the line that carries the title, when not the heading's own

    @property
    def label_line(self) -> int:
        """The line whose wording the unit's label is."""
        return self.title_line or self.line


@dataclass
class StructureRow:
    """One unit row of the structure table."""

    unit: str
    title: str
    glh: int
    mandatory: bool
    line: int


@dataclass
class AppendixRow:
    """One data row of Appendix 1, with the module it is resolved to (0 while unknown).

    ``line`` is the line of the module text; ``references_line`` that of the references cell,
    the same line unless the row is split at a page break. ``table`` counts the heading rows
    above the row.
    """

    line: int
    table: int
    category: str
    text: str
    references: str
    references_line: int = 0
    heading: str = ""
    statements: str = ""
    module: int = 0
    how: str = ""


@dataclass(frozen=True)
class RangeRef:
    """One reference of an appendix cell: a unit and an AC range (``lo`` 0 = whole unit)."""

    unit: str
    lo: int
    first: int
    last: int
    written: str



def _cells(line: str) -> list[str]:
    return [squash(c) for c in line.split("\t")]


def read_qualification(lines: list[str]) -> list[dict[str, tuple[str, int]]]:
    """The rows of the ``Title and level`` tables: column heading -> (cell, line).

    The row is the first non-blank line after the heading line.
    """
    rows = []
    for index, line in enumerate(lines):
        if not line.startswith("Title and level\t"):
            continue
        value_index = next(i for i in range(index + 1, len(lines)) if lines[i].strip())
        headings, cells = _cells(line), _cells(lines[value_index])
        rows.append({h: (c, value_index + 1) for h, c in zip(headings, cells, strict=False) if h})
    return rows


def read_structure(lines: list[str]) -> tuple[list[StructureRow], list[dict]]:
    """Read the structure table's unit rows and check the mandatory section's rule."""
    start = next(i for i, line in enumerate(lines) if line.startswith("City & Guilds unit number"))
    rows: list[StructureRow] = []
    defects: list[dict] = []
    section = ""
    rules: dict[str, tuple[str, int]] = {}
    for number in range(start + 2, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            break
        if (match := _STRUCTURE_ROW.match(line)):
            rows.append(StructureRow(match.group(1), squash(match.group(2)), int(match.group(3)),
                                     section == "mandatory", number))
            continue
        cells = [c for c in _cells(line) if c]
        if cells[0].startswith(("Mandatory", "Optional")):
            section = cells[0].split()[0].lower()
        else:
            rules[section] = (" ".join(cells), number)
        if len(cells) > 1:
            defects.append(_defect("split-cell", "", "the structure table line "
                                   f"{' | '.join(cells)!r} is spread over {len(cells)} cells",
                                   number))
    rule, line = rules["mandatory"]
    words = [NUMBER_WORDS[w] for w in rule.lower().split() if w in NUMBER_WORDS]
    count = sum(row.mandatory for row in rows)
    if words != [count]:
        defects.append(_defect("rule-count-mismatch", "", f"the rule {rule!r} does not match "
                               f"the {count} mandatory units listed", line))
    return rows, defects


def split_criteria(text: str) -> list[tuple[int, int, str]]:
    """Split an AC line into ``(lo, number, text)`` per AC code it holds.

    >>> split_criteria("AC3.6 describe value AC3.7 explain why")
    [(3, 6, 'describe value'), (3, 7, 'explain why')]
    """
    matches = list(_AC.finditer(text))
    ends = [m.start() for m in matches[1:]] + [len(text)]
    return [(int(m.group(1)), int(m.group(2)), squash(text[m.end():end]))
            for m, end in zip(matches, ends, strict=True)]


def _clean(text: str) -> str:
    """A line's words without list bullets and bold marks."""
    return squash(_BULLET.sub("", text).replace("**", ""))


def read_units(lines: list[str]) -> tuple[list[Unit], list[dict]]:
    """Read the unit pages between "5 Units" and "Appendix 1"."""
    start = lines.index("5 Units")
    end = next(i for i, line in enumerate(lines) if line.startswith("Appendix 1."))
    units: list[Unit] = []
    defects: list[dict] = []
    unit: Unit | None = None
    outcome: Outcome | None = None
    state = ""
    for number in range(start + 1, end + 1):
        line = lines[number - 1]
        text = line.strip()
        if (match := _UNIT_HEADING.match(text)):
            if any(u.number == match.group(1) for u in units):
                state = "guidance"
                continue
            unit = Unit(match.group(1), squash(match.group(2)), number)
            if not unit.title:
                title_number = next(n for n in range(number + 1, end + 1) if lines[n - 1].strip())
                unit.title = squash(lines[title_number - 1])
                unit.title_line = title_number
                defects.append(_defect("split-heading", f"{FRAMEWORK}:unit/{unit.number}",
                                       f"the heading of unit {unit.number} stands on line "
                                       f"{number} and its title on line {title_number}", number))
            units.append(unit)
            outcome, state = None, "header"
            continue
        if unit is None or state == "guidance" or not text:
            continue
        if state == "header" and text != "Learning outcome":
            for name, pattern in (("level", _LEVEL), ("glh", _GLH), ("aim", _AIM)):
                if (found := pattern.search(line)):
                    unit.facts[name] = (squash(found.group(1)), number)
        elif text == "Learning outcome":
            outcome = Outcome(0, "", number)
            unit.outcomes.append(outcome)
            state = "outcome"
        elif outcome is None:
            continue
        elif (match := _LO.match(text)):
            outcome.number, outcome.text, outcome.line = int(match.group(1)), squash(
                match.group(2).replace("**", "")), number
        elif text == "Assessment criteria":
            state = "criteria"
        elif text == "Range":
            outcome.range_line, state = number, "range"
        elif state == "criteria" and _AC_LINE.match(text):
            found = split_criteria(text.replace("**", ""))
            outcome.criteria.extend(Criterion(lo, n, t, number) for lo, n, t in found)
            if len(found) > 1:
                codes = " and ".join(f"AC{lo}.{n}" for lo, n, _ in found)
                defects.append(_defect("run-together", f"{FRAMEWORK}:unit/{unit.number}",
                                       f"{codes} stand run together on one line", number))
        elif state == "criteria" and outcome.criteria:
            last = outcome.criteria[-1]
            last.text = squash(f"{last.text} {_clean(text)}")
        elif state == "range":
            outcome.range_lines.append(_clean(text))
    for page in units:
        defects.extend(check_outcomes(page))
    return units, defects


def check_outcomes(unit: Unit) -> list[dict]:
    """Number LO blocks that lack their LO line and check LO and AC numbering."""
    defects: list[dict] = []
    for index, outcome in enumerate(unit.outcomes, start=1):
        if outcome.number == 0:
            numbers = unique(str(c.lo) for c in outcome.criteria)
            outcome.number = int(numbers[0]) if len(numbers) == 1 else index
            defects.append(_defect("missing-lo-text",
                                   f"{FRAMEWORK}:unit/{unit.number}/lo/{outcome.number}",
                                   f"unit {unit.number}: the learning outcome before AC"
                                   f"{outcome.criteria[0].notation if outcome.criteria else ''} "
                                   "has no LO number or text", outcome.line))
        if outcome.number != index:
            defects.append(_defect("lo-numbering", f"{FRAMEWORK}:unit/{unit.number}",
                                   f"unit {unit.number}: LO{outcome.number} stands in place "
                                   f"{index}", outcome.line))
        seen: set[str] = set()
        for place, criterion in enumerate(outcome.criteria, start=1):
            item = f"{FRAMEWORK}:unit/{unit.number}/lo/{outcome.number}/ac/{criterion.notation}"
            if criterion.lo != outcome.number:
                defects.append(_defect("lo-ac-mismatch", item, f"AC{criterion.notation} stands "
                                       f"under LO{outcome.number}", criterion.line))
            if criterion.notation in seen:
                defects.append(_defect("duplicate-ac", item, f"AC{criterion.notation} is "
                                       f"written twice in unit {unit.number}", criterion.line))
            elif criterion.number != place:
                defects.append(_defect("ac-numbering", item, f"AC{criterion.notation} stands "
                                       f"in place {place} of LO{outcome.number}", criterion.line))
            seen.add(criterion.notation)
    return defects


def read_appendix(lines: list[str]) -> tuple[list[AppendixRow], list[dict]]:
    """Read Appendix 1's data rows; report table heading rows with an empty cell."""
    start = next(i for i, line in enumerate(lines) if line.startswith("Appendix 1."))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Appendix 2"))
    rows: list[AppendixRow] = []
    defects: list[dict] = []
    table_number = 0
    for number in range(start + 1, end + 1):
        line = lines[number - 1]
        if "\t" not in line:
            continue
        cells = _cells(line)
        if cells[0].startswith("Knowledge/Skills/"):
            table_number += 1
            if "" in cells:
                defects.append(_defect("missing-column-heading", "", "a table heading row of "
                                       "Appendix 1 lacks its 'Standard Module' heading", number))
            continue
        rows.append(AppendixRow(number, table_number, cells[0] if len(cells) > 2 else "",
                                cells[-2], cells[-1], number))
    return rows, defects


def standard_statements() -> dict[int, str]:
    """Module number -> the standard's statements joined, as the Highfield rows give them."""
    rows, _, _ = read_rows()
    statements: dict[int, list[str]] = {}
    for row in rows:
        statements.setdefault(row.module, []).append(row.statement)
    return {module: " ".join(unique(texts)) for module, texts in statements.items()}


def split_heading(text: str, headings: dict[int, tuple[str, int]]) -> tuple[int, str, str]:
    """``(module, heading, statements)`` of a module cell; module 0 and no heading when the part
    before the first colon is not a module heading.

    >>> split_heading("Developing self:", {13: ("Developing Self", 89)})
    (13, 'Developing self', '')
    """
    head, colon, rest = text.partition(":")
    if colon:
        numbers = sorted(headings)
        found = best_match(head, [headings[n][0] for n in numbers], HEADING_CUTOFF)
        if found is not None:
            return numbers[found[0]], squash(head), squash(rest)
    return 0, "", text


def resolve_modules(rows: list[AppendixRow]) -> list[dict]:
    """Set each row's module (see the module docstring) and return the defects found."""
    headings = module_headings()
    references = standard_statements()
    numbers = sorted(references)
    for row in rows:
        if not row.text:
            continue
        row.module, row.heading, row.statements = split_heading(row.text, headings)
        if row.module:
            row.how = "heading"
            continue
        found = best_match(row.text, [references[n] for n in numbers], STATEMENT_CUTOFF)
        if found is not None:
            row.module, row.how = numbers[found[0]], "statements"
    defects = join_split_rows(rows) + place_by_order(rows, max(numbers) + 1)
    for row in rows:
        if row.module and not row.heading:
            defects.append(_defect("missing-module-heading", f"standard:module/{row.module}",
                                   f"the row of module {row.module} "
                                   f"({headings[row.module][0]}) has no heading"
                                   + ("" if row.text else " and no statements"), row.line))
        if row.heading and not row.statements:
            defects.append(_defect("missing-statement-text", f"standard:module/{row.module}",
                                   f"the row of module {row.module} gives the heading "
                                   f"{row.heading!r} but no statements", row.line))
    return defects


def join_split_rows(rows: list[AppendixRow]) -> list[dict]:
    """Give a references-only row's references to the text-only row after it in its table."""
    defects: list[dict] = []
    for before, after in zip(rows, rows[1:], strict=False):
        if (before.table == after.table and before.references and not before.text
                and after.text and not after.references):
            after.references, after.references_line = before.references, before.line
            before.references = ""
            defects.append(_defect("split-row", f"standard:module/{after.module}",
                                   f"the references on line {before.line} and the module text "
                                   f"on line {after.line}, after a page break, are one table "
                                   "row", before.line))
    return defects


def place_by_order(rows: list[AppendixRow], end: int) -> list[dict]:
    """Check statement-matched modules against the module order and place text-less rows.

    ``end`` is one past the last module number.
    """
    defects: list[dict] = []
    for index, row in enumerate(rows):
        low = max((r.module for r in rows[:index] if r.module), default=0)
        high = min((r.module for r in rows[index + 1:] if r.module), default=end)
        if row.how == "statements" and not low < row.module < high:
            defects.append(_defect("unresolved-module", "", f"the statements {row.text!r} match "
                                   f"module {row.module}, out of the module order", row.line))
            row.module, row.how = 0, ""
        elif not row.text and row.references:
            if high - low == 2:
                row.module, row.how = low + 1, "order"
            else:
                defects.append(_defect("unresolved-module", "", f"the references "
                                       f"{row.references!r} stand in a row with no module text",
                                       row.line))
    return defects


def parse_references(cell: str) -> tuple[list[RangeRef], list[str]]:
    """The unit and AC ranges of an appendix cell, and the pieces written irregularly.

    >>> refs, odd = parse_references("Unit 206 : 2.1 -2.3, 4.1 Unit 205")
    >>> [(r.unit, r.lo, r.first, r.last) for r in refs]
    [('206', 2, 1, 3), ('206', 4, 1, 1), ('205', 0, 0, 0)]
    >>> odd
    ['Unit 206 :', '2.1 -2.3']
    """
    refs: list[RangeRef] = []
    odd: list[str] = []
    marks = list(_UNIT_REF.finditer(cell))
    if not marks:
        return refs, odd
    ends = [m.start() for m in marks[1:]] + [len(cell)]
    for mark, end in zip(marks, ends, strict=True):
        unit = mark.group(1)
        if squash(mark.group(0)) not in (f"Unit {unit}:", f"Unit {unit}"):
            odd.append(squash(mark.group(0)))
        pieces = [squash(p) for p in re.split(r"[,;]", cell[mark.end():end]) if p.strip()]
        if not pieces:
            refs.append(RangeRef(unit, 0, 0, 0, f"Unit {unit}"))
        for piece in pieces:
            if re.search(r"\s", piece):
                odd.append(piece)
            match = _RANGE.match(piece)
            if match is None or (match.group(3) and match.group(3) != match.group(1)):
                refs.append(RangeRef(unit, -1, 0, 0, piece))
                continue
            lo, first = int(match.group(1)), int(match.group(2))
            last = int(match.group(4)) if match.group(4) else first
            refs.append(RangeRef(unit, lo, first, last, piece))
    return refs, odd


def truncation(text: str, reference: str) -> str:
    """``"true"`` when ``text`` is cut off against ``reference``, ``"false"`` when complete,
    ``""`` when it cannot be told."""
    if is_prefix_of(text, reference):
        return "true"
    if text.rstrip().endswith(".") or normalise(text).startswith(normalise(reference)):
        return "false"
    return ""


def parse() -> dict[str, pd.DataFrame]:
    """Parse the City & Guilds handbook into the tidy tables (see :mod:`graph.model.tables`)."""
    lines = read_lines("cityguilds")
    qualification = read_qualification(lines)
    structure, defects = read_structure(lines)
    units, unit_defects = read_units(lines)
    appendix, appendix_defects = read_appendix(lines)
    defects += unit_defects + appendix_defects + resolve_modules(appendix)
    first = next(row for row in qualification if "Regulatory reference number" in row)
    title, title_line = first["Title and level"]
    reference, _ = first["Regulatory reference number"]
    frameworks = [{"framework": FRAMEWORK, "kind": "Qualification", "title": title,
                   "publisher": SOURCE.publisher, "reference": reference,
                   "source_file": FILE, "source_line": title_line}]
    if not _REFERENCE.match(reference):
        defects.append(_defect("unreadable-reference", "", f"the regulatory reference "
                               f"{reference!r} is not of the form 000/0000/0", title_line))
    defects += check_hours(qualification, structure)
    items, props = unit_rows(units)
    defects += check_structure(structure, units)
    for row in structure:
        unit_id = f"unit/{row.unit}"
        props.append(_prop(unit_id, "glh", row.glh, row.line))
        props.append(_prop(unit_id, "mandatory", "true" if row.mandatory else "false", row.line))
    props += qualification_properties(qualification, lines)
    labels = {i["item_id"]: i["label"] for i in items}
    assessed, assessment_defects = assessment_facts(lines, items)
    props += assessed
    defects += assessment_defects
    texts, maps, mapping_defects = appendix_rows(appendix, labels)
    return table_set(frameworks=frameworks, items=items, properties=props,
                     texts=texts, mappings=maps, defects=defects + mapping_defects)


def qualification_properties(qualification: list[dict[str, tuple[str, int]]],
                             lines: list[str]) -> list[dict]:
    """GLH, TQT and the structure rules of the qualification itself (``item_id`` empty).

    Every ``Title and level`` row gives GLH and TQT; each is kept with its own line. The
    structure rules are the "Learners must achieve ..." sentences, split over two cells.
    """
    props = []
    for row in qualification:
        for column, name in (("GLH", "glh"), ("TQT", "tqt")):
            if column in row and row[column][0].isdigit():
                props.append(_prop("", name, row[column][0], row[column][1]))
    for number, line in enumerate(lines, start=1):
        if line.startswith("Learners must"):
            props.append(_prop("", "structure_rule", squash(" ".join(_cells(line))), number))
    return props


def _prop(item_id: str, name: str, value: object, line: int) -> dict:
    return {"framework": FRAMEWORK, "item_id": item_id, "property": name, "value": value,
            "source_file": FILE, "source_line": line}


def _item(item_id: str, kind: str, notation: str, label: str, line: int, parent: str = "") -> dict:
    return {"framework": FRAMEWORK, "item_id": item_id, "kind": kind, "notation": notation,
            "label": label, "parent_framework": FRAMEWORK if parent else "",
            "parent_id": parent, "source_file": FILE, "source_line": line}


def unit_rows(units: list[Unit]) -> tuple[list[dict], list[dict]]:
    """Items (units, LOs, ACs) and the unit-page properties (level, glh, aim, range)."""
    items: list[dict] = []
    props: list[dict] = []
    for unit in units:
        unit_id = f"unit/{unit.number}"
        items.append(_item(unit_id, "Unit", unit.number, unit.title, unit.label_line))
        for name in ("level", "glh", "aim"):
            if name in unit.facts:
                props.append(_prop(unit_id, name, *unit.facts[name]))
        for outcome in unit.outcomes:
            lo_id = f"{unit_id}/lo/{outcome.number}"
            # An LO the handbook gives no text for is named by its number, never by invented
            # text, and cites the line its number is read from (its first AC).
            label = outcome.text or f"Unit {unit.number} LO{outcome.number}"
            line = outcome.line if outcome.text or not outcome.criteria else \
                outcome.criteria[0].line
            items.append(_item(lo_id, "LearningOutcome", str(outcome.number), label, line,
                               unit_id))
            if outcome.range_lines:
                props.append(_prop(lo_id, "range", " | ".join(outcome.range_lines),
                                   outcome.range_line))
            written: set[str] = set()
            for criterion in outcome.criteria:
                if criterion.notation in written:
                    continue
                written.add(criterion.notation)
                items.append(_item(f"{lo_id}/ac/{criterion.notation}", "AssessmentCriterion",
                                   criterion.notation, criterion.text, criterion.line, lo_id))
    return items, props


def check_structure(structure: list[StructureRow], units: list[Unit]) -> list[dict]:
    """Compare the structure table with the unit pages: presence, title and GLH."""
    defects: list[dict] = []
    pages = {unit.number: unit for unit in units}
    for row in structure:
        unit = pages.get(row.unit)
        item = f"{FRAMEWORK}:unit/{row.unit}"
        if unit is None:
            defects.append(_defect("missing-unit", item, f"unit {row.unit} is in the structure "
                                   "table but has no unit page", row.line))
            continue
        if normalise(unit.title) != normalise(row.title):
            defects.append(_defect("title-mismatch", item, f"the structure table calls unit "
                                   f"{row.unit} {row.title!r}, its page {unit.title!r}", row.line))
        glh, line = unit.facts.get("glh", ("", unit.line))
        if glh != str(row.glh):
            defects.append(_defect("glh-mismatch", item, f"unit {row.unit} has {row.glh} GLH "
                                   f"in the structure table but {glh or 'none'} on its page",
                                   line))
    return defects


def check_hours(qualification: list[dict[str, tuple[str, int]]],
                structure: list[StructureRow]) -> list[dict]:
    """The qualification's GLH and TQT must agree across tables and with the unit GLH."""
    defects: list[dict] = []
    for name in ("GLH", "TQT"):
        values = [row[name] for row in qualification if name in row]
        if len({value for value, _ in values}) > 1:
            defects.append(_defect("hours-mismatch", "", f"the qualification's {name} is given "
                                   f"as {' and '.join(v for v, _ in values)}", values[-1][1]))
    glh, line = next(row["GLH"] for row in qualification if "GLH" in row)
    mandatory = sum(row.glh for row in structure if row.mandatory)
    optional = min(row.glh for row in structure if not row.mandatory)
    if int(glh) != mandatory + optional:
        defects.append(_defect("hours-mismatch", "", f"the qualification's GLH {glh} is not the "
                               f"mandatory units' {mandatory} plus the smallest optional "
                               f"unit's {optional}", line))
    return defects


def appendix_rows(rows: list[AppendixRow], labels: dict[str, str]) -> tuple[list[dict],
                                                                          list[dict], list[dict]]:
    """Texts, ``covers`` edges and reference defects of the resolved appendix rows.

    ``labels`` maps every item id of the handbook to its label.
    """
    references = standard_statements()
    texts: list[dict] = []
    maps: list[dict] = []
    defects: list[dict] = []
    for row in rows:
        module_id = f"module/{row.module}"
        if row.module and row.heading:
            texts.append({"framework": "standard", "item_id": module_id,
                          "role": "cityguilds-appendix-module", "text": row.heading,
                          "truncated": "false", "source_file": FILE, "source_line": row.line})
        if row.module and row.statements:
            truncated = truncation(row.statements, references[row.module])
            texts.append({"framework": "standard", "item_id": module_id,
                          "role": "cityguilds-appendix-statements", "text": row.statements,
                          "truncated": truncated, "source_file": FILE, "source_line": row.line})
            if truncated == "true":
                defects.append(_defect("cut-off-text", f"standard:{module_id}", "the statements "
                                       f"of module {row.module} are cut off", row.line))
        refs, odd = parse_references(row.references)
        line = row.references_line
        if row.references and not refs:
            defects.append(_defect("unreadable-reference", f"standard:{module_id}",
                                   f"the cell {row.references!r} names no unit", line))
        for piece in odd:
            defects.append(_defect("irregular-notation", f"standard:{module_id}",
                                   f"the reference {piece!r} is spaced irregularly", line))
        if not row.module:
            continue
        referenced: set[str] = set()
        how = {"order": "; module placed by the standard's module order (row has no module "
                        "text)",
               "statements": "; module resolved from its statements (row has no heading)"}
        for ref in refs:
            if ref.lo < 0:
                defects.append(_defect("unreadable-range", f"standard:{module_id}",
                                       f"Unit {ref.unit}: {ref.written!r} is not a range of one "
                                       "LO", line))
            edges, missing = expand(ref, set(labels))
            for item_id in missing:
                named = f"AC{item_id.rsplit('/', 1)[-1]}" if ref.lo else "a unit"
                defects.append(_defect("missing-ac" if ref.lo else "missing-unit",
                                       f"{FRAMEWORK}:{item_id}", f"'Unit {ref.unit}: "
                                       f"{ref.written}' names {named} that the handbook does "
                                       "not have", line))
            note = reference_note(ref) + how.get(row.how, "")
            if line != row.line:
                note += f"; references joined to the module text on line {row.line}"
            for subject in edges:
                maps.append({"subject_framework": FRAMEWORK, "subject_id": subject,
                             "predicate": "covers", "object_framework": "standard",
                             "object_id": module_id, "justification": MANUAL_CURATION,
                             "raw_text": row.references, "note": note,
                             "source_file": FILE, "source_line": line})
            referenced.update(edge.split("/ac/")[0] for edge in edges if "/ac/" in edge)
        defects.extend(check_suspect_reference(row, referenced, labels))
    return texts, maps, defects


def reference_note(ref: RangeRef) -> str:
    """How an edge was read from its reference.

    >>> reference_note(RangeRef("204", 1, 1, 5, "1.1-1.5"))
    'expanded from range Unit 204: 1.1-1.5'
    """
    if ref.lo == 0:
        return f"unit named without AC range: Unit {ref.unit}"
    if ref.first == ref.last:
        return f"single AC Unit {ref.unit}: {ref.written}"
    return f"expanded from range Unit {ref.unit}: {ref.written}"


def check_suspect_reference(row: AppendixRow, referenced: set[str],
                            labels: dict[str, str]) -> list[dict]:
    """Report a row whose statements contain the whole wording of an LO it does not reference
    while every LO it does reference shares little of its wording."""
    if not row.statements or not referenced:
        return []
    scores = {lo: similarity(row.statements, label) for lo, label in labels.items()
              if lo.count("/") == 3}
    if max(scores[lo] for lo in referenced) >= WEAK_LO:
        return []
    return [_defect("suspect-reference", f"standard:module/{row.module}",
                    f"the statements of module {row.module} contain the wording of {lo} "
                    f"({labels[lo]!r}), which the row does not reference; it references "
                    f"{', '.join(sorted(referenced))}", row.references_line)
            for lo, score in scores.items() if score >= CONTAINED_LO and lo not in referenced]


def expand(ref: RangeRef, known: set[str]) -> tuple[list[str], list[str]]:
    """Item ids a reference names that exist, and AC ids it names that do not."""
    unit_id = f"unit/{ref.unit}"
    if ref.lo < 0:
        return [], []
    if ref.lo == 0:
        return ([unit_id], []) if unit_id in known else ([], [unit_id])
    ids = [f"{unit_id}/lo/{ref.lo}/ac/{ref.lo}.{n}" for n in range(ref.first, ref.last + 1)]
    return [i for i in ids if i in known], [i for i in ids if i not in known]
