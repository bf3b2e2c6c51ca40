"""Importer for the Highfield mapping document (tab-separated, one row per criterion).

Each table row has seven cells: standard module, standard learning outcome (statement),
criterion (``K1.1 ...``, ``(D)`` marks distinction), RQF unit(s) with regulator reference,
LO/AC reference(s), Apprenti-kit textbook pages, and the workbook question (knowledge) or the
Skills and Behaviours Activity Kit activity (skills, behaviours). Merged cells are empty and
carry the value from the row above; blank lines inside a table are page breaks.

The rules this importer applies, each reported as a defect where the source breaks them:

* A criterion's module is the number in its code (``K1.4`` is module 1).
* A unit cell may name several units (``Optional Unit 8 T/615/6243 Optional Unit 7
  M/615/6242``); the LO/AC cell then has one ``LO`` group per unit, paired in order. With one
  unit and several LO groups, all groups belong to that unit.
* An AC is kept under the LO the cell names, even where the AC number says another LO
  (``LO3: AC1.2``); the disagreement is a defect.
* Textbook pages restart in every booklet: modules 1–12 have a booklet each and modules
  13–18 share one, so a page is identified by booklet and number.
* Workbook questions restart in every knowledge module: a question is identified by module
  and number. Activity numbers belong to the one Activity Kit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graph.ingest.defects import defect_builder
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.text import numbers, squash, unique
from graph.model.tables import MANUAL_CURATION, table_set

SOURCE = SOURCES["highfield"]
FILE = SOURCE.file_name
_defect = defect_builder(FILE)

_MODULE = re.compile(r"^(M)?(\d+)\.\s*(.+)$")
_CRITERION = re.compile(r"^([KSB])(\d+)\.(\d+)\s*(\(D\))?\s*(.*)$")
_UNIT = re.compile(r"(Optional\s+)?Unit\s+(\d+)\s+([A-Z]/\d{3}/\d{4})")
_LO_GROUP = re.compile(r"LO\s*(\d+)\s*[:\-]?\s*((?:AC\s*\d+\.\d+\s*)+)")
_AC = re.compile(r"AC\s*(\d+\.\d+)")
_QUESTION = re.compile(r"^Q(\d+)$")
_ACTIVITY = re.compile(r"^Activity\s+([\d,\s]+)$")
_SECTION = re.compile(r"Apprenticeship Standard (Knowledge|Skills|Behaviours) Criteria$")

KSB_TYPES = {"K": "Knowledge", "S": "Skill", "B": "Behaviour"}
SECTION_TYPES = {"Knowledge": "Knowledge", "Skills": "Skill", "Behaviours": "Behaviour"}
BEHAVIOUR_BOOKLET = "13-18"


def booklet_of(module: int) -> str:
    """The Apprenti-kit booklet that holds a module's textbook pages.

    >>> booklet_of(4), booklet_of(15)
    ('4', '13-18')
    """
    return BEHAVIOUR_BOOKLET if module >= 13 else str(module)


@dataclass
class Row:
    """One criterion row as read, after merged cells are carried down."""

    line: int
    module: int
    module_cell_line: int
    statement: str
    statement_line: int
    code: str
    distinction: bool
    text: str
    unit_cell: str
    loac_cell: str
    pages_cell: str
    last_cell: str
    section: tuple[str, int] = ("", 0)
    cells: list[str] = field(default_factory=list)


def read_rows() -> tuple[list[Row], dict[int, tuple[str, int]], list[dict]]:
    """Read the criterion rows, the module headings (number -> (heading, line)) and defects."""
    lines = read_lines("highfield")
    rows: list[Row] = []
    modules: dict[int, tuple[str, int]] = {}
    defects: list[dict] = []
    module = 0
    module_line = 0
    statement, statement_line = "", 0
    section = ("", 0)
    header: list[str] = []
    for number, line in enumerate(lines, start=1):
        if (heading := _SECTION.search(line)):
            section = (SECTION_TYPES[heading.group(1)], number)
            continue
        cells = line.split("\t")
        if cells[0].startswith("Apprenticeship Standard Module"):
            header = header or [squash(c) for c in cells]
            defects.extend(_cut_header_cells(header, [squash(c) for c in cells], number))
            continue
        if len(cells) < 7:
            continue
        if set(line) <= set("-\t "):
            continue
        cells = [squash(c) for c in cells[:7]]
        module_cell, statement_cell, criterion_cell = cells[0], cells[1], cells[2]
        if module_cell:
            match = _MODULE.match(module_cell)
            if not match:
                defects.append(_defect("unreadable-module", "", f"module heading {module_cell!r} "
                                       "has no number", number))
                continue
            module = int(match.group(2))
            module_line = number
            if match.group(1):
                defects.append(_defect("inconsistent-heading", f"standard:module/{module}",
                                       f"module heading {module_cell!r} is written with an 'M' "
                                       "prefix, unlike most module headings", number))
            modules[module] = (squash(match.group(3)), number)
            statement, statement_line = "", 0
        if statement_cell:
            statement, statement_line = statement_cell, number
        match = _CRITERION.match(criterion_cell)
        if not match:
            defects.append(_defect("unreadable-criterion", "", f"criterion cell {criterion_cell!r} "
                                   "has no code", number))
            continue
        letter, mod, _, dist, text = match.groups()
        code = criterion_cell.split()[0]
        if int(mod) != module:
            defects.append(_defect("criterion-in-wrong-module", f"standard:criterion/{code}",
                                   f"{code} stands under module {module}", number))
        if KSB_TYPES[letter] != section[0]:
            defects.append(_defect("criterion-in-wrong-section", f"standard:criterion/{code}",
                                   f"{code} stands in the {section[0]} criteria table", number))
        for problem in text_problems(text):
            defects.append(_defect("garbled-text", f"standard:criterion/{code}",
                                   f"{code}: {problem}", number))
        rows.append(Row(number, int(mod), module_line, statement, statement_line, code,
                        bool(dist), squash(text), cells[3], cells[4], cells[5], cells[6],
                        section, cells))
    return rows, modules, defects


def _cut_header_cells(first: list[str], header: list[str], line: int) -> list[dict]:
    """Defects for header cells that are a cut-off form of the first table's header cell."""
    return [_defect("truncated-text", "", f"column heading {cell!r} is cut off "
                    f"(the first table's heading is {full!r})", line)
            for full, cell in zip(first, header, strict=False)
            if cell != full and full.startswith(cell)]


