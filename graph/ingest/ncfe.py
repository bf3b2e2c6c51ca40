"""Importer for the NCFE mapping document (Markdown tables with HTML inside the cells).

The document maps the standard's statements to the NCFE Level 2 Diploma in Customer Service
(601/3973/0). It has three sections, Knowledge, Skills and Behaviours, each opened by a header
row (``| Knowledge | | Unit and assessment criteria |``). Every table row has three cells:

1. the standard's module name, written only on a module's first row;
2. one standard statement (a leading bullet, ``•`` or ``<ul ...>``, is not part of it);
3. the units and ACs that cover it: ``Unit N Title`` followed by ``x.y AC text`` items, inside
   ``<p>`` tags or run together on one line, or ``No mapping``.

Each page break closes the Markdown table and opens a new one whose header row is empty
(``| | | |``); a row whose first two cells are empty continues the third cell of the row
above, and the split can fall anywhere, even inside an AC text or between a unit's title and
its ACs.

The rules this importer applies, each reported as a defect where the source breaks them:

* A row with a statement starts a new statement; a row with a module name starts a new module,
  resolved to the standard's number by its name against
  :func:`graph.ingest.highfield.module_headings` (the only source of module numbers).
  ``statement/{m}.{k}`` is the k-th statement row of module m in this document.
* A continuation row's third cell is appended to the open statement's with a space; the
  joined cell is read as one sequence of ``Unit N`` and ``x.y`` tokens, so ACs at the top of
  a continuation belong to the last unit named before the break.
* A unit's title is the text between ``Unit N`` and its first AC; an AC's text runs to the
  next token. Items keep the number, title and text where they first appear; a later
  different title or text for the same unit or AC is a defect, as is a unit number written
  with a leading zero (``Unit 07``). Ids use the number's value (``unit/7``).
* The document gives no learning outcome texts, so ACs hang directly under their unit.
* Only a statement's leading bullet is removed: the inner ``- Use ...`` list of the combined
  Communication statement stays as written, as one statement.
* A ``covers`` row's line is the line where its AC's code stands and its raw text is the
  whole joined cell; where the cell gives the AC another text than its label, the note says so.
  An AC cited twice for one statement gives one row (the repeat is a defect).
* ``No mapping`` becomes a ``no-mapping`` row with no subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graph.ingest.defects import defect_builder
from graph.ingest.highfield import module_headings
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.text import best_match, squash, strip_html
from graph.model.tables import MANUAL_CURATION, table

SOURCE = SOURCES["ncfe"]
FILE = SOURCE.file_name
_defect = defect_builder(FILE)
TITLE_LINE = 5
SECTIONS = ("Knowledge", "Skills", "Behaviours")
NO_MAPPING = "No mapping"

_SEPARATOR = re.compile(r"^-*$")
_LEADING_BULLET = re.compile(r"^[•\-–]\s*")
_TOKEN = re.compile(r"(?<!\S)(?:Unit\s+(?P<unit>\d+)|(?P<code>\d+\.\d+))(?!\S)")


@dataclass(frozen=True)
class Fragment:
    """One piece of a statement's third cell: the text of one table row, HTML stripped."""

    line: int
    text: str


@dataclass
class Statement:
    """One statement row with its module and its whole third cell."""

    module: int
    order: int
    text: str
    line: int
    fragments: list[Fragment] = field(default_factory=list)

    @property
    def item_id(self) -> str:
        return f"statement/{self.module}.{self.order}"

    @property
    def cell(self) -> str:
        """The third cell with every fragment joined, as one text."""
        return " ".join(f.text for f in self.fragments)


@dataclass(frozen=True)
class Citation:
    """One AC as a statement's cell cites it, under the unit named before it."""

    unit: str  # the unit number as written
    title: str
    unit_line: int
    code: str
    text: str
    line: int

    @property
    def unit_id(self) -> str:
        return f"unit/{int(self.unit)}"

    @property
    def ac_id(self) -> str:
        return f"{self.unit_id}/ac/{self.code}"


@dataclass
class Module:
    """A module name row as written, with the standard's number it resolves to."""

    number: int
    name: str
    line: int



def split_row(line: str) -> list[str] | None:
    """The cells of a Markdown table row, or None for a line that is not one.

    >>> split_row("| | <ul> Understand who customers are. | No mapping |")
    ['', '<ul> Understand who customers are.', 'No mapping']
    """
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")) or len(line) < 2:
        return None
    return [cell.strip() for cell in line[1:-1].split("|")]


def statement_text(cell: str) -> str:
    """A statement cell without HTML and without its leading bullet.

    >>> statement_text('<ul style="list-style-type: none"> • Demonstrate patience and calmness.')
    'Demonstrate patience and calmness.'
    """
    return _LEADING_BULLET.sub("", strip_html(cell))


