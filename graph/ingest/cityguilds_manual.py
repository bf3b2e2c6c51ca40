"""Importer for the City & Guilds Customer Service Practitioner apprenticeship training manual.

The manual is converted text with tab-separated tables. The parts read here:

* The contents (lines 78–98) and the task progress checklist (lines 361–377): "Reflective
  practice – making the most of your learning" and "Task n: title" for tasks 1–15. Tasks take
  their titles from the contents; a checklist title that differs is a defect. Only the
  reflective practice pages follow in the file; the pages of tasks 1–15 are absent.
* The assessment method table (lines 188–191): method, weighting, "Duration and content
  description" (a duration such as "Minimum of 1 hour" opens the cell where one is stated), pass
  mark, distinction rule. The grading table (lines 204–208) gives each method's distinction
  threshold as "7/10 distinction criteria 70%". Both become properties of the end-point
  assessment's method items (framework ``epa``); percentages that disagree, weightings that do
  not add up to 100% and distinction totals unlike the standards table's are defects.
* The standards table "Customer Service Practitioner standards" (lines 220–312): columns Module
  | Standard | Coverage | Pass criteria | Distinction criteria, its header repeated after every
  page break.
* The mapping table "How the standards map to the tasks" (lines 314–355) in two blocks: a title
  row naming tasks 1–5 above one row per module with a Modules column, then a title row naming
  tasks 6–15 above 18 rows with no Modules column. A cell is "-" or a list of coverage numbers
  and ranges ("1.1–1.3, 2.1-2.4", both dashes occur).

The standards table is badly converted. Its cells are classified by what they hold, not by the
column they stand in:

* A coverage cell starts with a coverage number ``n.k`` ("1.1 Who are my customers?"); a cell
  may hold several items run together ("1.1 … 1.2 …", or ``<p>`` paragraphs), which is how the
  PDF lays them out and is no defect. ``n`` is the manual's statement number within the module.
  An item's label is its text without the number, as written (line 308 keeps its "OR").
* A statement cell starts with ``n.`` ("1. Understand who customers are"). A cell in the
  Standard column that starts with a coverage number already given in the same row's Coverage
  column is a statement numbered like a coverage item (line 257, "1.1 Know how to use …").
* Any other text in the Module column is a module heading, resolved to the standard's module
  number with ``best_match`` against :func:`graph.ingest.highfield.module_headings`.
* Any other text is a pass or distinction criterion. In a row whose cells all stand in their own
  columns the column decides. A row with a coverage item or statement outside its column is
  shifted: there the criterion cells right of the row's last coverage or statement cell are, in
  order, the pass criterion and the distinction criterion (line 252: coverage in the Module
  column, pass in the Coverage column, distinction in the Pass column).
* ``<p>`` paragraphs are separate criteria; so are the sentences of the cells listed in
  :data:`RUN_TOGETHER`, where the conversion ran two criteria into one cell (lines 265 and 293,
  checked against the end-point assessment's criteria); no defect is reported for these. Other
  multi-sentence cells (line 275's distinction criterion) are one criterion.
* A criterion not ending in a full stop is cut off (``truncated`` true).

Modules are numbered by block: the coverage numbering restarts ("1.1" after "3.8") at the first
row of every module, and the blocks are the standard's modules 1–18 in order. A criterion,
statement or coverage item belongs to the block it stands in; a heading names its own module, and
one standing in another module's block is a defect, as is a module with no heading. A statement
the coverage numbers imply but the table does not give is a defect. The manual's statement
numbers are kept (``statement/{module}.{n}``); a module where the manual has a different number
of statements than the standard (:func:`standard_statement_counts`, the NCFE document's rows) is a
defect. A criterion is kept under the block it stands in, but one whose wording is close to a
coverage item of another module and to none of its own block's (line 281, "Prioritise and plan
the completion of tasks …", a Personal organisation criterion at the foot of Influencing
skills) is reported as standing in the wrong module, with the other criteria of its row (line
281's distinction criterion), which moved with it. Where a criterion sits beside which
statement within its block carries no meaning (merged cells are centred vertically) and is not
checked. Statements are reported without their number; the colour key above the table (lines
216–218) lost its colours, which is a defect.

In the mapping table, task columns are matched to task titles with ``best_match``; rows of the
first block are matched to modules by their Modules cell (a name out of order is a defect, and
the names are reported as wordings too), rows of the second block by their order (the missing
Modules column is a defect). A range ``n.a–n.b`` is expanded to ``n.a`` … ``n.b`` (each edge
noting the range); a number the module's coverage items do not include is a defect and gets no
edge.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from rapidfuzz import fuzz

from graph.ingest import ncfe
from graph.ingest.defects import defect_builder
from graph.ingest.highfield import module_headings
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.text import best_match, normalise, squash, strip_html
from graph.model.tables import MANUAL_CURATION, table_set

SOURCE = SOURCES["cityguilds-manual"]
FILE = SOURCE.file_name
_defect = defect_builder(FILE)
FRAMEWORK = "cityguilds-manual"

MODULE_COLUMN, STANDARD_COLUMN, COVERAGE_COLUMN, PASS_COLUMN, DISTINCTION_COLUMN = range(5)
COLUMN_NAMES = ("Module", "Standard", "Coverage", "Pass criteria", "Distinction criteria")
ROLE_COLUMNS = {"pass": PASS_COLUMN, "distinction": DISTINCTION_COLUMN}

# Statements per module in the standard, one per row of the NCFE mapping document.


@cache
def standard_statement_counts() -> dict[int, int]:
    """Statements per module of the standard, as the NCFE document's statement rows give them."""
    texts = ncfe.parse()["texts"]
    rows = texts[texts["role"] == "ncfe-statement"]["item_id"]
    modules = rows.str.split("/").str[1].str.split(".").str[0].astype(int)
    return {int(m): int(n) for m, n in modules.value_counts().sort_index().items()}