def text_problems(text: str) -> list[str]:
    """What is visibly garbled in a criterion text: a stray quote mark, or words repeated.

    >>> text_problems("Face to face'. Demonstrate ability")
    ["stray quote mark after 'Face to face'"]
    >>> text_problems("of this requirement the importance of this requirement the importance")
    ["the words 'of this requirement the importance' are repeated"]
    """
    problems = []
    if (stray := re.match(r"^([^']+)'\.", text)):
        problems.append(f"stray quote mark after {stray.group(1)!r}")
    words = [w.strip(".,;:").lower() for w in re.sub(r"/\s+", "/", text).split()]
    for size in range(8, 3, -1):
        for start in range(len(words) - 2 * size + 1):
            if words[start:start + size] == words[start + size:start + 2 * size]:
                problems.append(f"the words {' '.join(words[start:start + size])!r} "
                                "are repeated")
                return problems
    return problems



def module_headings() -> dict[int, tuple[str, int]]:
    """Module number -> (heading as Highfield writes it, line). The standard's numbering."""
    return read_rows()[1]


def parse_unit_references(unit_cell: str, loac_cell: str) -> list[tuple[str, bool, str, str, str]]:
    """Pair the units of a cell with their LO/AC groups.

    Returns ``(unit, optional, reference, lo, ac)`` tuples, one per AC.

    >>> parse_unit_references("Optional Unit 8 T/615/6243 Optional Unit 7 M/615/6242",
    ...                       "LO1: AC1.6 LO1: AC1.6")
    [('8', True, 'T/615/6243', '1', '1.6'), ('7', True, 'M/615/6242', '1', '1.6')]
    >>> parse_unit_references("Unit 5 H/615/6240", "LO4:AC4.4 AC4.5")
    [('5', False, 'H/615/6240', '4', '4.4'), ('5', False, 'H/615/6240', '4', '4.5')]
    """
    units = [(m.group(2), bool(m.group(1)), m.group(3)) for m in _UNIT.finditer(unit_cell)]
    groups = [(m.group(1), _AC.findall(m.group(2))) for m in _LO_GROUP.finditer(loac_cell)]
    if not units or not groups:
        return []
    if len(units) == len(groups):
        pairs = list(zip(units, groups, strict=True))
    else:
        pairs = [(units[0], group) for group in groups]
    return [(u, opt, ref, lo, ac) for (u, opt, ref), (lo, acs) in pairs for ac in acs]