def resolve_module(name: str, headings: dict[int, tuple[str, int]]) -> int | None:
    """The standard's module number for a module name as this document writes it."""
    numbers = sorted(headings)
    found = best_match(name, [headings[n][0] for n in numbers])
    return None if found is None else numbers[found[0]]


def read_rows() -> tuple[list[Module], list[Statement], list[dict]]:
    """Read the module names, the statements with their joined cells, and the defects."""
    headings = module_headings()
    modules: list[Module] = []
    statements: list[Statement] = []
    defects: list[dict] = []
    module: Module | None = None
    for number, line in enumerate(read_lines("ncfe"), start=1):
        cells = split_row(line)
        if cells is None or all(_SEPARATOR.match(c) for c in cells):
            continue
        if len(cells) != 3:
            defects.append(_defect("unreadable-row", "", f"table row has {len(cells)} cells, "
                                   "not 3", number))
            continue
        name_cell, statement_cell, cover_cell = cells
        if name_cell in SECTIONS and not statement_cell:
            continue
        if name_cell:
            name = strip_html(name_cell)
            resolved = resolve_module(name, headings)
            if resolved is None:
                defects.append(_defect("unresolved-module", "", f"module name {name!r} matches "
                                       "no module of the standard", number))
                module = None
            elif any(m.number == resolved for m in modules):
                defects.append(_defect("repeated-module", f"standard:module/{resolved}",
                                       f"module name {name!r} names module {resolved} again",
                                       number))
                module = None
            else:
                module = Module(resolved, name, number)
                modules.append(module)
        fragment = Fragment(number, strip_html(cover_cell))
        if statement_cell:
            if module is None:
                defects.append(_defect("statement-without-module", "", "statement "
                                       f"{statement_text(statement_cell)!r} has no module",
                                       number))
                continue
            order = sum(s.module == module.number for s in statements) + 1
            statements.append(Statement(module.number, order, statement_text(statement_cell),
                                        number, [fragment]))
        elif name_cell or not statements:
            defects.append(_defect("unreadable-row", "", "row has no statement and continues "
                                   "no statement", number))
        elif fragment.text:
            statements[-1].fragments.append(fragment)
    return modules, statements, defects


def read_citations(statement: Statement) -> tuple[list[Citation], list[dict]]:
    """The ACs a statement's joined cell cites, in order, and the defects found reading it.

    Tokens are ``Unit N`` and ``x.y``; the text after a unit token is its title, the text
    after a code its AC text. A token's line is the line of the fragment it stands in.
    """
    joined, starts = "", []
    for fragment in statement.fragments:
        if joined:
            joined += " "
        starts.append((len(joined), fragment.line))
        joined += fragment.text

    def line_at(position: int) -> int:
        return [line for start, line in starts if start <= position][-1]

    item = f"standard:{statement.item_id}"
    tokens = list(_TOKEN.finditer(joined))
    citations: list[Citation] = []
    defects: list[dict] = []
    lead = joined[: tokens[0].start()] if tokens else joined
    if squash(lead) and squash(lead) != NO_MAPPING:
        defects.append(_defect("unreadable-cell", item, f"text {squash(lead)!r} names no unit "
                               "or AC", statement.line))
    unit: tuple[str, str, int] | None = None
    for token, after in zip(tokens, tokens[1:] + [None], strict=True):
        text = squash(joined[token.end(): after.start() if after else len(joined)])
        line = line_at(token.start())
        if token.group("unit"):
            unit = (token.group("unit"), text, line)
            if not text:
                defects.append(_defect("unit-without-title", item, f"Unit {unit[0]} is given "
                                       "without a title", line))
        elif unit is None:
            defects.append(_defect("ac-without-unit", item, f"AC {token.group('code')} is "
                                   "cited before any unit", line))
        else:
            citations.append(Citation(*unit, token.group("code"), text, line))
    return citations, defects