# (line, role) of criterion cells holding two criteria run together, split at sentence ends.
RUN_TOGETHER = {(265, "pass"), (293, "pass")}

# A criterion at least RESTATES like another module's coverage item (rapidfuzz ratio), and
# below OWN_FLOOR like every item of its own block, stands in the wrong block.
RESTATES = 75.0
OWN_FLOOR = 60.0

METHODS = {"showcase": "method/showcase", "observation": "method/observation",
           "discussion": "method/discussion"}

_COVERAGE = re.compile(r"(?<![\d.])(\d+)\.(\d+)\s+")
_STATEMENT = re.compile(r"^(\d+)\.\s+(?!\d)(.+)$")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")
_CONTENTS_TASK = re.compile(r"^Task (\d+): (.+?)(?:\t(\d+))?$")
_REFLECTIVE = re.compile(r"^(Reflective practice – .+?)(?:\t(\d+))?$")
_GRADE_RULE = re.compile(r"\b(final grade|grades are applied)\b")
_OBSERVATION_MINIMUM = re.compile(r"observation covers as a minimum ([^.]+)\.")
_RANGE = re.compile(r"^(\d+)\.(\d+)(?:\s*[–-]\s*(\d+)\.(\d+))?$")
_DURATION = re.compile(r"^((?:Minimum|Maximum) of \d+ hours?)\b")
_THRESHOLD = re.compile(r"^(\d+)/(\d+) distinction criteria (\d+)%$")
_PERCENT = re.compile(r"(\d+)%")
_KEY = re.compile(r"^- = Assessed through (.+)$")


@dataclass
class Coverage:
    """One coverage item as it stands in the standards table."""

    module: int
    statement: int
    number: str
    text: str
    line: int
    column: int


@dataclass
class Statement:
    """One statement cell: the manual's number for it, its wording and where it stands."""

    module: int
    number: int
    written: str
    text: str
    line: int
    column: int


@dataclass
class Heading:
    """A module heading cell, resolved to the standard's module number."""

    module: int
    block: int
    text: str
    line: int


@dataclass
class Criterion:
    """One pass or distinction criterion and the module block it stands in."""

    module: int
    role: str
    text: str
    line: int
    column: int


@dataclass
class StandardsTable:
    """Everything read from the standards table, with the defects found on the way."""

    coverage: list[Coverage] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    defects: list[dict] = field(default_factory=list)
    blocks: int = 0


@cache
def standard_modules() -> tuple[list[int], list[str]]:
    """The standard's module numbers and their headings (Highfield's wording), in order."""
    headings = module_headings()
    numbers = sorted(headings)
    return numbers, [headings[n][0] for n in numbers]