def parse() -> dict[str, pd.DataFrame]:
    """Parse the Highfield document into the tidy tables (see :mod:`graph.model.tables`)."""
    rows, modules, defects = read_rows()
    frameworks = [
        {"framework": "highfield", "kind": "Qualification",
         "title": "Highfield Level 2 Diploma for Customer Service Practitioners (RQF)",
         "publisher": "Highfield", "reference": "", "source_file": FILE, "source_line": 9},
        {"framework": "highfield-textbook", "kind": "LearningResource",
         "title": "Highfield Standards Apprenti-kit textbook", "publisher": "Highfield",
         "reference": "", "source_file": FILE, "source_line": 7},
        {"framework": "highfield-workbook", "kind": "LearningResource",
         "title": "Highfield Standards Apprenti-kit workbook", "publisher": "Highfield",
         "reference": "", "source_file": FILE, "source_line": 7},
        {"framework": "highfield-activities", "kind": "LearningResource",
         "title": "Highfield Skills and Behaviours Activity Kit", "publisher": "Highfield",
         "reference": "", "source_file": FILE, "source_line": 7},
    ]
    items: list[dict] = []
    props: list[dict] = []
    texts: list[dict] = []
    maps: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def item(framework: str, item_id: str, kind: str, notation: str, label: str, line: int,
             parent: tuple[str, str] = ("", "")) -> None:
        if (framework, item_id) in seen:
            return
        seen.add((framework, item_id))
        items.append({"framework": framework, "item_id": item_id, "kind": kind,
                      "notation": notation, "label": label, "parent_framework": parent[0],
                      "parent_id": parent[1], "source_file": FILE, "source_line": line})

    def prop(framework: str, item_id: str, name: str, value: object, line: int) -> None:
        props.append({"framework": framework, "item_id": item_id, "property": name,
                      "value": value, "source_file": FILE, "source_line": line})

    def covers(subject: tuple[str, str], code: str, raw: str, line: int, note: str = "") -> None:
        maps.append({"subject_framework": subject[0], "subject_id": subject[1],
                     "predicate": "covers", "object_framework": "standard",
                     "object_id": f"criterion/{code}", "justification": MANUAL_CURATION,
                     "raw_text": raw, "note": note, "source_file": FILE, "source_line": line})

    for number, (heading, line) in sorted(modules.items()):
        texts.append({"framework": "standard", "item_id": f"module/{number}",
                      "role": "highfield-module", "text": heading, "truncated": "false",
                      "source_file": FILE, "source_line": line})

    module_types: dict[int, tuple[str, int]] = {}
    for row in rows:
        module_types.setdefault(row.module, row.section)
    for number, (ksb, line) in sorted(module_types.items()):
        prop("standard", f"module/{number}", "ksb_type", ksb, line)

    for row in rows:
        prop("standard", f"criterion/{row.code}", "ksb_type", KSB_TYPES[row.code[0]], row.line)
        prop("standard", f"criterion/{row.code}", "distinction",
             "true" if row.distinction else "false", row.line)
        texts.append({"framework": "standard", "item_id": f"criterion/{row.code}",
                      "role": "highfield-criterion", "text": row.text, "truncated": "",
                      "source_file": FILE, "source_line": row.line})
        texts.append({"framework": "standard", "item_id": f"criterion/{row.code}",
                      "role": "highfield-statement-cell", "text": row.statement,
                      "truncated": "", "source_file": FILE, "source_line": row.statement_line})
        # Qualification units, LOs and ACs.
        refs = parse_unit_references(row.unit_cell, row.loac_cell)
        if (row.unit_cell or row.loac_cell) and not refs:
            defects.append(_defect("unreadable-reference", f"standard:criterion/{row.code}",
                                   f"unit {row.unit_cell!r} / LO-AC {row.loac_cell!r} "
                                   "cannot be read as unit, LO and AC", row.line))
        raw = f"{row.unit_cell} | {row.loac_cell}"
        for unit, optional, reference, lo, ac in refs:
            unit_id = f"unit/{unit}"
            lo_id = f"{unit_id}/lo/{lo}"
            ac_id = f"{lo_id}/ac/{ac}"
            if ("highfield", unit_id) not in seen:
                prop("highfield", unit_id, "unit_reference", reference, row.line)
                if optional:  # the document marks optional units; it never says "mandatory"
                    prop("highfield", unit_id, "mandatory", "false", row.line)
            item("highfield", unit_id, "Unit", unit, f"Unit {unit} {reference}", row.line)
            item("highfield", lo_id, "LearningOutcome", lo, f"Unit {unit} LO{lo}", row.line,
                 ("highfield", unit_id))
            item("highfield", ac_id, "AssessmentCriterion", ac, f"Unit {unit} LO{lo} AC{ac}",
                 row.line, ("highfield", lo_id))
            if ac.split(".")[0] != lo:
                defects.append(_defect("lo-ac-mismatch", f"highfield:{ac_id}",
                                       f"{row.code}: LO{lo} is paired with AC{ac}, whose number "
                                       f"belongs to LO{ac.split('.')[0]}", row.line))
            covers(("highfield", ac_id), row.code, raw, row.line)
        # Textbook pages, scoped to their booklet.
        booklet = booklet_of(row.module)
        booklet_id = f"booklet/{booklet}"
        item("highfield-textbook", booklet_id, "Booklet", booklet,
             f"Apprenti-kit textbook, module{'s' if '-' in booklet else ''} {booklet}", row.line)
        if row.pages_cell.rstrip().endswith(","):
            defects.append(_defect("malformed-page-list", f"standard:criterion/{row.code}",
                                   f"textbook page list {row.pages_cell!r} ends with a comma",
                                   row.line))
        for page in unique(str(p) for p in numbers(row.pages_cell)):
            page_id = f"{booklet_id}/page/{page}"
            item("highfield-textbook", page_id, "TextbookPage", page,
                 f"Textbook module{'s' if '-' in booklet else ''} {booklet}, page {page}",
                 row.line, ("highfield-textbook", booklet_id))
            covers(("highfield-textbook", page_id), row.code, row.pages_cell, row.line)
        # Workbook question (knowledge) or activity (skills and behaviours).
        last = row.last_cell
        if (m := _QUESTION.match(last)):
            wb_id = f"booklet/{row.module}"
            item("highfield-workbook", wb_id, "Booklet", str(row.module),
                 f"Apprenti-kit workbook, module {row.module}", row.line)
            q_id = f"{wb_id}/question/{m.group(1)}"
            item("highfield-workbook", q_id, "WorkbookQuestion", last,
                 f"Workbook module {row.module}, {last}", row.line,
                 ("highfield-workbook", wb_id))
            covers(("highfield-workbook", q_id), row.code, last, row.line)
        elif (m := _ACTIVITY.match(last)):
            for activity in numbers(m.group(1)):
                a_id = f"activity/{activity}"
                item("highfield-activities", a_id, "Activity", str(activity),
                     f"Activity {activity}", row.line)
                covers(("highfield-activities", a_id), row.code, last, row.line)
        elif last:
            defects.append(_defect("unreadable-resource", f"standard:criterion/{row.code}",
                                   f"last cell {last!r} is neither a question nor an activity",
                                   row.line))
    return table_set(frameworks=frameworks, items=items, properties=props,
                     texts=texts, mappings=maps, defects=defects)