class Catalogue:
    """The units and ACs in order of first appearance, with the defects their repeats show."""

    def __init__(self) -> None:
        self.items: dict[str, dict] = {}
        self.properties: list[dict] = []
        self.defects: list[dict] = []
        self._titles: dict[str, str] = {}
        self._reported: set[tuple[str, str]] = set()

    def add(self, cite: Citation) -> str:
        """Record the unit and AC ``cite`` names; return the AC's label (its first text)."""
        self._add_unit(cite)
        self._add_ac(cite)
        return self.items[cite.ac_id]["label"]

    def _report_once(self, key: tuple[str, str], kind: str, item: str, message: str,
                     line: int) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.defects.append(_defect(kind, item, message, line))

    def _add_unit(self, cite: Citation) -> None:
        item = f"ncfe:{cite.unit_id}"
        if cite.unit != str(int(cite.unit)):
            self._report_once((cite.unit_id, cite.unit), "odd-unit-number", item,
                              f"unit number is written {cite.unit!r}", cite.unit_line)
        first = self.items.get(cite.unit_id)
        if first is None:
            self.items[cite.unit_id] = {
                "framework": "ncfe", "item_id": cite.unit_id, "kind": "Unit",
                "notation": cite.unit, "label": f"Unit {cite.unit} {cite.title}",
                "source_file": FILE, "source_line": cite.unit_line}
            self._titles[cite.unit_id] = cite.title
            self.properties.append({"framework": "ncfe", "item_id": cite.unit_id,
                                    "property": "title", "value": cite.title,
                                    "source_file": FILE, "source_line": cite.unit_line})
        elif cite.title != self._titles[cite.unit_id]:
            self._report_once((cite.unit_id, cite.title), "conflicting-unit-title", item,
                              f"Unit {int(cite.unit)} is titled {cite.title!r} here but "
                              f"{self._titles[cite.unit_id]!r} at line {first['source_line']}",
                              cite.unit_line)

    def _add_ac(self, cite: Citation) -> None:
        first = self.items.get(cite.ac_id)
        if first is None:
            self.items[cite.ac_id] = {
                "framework": "ncfe", "item_id": cite.ac_id, "kind": "AssessmentCriterion",
                "notation": cite.code, "label": cite.text, "parent_framework": "ncfe",
                "parent_id": cite.unit_id, "source_file": FILE, "source_line": cite.line}
        elif cite.text != first["label"]:
            self._report_once((cite.ac_id, cite.text), "conflicting-ac-text",
                              f"ncfe:{cite.ac_id}",
                              f"Unit {int(cite.unit)} AC {cite.code} reads {cite.text!r} here "
                              f"but {first['label']!r} at line {first['source_line']}"
                              f"{self._text_of_other_ac(cite)}", cite.line)

    def _text_of_other_ac(self, cite: Citation) -> str:
        """A message tail naming another AC of the same unit whose text ``cite`` gives."""
        for item in self.items.values():
            if (item.get("parent_id") == cite.unit_id and item["label"] == cite.text
                    and item["item_id"] != cite.ac_id):
                return f", which is the text of AC {item['notation']} at line {item['source_line']}"
        return ""


def parse() -> dict[str, pd.DataFrame]:
    """Parse the NCFE document into the tidy tables (see :mod:`graph.model.tables`)."""
    modules, statements, defects = read_rows()
    frameworks = [{"framework": "ncfe", "kind": "Qualification",
                   "title": "NCFE Level 2 Diploma in Customer Service", "publisher": "NCFE",
                   "reference": "601/3973/0", "source_file": FILE, "source_line": TITLE_LINE}]
    catalogue = Catalogue()
    texts: list[dict] = []
    maps: list[dict] = []

    def text(item_id: str, role: str, wording: str, line: int) -> None:
        texts.append({"framework": "standard", "item_id": item_id, "role": role,
                      "text": wording, "truncated": "false", "source_file": FILE,
                      "source_line": line})

    def mapping(subject_id: str, predicate: str, statement: Statement, raw: str, line: int,
                note: str = "") -> None:
        maps.append({"subject_framework": "ncfe", "subject_id": subject_id,
                     "predicate": predicate, "object_framework": "standard",
                     "object_id": statement.item_id, "justification": MANUAL_CURATION,
                     "raw_text": raw, "note": note, "source_file": FILE, "source_line": line})

    for module in modules:
        text(f"module/{module.number}", "ncfe-module", module.name, module.line)
    for statement in statements:
        text(statement.item_id, "ncfe-statement", statement.text, statement.line)
        if statement.cell == NO_MAPPING:
            mapping("", "no-mapping", statement, NO_MAPPING, statement.line)
            continue
        citations, found = read_citations(statement)
        defects.extend(found)
        cited: set[str] = set()
        for cite in citations:
            label = catalogue.add(cite)
            if cite.ac_id in cited:
                defects.append(_defect("repeated-ac", f"ncfe:{cite.ac_id}",
                                       f"AC {cite.code} of Unit {int(cite.unit)} is cited twice "
                                       f"for {statement.item_id}", cite.line))
                continue
            cited.add(cite.ac_id)
            note = "" if cite.text == label else f"AC text here: {cite.text!r}"
            mapping(cite.ac_id, "covers", statement, statement.cell, cite.line, note)
    return {
        "frameworks": table("frameworks", frameworks),
        "items": table("items", catalogue.items.values()),
        "properties": table("properties", catalogue.properties),
        "texts": table("texts", texts),
        "mappings": table("mappings", maps),
        "defects": table("defects", sorted(defects + catalogue.defects,
                                           key=lambda row: row["source_line"])),
    }