def table_rows(lines: list[str], title: str, stop: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of the tab-separated rows after heading ``title`` up to line ``stop``.

    Blank lines and repeated header rows are skipped; trailing empty cells are dropped.
    """
    start = lines.index(title) + 1
    end = lines.index(stop, start)
    for number in range(start + 1, end + 1):
        line = lines[number - 1]
        if "\t" not in line or line.startswith(COLUMN_NAMES[0] + "\t"):
            continue
        cells = line.split("\t")
        while cells and not cells[-1].strip():
            cells.pop()
        yield number, cells


def split_coverage(text: str) -> list[tuple[int, int, str]]:
    """The coverage items of a cell that starts with a coverage number, else [].

    >>> split_coverage("1.1 Who are my customers? 1.2 Who are the organisation's customers?")
    [(1, 1, 'Who are my customers?'), (1, 2, "Who are the organisation's customers?")]
    >>> split_coverage("1. Understand who customers are")
    []
    """
    starts = list(_COVERAGE.finditer(text))
    if not starts or starts[0].start() != 0:
        return []
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [(int(m.group(1)), int(m.group(2)), squash(text[m.end():end]))
            for m, end in zip(starts, ends, strict=True)]


def split_criteria(cell: str, line: int, role: str) -> list[str]:
    """The criteria of one criterion cell: its ``<p>`` paragraphs, or its sentences where the
    cell is listed in :data:`RUN_TOGETHER`, else the whole cell."""
    paragraphs = [strip_html(p) for p in _PARAGRAPH.findall(cell)] or [strip_html(cell)]
    if (line, role) in RUN_TOGETHER:
        return [s for p in paragraphs for s in _SENTENCE_END.split(p)]
    return paragraphs


def is_truncated(text: str) -> bool:
    """A criterion is cut off when it does not end with a full stop."""
    return not text.rstrip().endswith(".")


@dataclass
class _Row:
    """One row of the standards table, its cells classified."""

    coverage: list[tuple[int, int, int, str]]  # column, statement, k, text
    statements: list[tuple[int, int, str, str]]  # column, number, number as written, text
    headings: list[str]
    criteria: list[tuple[int, str]]  # column, raw cell

    @property
    def shifted(self) -> bool:
        """True when a coverage item or statement stands outside its own column."""
        return (any(c[0] != COVERAGE_COLUMN for c in self.coverage)
                or any(s[0] != STANDARD_COLUMN for s in self.statements))


def classify_row(cells: list[str]) -> _Row:
    """Sort the cells of one standards-table row into coverage, statements, headings and
    criteria (see the module docstring for the rules)."""
    row = _Row([], [], [], [])
    own = cells[COVERAGE_COLUMN] if len(cells) > COVERAGE_COLUMN else ""
    own_numbers = {(n, k) for n, k, _ in split_coverage(strip_html(own))}
    for column, raw in enumerate(cells):
        text = strip_html(raw)
        if not text:
            continue
        items = split_coverage(text)
        if column == STANDARD_COLUMN and len(items) == 1 and items[0][:2] in own_numbers:
            n, k, wording = items[0]
            row.statements.append((column, n, f"{n}.{k}", wording))
        elif items:
            row.coverage.extend((column, n, k, wording) for n, k, wording in items)
        elif match := _STATEMENT.match(text):
            row.statements.append((column, int(match.group(1)), f"{match.group(1)}.",
                                   squash(match.group(2))))
        elif column == MODULE_COLUMN:
            row.headings.append(text)
        else:
            row.criteria.append((column, raw))
    return row


def criterion_roles(row: _Row) -> tuple[list[tuple[str, int, str]], list[str]]:
    """(role, column, raw cell) of a row's criterion cells, and the cells that fit no role."""
    if not row.shifted:
        roles = {PASS_COLUMN: "pass", DISTINCTION_COLUMN: "distinction"}
        placed = [(roles[c], c, raw) for c, raw in row.criteria if c in roles]
        return placed, [raw for c, raw in row.criteria if c not in roles]
    last = max(cell[0] for cell in row.coverage + row.statements)
    right = [(c, raw) for c, raw in row.criteria if c > last]
    placed = [(role, c, raw) for role, (c, raw) in zip(("pass", "distinction"), right,
                                                       strict=False)]
    return placed, [raw for c, raw in row.criteria if c <= last] + [raw for _, raw in right[2:]]


def read_standards_table(lines: list[str]) -> StandardsTable:
    """Read the standards table into coverage items, statements, headings and criteria."""
    result = StandardsTable()
    numbers, names = standard_modules()
    block, last = 1, None
    for line, cells in table_rows(lines, "Customer Service Practitioner standards",
                                  "How the standards map to the tasks"):
        row = classify_row(cells)
        if row.coverage:
            first = row.coverage[0][1:3]
            if last is not None and first <= last:
                block += 1
            last = row.coverage[-1][1:3]
        result.coverage.extend(Coverage(block, n, f"{n}.{k}", text, line, column)
                               for column, n, k, text in row.coverage)
        result.statements.extend(Statement(block, n, written, text, line, column)
                                 for column, n, written, text in row.statements)
        for text in row.headings:
            found = best_match(text, names, cutoff=80)
            if found is None:
                result.defects.append(_defect("unreadable-heading", "",
                                              f"module cell {text!r} names no module", line))
                continue
            result.headings.append(Heading(numbers[found[0]], block, text, line))
        placed, unplaced = criterion_roles(row)
        for role, column, raw in placed:
            result.criteria.extend(Criterion(block, role, text, line, column)
                                   for text in split_criteria(raw, line, role))
            if column != ROLE_COLUMNS[role]:
                result.defects.append(_defect(
                    "criterion-out-of-place", f"standard:module/{block}",
                    f"{role} criterion {strip_html(raw)[:60]!r} stands in the "
                    f"{COLUMN_NAMES[column]} column", line))
        for raw in unplaced:
            result.defects.append(_defect("unreadable-cell", f"standard:module/{block}",
                                          f"cell {strip_html(raw)[:60]!r} is neither coverage, "
                                          "statement, heading nor criterion", line))
    result.blocks = block
    result.defects.extend(check_standards_table(result))
    return result


def check_standards_table(found: StandardsTable) -> list[dict]:
    """The defects of the standards table's content: misplaced or missing parts."""
    defects: list[dict] = []
    if found.blocks != len(module_headings()):
        defects.append(_defect("module-count", "", f"the coverage numbering gives {found.blocks} "
                               "module blocks, not 18", found.coverage[-1].line))
    defects.extend(check_coverage(found))
    defects.extend(check_statements(found))
    defects.extend(check_headings(found))
    defects.extend(check_criteria(found))
    return defects


def check_coverage(found: StandardsTable) -> list[dict]:
    """Coverage items outside the Coverage column, repeated, or with gaps in their numbers."""
    defects: list[dict] = []
    seen: dict[tuple[int, str], Coverage] = {}
    for item in found.coverage:
        item_ref = f"{FRAMEWORK}:module/{item.module}/coverage/{item.number}"
        if item.column != COVERAGE_COLUMN:
            defects.append(_defect("coverage-out-of-place", item_ref,
                                   f"coverage item {item.number} of module {item.module} stands "
                                   f"in the {COLUMN_NAMES[item.column]} column", item.line))
        if (item.module, item.number) in seen:
            defects.append(_defect("duplicate-coverage", item_ref, f"coverage item {item.number} "
                                   f"of module {item.module} is listed twice", item.line))
        seen[(item.module, item.number)] = item
    for (module, number), item in seen.items():
        n, k = (int(x) for x in number.split("."))
        if k > 1 and (module, f"{n}.{k - 1}") not in seen:
            defects.append(_defect("coverage-gap", f"{FRAMEWORK}:module/{module}/coverage/{number}",
                                   f"module {module} lists {number} but not {n}.{k - 1}",
                                   item.line))
    return defects


def check_statements(found: StandardsTable) -> list[dict]:
    """Statements misnumbered, out of place, missing, or counted unlike the standard."""
    defects: list[dict] = []
    given = {(s.module, s.number): s for s in found.statements}
    for s in found.statements:
        ref = f"standard:statement/{s.module}.{s.number}"
        if s.written != f"{s.number}.":
            defects.append(_defect("misnumbered-statement", ref, f"statement {s.number} of "
                                   f"module {s.module} is numbered {s.written!r}", s.line))
        if s.column != STANDARD_COLUMN:
            defects.append(_defect("statement-out-of-place", ref, f"statement {s.number} of "
                                   f"module {s.module} stands in the {COLUMN_NAMES[s.column]} "
                                   "column", s.line))
    implied: dict[tuple[int, int], Coverage] = {}
    for item in found.coverage:
        implied.setdefault((item.module, item.statement), item)
    for (module, number), item in sorted(implied.items()):
        if (module, number) not in given:
            defects.append(_defect("missing-statement", f"standard:statement/{module}.{number}",
                                   f"module {module} has coverage items {number}.x but no "
                                   f"statement {number}", item.line))
    for (module, number), s in sorted(given.items()):
        if (module, number) not in implied:
            defects.append(_defect("statement-without-coverage",
                                   f"standard:statement/{module}.{number}",
                                   f"statement {number} of module {module} has no coverage "
                                   "items", s.line))
    for module, count in sorted(standard_statement_counts().items()):
        manual = {n for m, n in implied if m == module} | {n for m, n in given if m == module}
        if manual and len(manual) != count:
            first = min(i.line for i in found.coverage if i.module == module)
            defects.append(_defect("statement-split-differs", f"standard:module/{module}",
                                   f"the manual numbers {len(manual)} statement(s) in module "
                                   f"{module} where the standard has {count}; the manual's "
                                   "numbers are kept", first))
    return defects


def check_headings(found: StandardsTable) -> list[dict]:
    """Headings standing in another module's block, and modules with no heading."""
    defects: list[dict] = []
    for h in found.headings:
        if h.module != h.block:
            defects.append(_defect("module-heading-out-of-place", f"standard:module/{h.module}",
                                   f"the heading of module {h.module} ({h.text!r}) stands in "
                                   f"the rows of module {h.block}", h.line))
    named = {h.module for h in found.headings}
    numbers, names = standard_modules()
    for module in range(1, found.blocks + 1):
        if module not in named:
            first = min(i.line for i in found.coverage if i.module == module)
            name = names[numbers.index(module)]
            defects.append(_defect("missing-heading", f"standard:module/{module}",
                                   f"module {module} ({name}) has no heading in the Module "
                                   "column; its rows are known by their place in the order",
                                   first))
    return defects


def wording_ratio(a: str, b: str) -> float:
    """Similarity of two wordings in [0, 100], in word order (rapidfuzz ``ratio``)."""
    return fuzz.ratio(normalise(a), normalise(b))


def check_criteria(found: StandardsTable) -> list[dict]:
    """Criteria standing in the wrong module block.

    A criterion restates another module's coverage item when its wording is at least
    :data:`RESTATES` like it while no item of its own block reaches :data:`OWN_FLOOR`; the other
    criteria of its row moved with it and are reported too.
    """
    defects: list[dict] = []
    moved: dict[tuple[int, int], tuple[int, str]] = {}
    for c in found.criteria:
        own = max(wording_ratio(c.text, i.text) for i in found.coverage if i.module == c.module)
        best, item = max(((wording_ratio(c.text, i.text), i) for i in found.coverage
                          if i.module != c.module), key=lambda pair: pair[0])
        if best >= RESTATES and own < OWN_FLOOR:
            moved[(c.line, c.module)] = (item.module, item.number)
    for c in found.criteria:
        if (c.line, c.module) not in moved:
            continue
        module, number = moved[(c.line, c.module)]
        defects.append(_defect("criterion-in-wrong-module", f"standard:module/{c.module}",
                               f"{c.role} criterion {c.text[:60]!r} stands in module {c.module} "
                               f"but its row belongs to module {module}: a criterion on it "
                               f"restates coverage item {number} of module {module}", c.line))
    return defects


@dataclass
class Task:
    """A task as the contents list it: its id, number as written, title and line."""

    item_id: str
    notation: str
    title: str
    line: int
    page: str = ""  # the page the contents give, where they give one


def read_tasks(lines: list[str]) -> tuple[list[Task], list[dict]]:
    """The reflective practice task and tasks 1–15 from the contents, checked against the
    task progress checklist."""
    contents = _list_after(lines, "Contents")
    checklist = _list_after(lines, "Task list\tCompletion date\t✓")
    tasks = [task for line, text in contents if (task := _task(line, text))]
    defects: list[dict] = []
    checked = {t.item_id: t for line, text in checklist if (t := _task(line, text.split("\t")[0]))}
    for task in tasks:
        other = checked.get(task.item_id)
        if other is None:
            defects.append(_defect("missing-task", f"{FRAMEWORK}:{task.item_id}",
                                   f"{task.title!r} is not in the task progress checklist",
                                   task.line))
        elif other.title != task.title:
            defects.append(_defect("title-differs", f"{FRAMEWORK}:{task.item_id}",
                                   f"the checklist calls {task.title!r} {other.title!r}",
                                   other.line))
    return tasks, defects


def _list_after(lines: list[str], heading: str) -> list[tuple[int, str]]:
    """(line, text) of the non-blank lines after ``heading`` up to the next blank line."""
    start = lines.index(heading) + 1
    while not lines[start].strip():
        start += 1
    end = lines.index("", start)
    return [(number + 1, lines[number]) for number in range(start, end)]


def _task(line: int, text: str) -> Task | None:
    """The task a contents or checklist line names, or None."""
    if match := _CONTENTS_TASK.match(text):
        return Task(f"task/{match.group(1)}", match.group(1), match.group(2), line,
                    match.group(3) or "")
    if match := _REFLECTIVE.match(text):
        return Task("task/reflective-practice", "", match.group(1), line, match.group(2) or "")
    return None


def read_assessment(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """Weighting, duration and distinction thresholds of the three end-point assessment
    methods (properties of ``epa`` items), and the defects where the figures disagree."""
    props, rule_percent, defects = read_methods(lines)
    start = lines.index("Grading") + 1
    for number in range(start, lines.index("Customer Service Practitioner standards") + 1):
        cells = lines[number - 1].split("\t")
        if len(cells) != 3 or cells[0] or not (match := _THRESHOLD.match(cells[2])):
            continue
        method = method_id(cells[1])
        required, available, percent = (int(g) for g in match.groups())
        props.append(_property(method, "distinction_required", required, number))
        props.append(_property(method, "distinction_available", available, number))
        if percent != round(100 * required / available) or percent != rule_percent[method]:
            defects.append(_defect("self-contradiction", f"epa:{method}",
                                   f"{required}/{available} distinction criteria is given as "
                                   f"{percent}%, the method table says {rule_percent[method]}%",
                                   number))
    return props, defects


def read_methods(lines: list[str]) -> tuple[list[dict], dict[str, int], list[dict]]:
    """Properties from the assessment method table, each method's distinction percentage as
    its Distinction cell states it, and a defect if the weightings do not add up to 100%."""
    props: list[dict] = []
    rule_percent: dict[str, int] = {}
    header = lines.index("Assessment method\tWeighting\tDuration and content description\t"
                         "Pass mark\tDistinction") + 1
    for number in range(header + 1, lines.index("", header) + 1):
        name, weighting, description, pass_mark, rule = lines[number - 1].split("\t")
        method = method_id(name)
        props.append(_property(method, "weighting", int(weighting.rstrip("%")), number))
        props.append(_property(method, "pass_mark", pass_mark.strip(), number))
        if match := _DURATION.match(description):
            props.append(_property(method, "duration", match.group(1), number))
        rule_percent[method] = int(_PERCENT.search(rule).group(1))
    total = sum(p["value"] for p in props if p["property"] == "weighting")
    defects = [] if total == 100 else [_defect("self-contradiction", "", "the weightings add up "
                                               f"to {total}%", header)]
    return props, rule_percent, defects


def grade_rules(lines: list[str]) -> list[dict]:
    """The manual's rules for the overall end-point assessment grade, as written: the
    sentences of its Grading section that speak of the final grade (``grade_rule`` of the
    ``epa`` framework itself)."""
    start = lines.index("Grading") + 1
    end = lines.index("Customer Service Practitioner standards")
    return [{"framework": "epa", "item_id": "", "property": "grade_rule",
             "value": squash(lines[number - 1]), "source_file": FILE, "source_line": number}
            for number in range(start, end + 1) if _GRADE_RULE.search(lines[number - 1])]


def observation_minimum(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """``assesses`` edges from the practical observation to the modules the method table
    says it covers "as a minimum" (named by module title), and defects for names that match
    no module."""
    numbers, names = standard_modules()
    maps: list[dict] = []
    defects: list[dict] = []
    for number, line in enumerate(lines, start=1):
        if not (match := _OBSERVATION_MINIMUM.search(line)):
            continue
        for name in re.split(r",\s*|\s+and\s+", match.group(1)):
            found = best_match(name, names, cutoff=85)
            if found is None:
                defects.append(_defect("unknown-module", f"epa:{method_id('Observation')}",
                                       f"the observation should cover {name!r}, which names "
                                       "no module", number))
                continue
            maps.append({"subject_framework": "epa", "subject_id": method_id("Observation"),
                         "predicate": "assesses", "object_framework": "standard",
                         "object_id": f"module/{numbers[found[0]]}",
                         "justification": MANUAL_CURATION, "raw_text": match.group(0),
                         "note": "the minimum the training manual says the observation covers",
                         "source_file": FILE, "source_line": number})
    return maps, defects


def _property(method: str, name: str, value: object, line: int) -> dict:
    return {"framework": "epa", "item_id": method, "property": name, "value": value,
            "source_file": FILE, "source_line": line}


def check_key(lines: list[str]) -> list[dict]:
    """A defect when the standards table's colour key lost its swatches in conversion."""
    entries = [(n, match.group(1)) for n, line in _list_after(lines, "Key:")
               if (match := _KEY.match(line))]
    if not entries:
        return []
    methods = ", ".join(method for _, method in entries)
    return [_defect("lost-formatting", "", f"the key's colours for {methods} were lost in "
                    "conversion, so the table does not show which method assesses each "
                    "standard", entries[0][0])]


def method_id(name: str) -> str:
    """The ``epa`` item of an assessment method named as the manual names it.

    >>> method_id("Practical Observation"), method_id("Apprentice Showcase")
    ('method/observation', 'method/showcase')
    """
    return next(item for key, item in METHODS.items() if key in name.lower())


@dataclass
class MappingCell:
    """One non-empty cell of the mapping table: the task, module and the cell as written."""

    task: str
    module: int
    text: str
    line: int


def read_mapping_table(lines: list[str], tasks: list[Task]) -> tuple[list[MappingCell],
                                                                     list[dict], list[dict]]:
    """The mapping table's cells with their task and module, the module names it gives (as
    ``texts`` rows) and its defects."""
    numbers, names = standard_modules()
    titles = [t.title for t in tasks]
    cells_found: list[MappingCell] = []
    texts: list[dict] = []
    defects: list[dict] = []
    columns: list[str] = []
    has_names = False
    order = 0
    start = lines.index("How the standards map to the tasks") + 1
    for number in range(start + 1, lines.index("Task progress checklist") + 1):
        cells = [squash(c) for c in lines[number - 1].split("\t")]
        if len(cells) < 2 or cells[0] == "Modules":
            continue
        if not all(c == "-" or _is_range_list(c) for c in cells[1:]):
            has_names = cells[0] == ""
            columns = [_task_of(title, titles, tasks) for title in cells[has_names:]]
            order = 0
            if not has_names:
                defects.append(_defect("missing-row-headings", "", "this block of the mapping "
                                       "table has no Modules column; its rows are taken as "
                                       "modules 1–18 in order", number))
            continue
        order += 1
        module = order
        if has_names:
            found = best_match(cells[0], names, cutoff=80)
            module = numbers[found[0]] if found else order
            if found is None:
                defects.append(_defect("unreadable-heading", "", f"module cell {cells[0]!r} "
                                       "names no module; taken by its order", number))
            texts.append({"framework": "standard", "item_id": f"module/{module}",
                          "role": "manual-mapping-module", "text": cells[0],
                          "truncated": "false", "source_file": FILE, "source_line": number})
            if module != order:
                defects.append(_defect("module-out-of-order", f"standard:module/{module}",
                                       f"row {order} of the mapping table names module "
                                       f"{module}", number))
        for task, cell in zip(columns, cells[has_names:], strict=True):
            if cell != "-":
                cells_found.append(MappingCell(task, module, cell, number))
    return cells_found, texts, defects


def _is_range_list(cell: str) -> bool:
    """True when ``cell`` is a comma-separated list of coverage numbers and ranges."""
    return all(_RANGE.match(part.strip()) for part in cell.split(","))


def _task_of(title: str, titles: list[str], tasks: list[Task]) -> str:
    """The task a mapping-table column title names."""
    found = best_match(title, titles, cutoff=80)
    if found is None:
        raise ValueError(f"mapping table column {title!r} names no task")
    return tasks[found[0]].item_id


def expand(cell: str) -> list[tuple[str, str]]:
    """(coverage number, note) for every number a mapping cell names, ranges expanded.

    >>> expand("1.1, 2.1–2.3")
    [('1.1', ''), ('2.1', 'expanded from range 2.1–2.3'), ('2.2', 'expanded from range 2.1–2.3'), \
('2.3', 'expanded from range 2.1–2.3')]
    """
    found: list[tuple[str, str]] = []
    for part in (p.strip() for p in cell.split(",")):
        n, a, n_end, b = _RANGE.match(part).groups()
        if n_end is None:
            found.append((f"{n}.{a}", ""))
            continue
        if n_end != n:
            raise ValueError(f"range {part!r} spans two statements")
        found.extend((f"{n}.{k}", f"expanded from range {part}")
                     for k in range(int(a), int(b) + 1))
    return found


def parse() -> dict[str, pd.DataFrame]:
    """Parse the training manual into the tidy tables (see :mod:`graph.model.tables`)."""
    lines = read_lines("cityguilds-manual")
    frameworks = [{"framework": FRAMEWORK, "kind": "LearningResource",
                   "title": "City & Guilds Customer Service Practitioner Apprenticeship "
                            "training manual",
                   "publisher": SOURCE.publisher, "reference": "ISBN 9780851933863",
                   "source_file": FILE, "source_line": lines.index("ISBN 9780851933863") + 1}]
    tasks, defects = read_tasks(lines)
    items = [{"framework": FRAMEWORK, "item_id": t.item_id, "kind": "TrainingTask",
              "notation": t.notation, "label": t.title, "source_file": FILE,
              "source_line": t.line} for t in tasks]
    props, assessment_defects = read_assessment(lines)
    props += [{"framework": FRAMEWORK, "item_id": t.item_id, "property": "page",
               "value": t.page, "source_file": FILE, "source_line": t.line}
              for t in tasks if t.page]
    props += grade_rules(lines)
    observed, observed_defects = observation_minimum(lines)
    defects += observed_defects
    defects += assessment_defects
    defects += check_key(lines)
    defects.append(_defect("missing-section", "", "the file ends after the reflective practice "
                           "pages; the pages of tasks 1–15 and the glossary listed in the "
                           "contents are absent", _last_line(lines)))
    found = read_standards_table(lines)
    defects += found.defects
    defects += check_distinction_total(props, found)
    items += [{"framework": FRAMEWORK, "item_id": coverage_id(c.module, c.number),
               "kind": "CoverageItem", "notation": c.number, "label": c.text,
               "parent_framework": "standard",
               "parent_id": f"statement/{c.module}.{c.statement}", "source_file": FILE,
               "source_line": c.line} for c in found.coverage]
    texts = standards_texts(found)
    cells, mapping_texts, mapping_defects = read_mapping_table(lines, tasks)
    texts += mapping_texts
    defects += mapping_defects
    maps, edge_defects = task_edges(cells, {(c.module, c.number) for c in found.coverage})
    maps += observed
    defects += edge_defects
    return table_set(frameworks=frameworks, items=items, properties=props,
                     texts=texts, mappings=maps, defects=defects)


def check_distinction_total(props: list[dict], found: StandardsTable) -> list[dict]:
    """A defect when the methods' distinction criteria (7/10, 4/5, 3/4) do not add up to the
    number of distinction criteria in the standards table."""
    available = [p for p in props if p["property"] == "distinction_available"]
    total = sum(p["value"] for p in available)
    listed = sum(c.role == "distinction" for c in found.criteria)
    if total == listed:
        return []
    return [_defect("self-contradiction", "", f"the methods have {total} distinction criteria "
                    f"between them but the standards table lists {listed}",
                    available[0]["source_line"])]


def coverage_id(module: int, number: str) -> str:
    """The item id of a coverage item: ``module/{module}/coverage/{n.k}``."""
    return f"module/{module}/coverage/{number}"


def _last_line(lines: list[str]) -> int:
    """The number of the file's last non-blank line."""
    return max(n for n, line in enumerate(lines, start=1) if line.strip())


def standards_texts(found: StandardsTable) -> list[dict]:
    """``texts`` rows for the statements, module headings and criteria of the standards
    table."""
    def text(item_id: str, role: str, wording: str, truncated: bool, line: int) -> dict:
        return {"framework": "standard", "item_id": item_id, "role": role, "text": wording,
                "truncated": "true" if truncated else "false", "source_file": FILE,
                "source_line": line}

    rows = [text(f"statement/{s.module}.{s.number}", "manual-statement", s.text, False, s.line)
            for s in found.statements]
    rows += [text(f"module/{h.module}", "manual-module", h.text, False, h.line)
             for h in found.headings]
    rows += [text(f"module/{c.module}", f"manual-{c.role}", c.text, is_truncated(c.text),
                  c.line) for c in found.criteria]
    return rows


def task_edges(cells: list[MappingCell], listed: set[tuple[int, str]]) -> tuple[list[dict],
                                                                                 list[dict]]:
    """``covers`` edges from tasks to coverage items, and a defect for every number a cell
    names that its module does not list."""
    maps: list[dict] = []
    defects: list[dict] = []
    for cell in cells:
        for number, note in expand(cell.text):
            if (cell.module, number) not in listed:
                defects.append(_defect("unknown-coverage-item", f"{FRAMEWORK}:{cell.task}",
                                       f"{cell.task} is mapped to {number} of module "
                                       f"{cell.module} ({cell.text!r}), which the standards "
                                       "table does not list", cell.line))
                continue
            maps.append({"subject_framework": FRAMEWORK, "subject_id": cell.task,
                         "predicate": "covers", "object_framework": FRAMEWORK,
                         "object_id": coverage_id(cell.module, number),
                         "justification": MANUAL_CURATION, "raw_text": cell.text,
                         "note": note, "source_file": FILE, "source_line": cell.line})
    return maps, defects
