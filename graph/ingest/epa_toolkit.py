"""Importer for the Active IQ apprentice end-point assessment (EPA) toolkit.

The toolkit is prose with tables converted to tab-separated lines, Markdown bullets and HTML
cells (``<p>``, ``<ul>``, ``<ol>``; lists are never closed, bullets are ``•`` or lost, so items
run together as sentences). Its layout, located by the section headings in :data:`LAYOUT`
(each heading's last occurrence, so the parts' contents lists are skipped):

* an introduction naming the three assessment methods (``1. Practical observation``,
  ``2. Apprentice showcase``, ``3. Professional discussion``) with their durations;
* ``Grading``: a table of each method's pass rule and distinction threshold (``4 out of 5``);
* an ``End-point assessment contents checklist`` naming the showcase's six components;
* the ``assessment plan``: a table naming, for the observation and each showcase component,
  the standard's modules it evidences ("standards covered");
* Part 1, the observation: the modules it assesses ("This observation forms part of the
  assessment for the following standards"), a section per module (heading, "you must show
  ... by" bullets, ``Pass``/``Distinction`` table rows) and the checklist, whose pass criteria
  (A, B) are numbered 1–28, partly as an unnumbered ``<ol>``, and distinction criteria (C) 1–5;
* Part 2, the showcase: its modules, then per component a guidance section with ``Pass`` and
  ``Distinction`` bullet lists, and for three components a numbered grading checklist;
* Part 3, the discussion: its modules, a section per module with ``Pass``/``Distinction``
  bullets, the apprentice notes (the 20 questions, distinction ones listed by number) and the
  numbered checklist of the same questions;
* ``Final grading``: the thresholds again, per method and showcase component.

The rules this importer applies, each reported as a defect where the source breaks them:

* Methods are the introduction's numbered headings; components are the showcase rows of the
  contents checklist (ids fixed in :data:`COMPONENT_NAMES`, with the other names the tables
  give them: ``Customer conflict case study``, ``Manager testimony`` ...).
* Module names are resolved to the standard's numbers with ``best_match`` against
  :func:`graph.ingest.highfield.module_headings`. A name no heading matches, or that two
  headings match about equally well, is a defect; so is a name whose words are the heading's
  words in another order. Other spellings are not defects. Every module name (method lists,
  plan table, section headings) is kept as an ``epa-module`` wording.
* A method ``assesses`` the modules of its "forms part of the assessment" list (raw text: the
  list line); a component those of its plan table row (raw text: the name in the cell).
* Every module must be assessed by exactly one method. The observation row of the plan table
  must name the observation's modules; the components' modules together must be the
  showcase's.
* Every ``N out of M`` statement gives ``distinction_required`` and ``distinction_available``
  of the method or component its table row names (an ``Overall`` row: the method above),
  otherwise of the section it stands in. Every statement is kept; one that disagrees with the
  first for the same item (or with its own percentage, ``80% (4 out of 5)``) is a defect, and
  so is a showcase whose components' own minimums add up to more than the showcase's.
* ``pass_rule`` is every "You/Apprentices must ... pass ..." sentence, ``duration`` every
  "will last for ... one hour" phrase, as written; durations that disagree are a defect.
* A heading run into the bold text after it (``responsibility**During``) is a defect; the
  heading is read up to the ``**``.
* Criterion texts: in a module section (observation, discussion) bullets before ``Pass`` are
  ``epa-requirement``, a ``Pass``/``Distinction`` table row gives an ``epa-pass`` and an
  ``epa-distinction`` text (lead-in kept), bullets after a ``Pass``/``Distinction`` marker are
  ``epa-pass``/``epa-distinction``, until the section's "To achieve a Distinction for the ..."
  rule. A component section's texts are only its Pass/Distinction bullets (its guidance on
  what to include is not a criterion). Texts go to the standard's module whose section they
  stand in, or whose section the component is (a component evidencing one module); a
  component evidencing several modules keeps them on its own ``epa`` item. A sentence
  beginning "You ..." continues the item before it.
* Numbered checklists do not group by module, so their texts stay on the method or component
  (``epa-checklist-pass``/``-distinction``). Unnumbered ``<ol>`` items continue the count;
  a number that neither continues it nor restarts at 1 is a defect. Grades: observation group
  ``Distinction criteria (C)`` is distinction, the others pass; discussion questions listed as
  distinction questions are distinction, the rest pass; in a component checklist the items
  matching the guidance's Distinction bullets are distinction (bold, the marker, is lost), and
  the rest pass, except where the checklist marks pass criteria by shading (also lost): there
  only items matching a Pass bullet are pass and the others get role ``epa-checklist``.
* The question forms (worksheet, discussion notes) must ask what the checklist of the same
  number grades; the distinction questions must be the ones matching the Distinction bullets.
* Counts: each method's and component's distinction criteria (and distinction checklist items)
  must number the threshold's ``M``; a method sectioned by module needs a section per module.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from graph.ingest.defects import defect
from graph.ingest.highfield import module_headings
from graph.ingest.sources import SOURCES, read_lines
from graph.ingest.text import best_match, normalise, similarity, squash, strip_html
from graph.model.tables import MANUAL_CURATION, table

SOURCE = SOURCES["epa"]
FILE = SOURCE.file_name

OBSERVATION = "method/observation"
SHOWCASE = "method/showcase"
DISCUSSION = "method/discussion"
METHOD_LABELS = {OBSERVATION: "Practical observation", SHOWCASE: "Apprentice showcase",
                 DISCUSSION: "Professional discussion"}
COMPONENT = SHOWCASE + "/component/"
WORKSHEET = COMPONENT + "worksheet"
PRESENTATION = COMPONENT + "presentation-or-induction-pack"
PDP = COMPONENT + "personal-development-plan"
CONFLICT = COMPONENT + "conflict-and-challenge-case-study"
INFLUENCING = COMPONENT + "influencing-skills-case-study"
TESTIMONY = COMPONENT + "line-manager-testimony"
# Component -> its name in the contents checklist (the label), then the names other tables use.
COMPONENT_NAMES = {
    WORKSHEET: ("Worksheet",),
    PRESENTATION: ("Presentation or induction pack for a new employee",
                   "Presentation/induction pack"),
    PDP: ("Personal development plan",),
    CONFLICT: ("Conflict and challenge case study", "Customer conflict case study"),
    INFLUENCING: ("Influencing skills case study",),
    TESTIMONY: ("Line-manager testimony", "Manager testimony"),
}
# Normalised name -> method or component, for table rows that name one.
NAMES = {normalise(name): subject for subject, names in COMPONENT_NAMES.items() for name in names}
NAMES |= {normalise(label): subject for subject, label in METHOD_LABELS.items()}
NAMES |= {"observation": OBSERVATION}

# (heading, the method or component its content belongs to, what the section holds)
LAYOUT = (
    ("1. Practical observation", OBSERVATION, "intro"),
    ("2. Apprentice showcase", SHOWCASE, "intro"),
    ("3. Professional discussion", DISCUSSION, "intro"),
    ("Grading", "", "table"),
    ("End-point assessment contents checklist", "", "contents"),
    ("Customer Service Practitioner assessment plan and record of achievement", "", "plan"),
    ("Customer Service Practitioner observation – apprentice guidance", OBSERVATION, "criteria"),
    ("Customer Service Practitioner observation", OBSERVATION, "checklist"),
    ("Customer Service Practitioner showcase – apprentice guidance", SHOWCASE, "intro"),
    ("Worksheet guidance:", WORKSHEET, "criteria"),
    ("Customer Service Practitioner worksheet", WORKSHEET, "questions"),
    ("Customer Service Practitioner Apprentice Showcase Worksheet - Grading", WORKSHEET,
     "checklist"),
    ("Presentation or induction pack for a new employee guidance", PRESENTATION, "criteria"),
    ("Presentation or Induction Pack for a New Employee - Grading", PRESENTATION, "checklist"),
    ("Personal development plan guidance", PDP, "criteria"),
    ("Personal development plan - Grading", PDP, "checklist"),
    ("Conflict and challenge case-study guidance", CONFLICT, "criteria"),
    ("Influencing skills case-study guidance", INFLUENCING, "criteria"),
    ("Supporting testimony", "", "form"),
    ("Line-manager testimony guidance", TESTIMONY, "criteria"),
    ("Line-manager testimony", TESTIMONY, "form"),
    ("Customer Service Practitioner professional discussion – apprentice guidance", DISCUSSION,
     "criteria"),
    ("Customer Service Practitioner professional discussion – apprentice notes", DISCUSSION,
     "questions"),
    ("Customer Service Practitioner professional discussion checklist and grading record",
     DISCUSSION, "checklist"),
    ("Final grading", "", "table"),
)

_THRESHOLD = re.compile(r"(\d+) out of (\d+)")
_PASS_RULE = re.compile(r"(?:^|[\t>])\s*((?:You|Apprentices) must [^.\t<]*?\bpass\b[^.\t<]*\.?)")
_DURATION = re.compile(r"will last for (approximately one hour|a (?:maximum|minimum) of one hour)")
_ASSESSED_LIST = "forms part of the assessment for the following standards"
_DISTINCTION_RULE = re.compile(r"^To achieve a Distinction for the\b")
_TAG = re.compile(r"<(/?)(p|ul|ol|div|i)\b[^>]*>")
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+(?=[A-Z'‘])")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.+)$")
_NOTES_QUESTION = re.compile(r"^(\d+)\t(.+)$")
_CHECKLIST_GROUP = re.compile(r"^(.+?)\s*\(([A-Z])\)\s*–\s*The apprentice has:")
_BOLD_QUESTIONS = re.compile(r"Distinction questions are in bold text \(([\d,\s]+)\)")
_RUN_TOGETHER = re.compile(r"[a-z]\*\*[A-Z]")
_PERCENT = re.compile(r"(\d+)% \((\d+) out of (\d+)\)")
AMBIGUITY_MARGIN = 5.0  # a runner-up heading this close to the best makes a name ambiguous
MATCH_CUTOFF = 70.0  # similarity from which a guidance criterion is a checklist item's wording
QUESTION_CUTOFF = 60.0  # similarity below which a form question and a checklist item differ


@dataclass(frozen=True)
class Section:
    """A stretch of the document between two :data:`LAYOUT` headings (1-based lines)."""

    heading: str
    subject: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Criterion:
    """A criterion wording from a guidance section."""

    subject: str  # the method or component whose section it stands in
    module: int | None  # the standard's module of its section, where the section has one
    grade: str  # "requirement", "pass" or "distinction"
    text: str
    line: int


@dataclass
class ChecklistItem:
    """One numbered item of a grading checklist."""

    subject: str
    number: int
    text: str
    line: int
    group: str = ""
    role: str = ""


@dataclass
class Output:
    """The rows of the six tables, gathered while parsing."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def item(self, item_id: str, kind: str, notation: str, label: str, line: int,
             parent: str = "") -> None:
        """An ``epa`` item; ``parent`` is an ``epa`` item id or empty."""
        self.rows["items"].append({
            "framework": "epa", "item_id": item_id, "kind": kind, "notation": notation,
            "label": label, "parent_framework": "epa" if parent else "", "parent_id": parent,
            "source_file": FILE, "source_line": line})

    def prop(self, item_id: str, name: str, value: object, line: int) -> None:
        """A property of an ``epa`` item."""
        self.rows["properties"].append({"framework": "epa", "item_id": item_id,
                                        "property": name, "value": value,
                                        "source_file": FILE, "source_line": line})

    def text(self, target: tuple[str, str], role: str, text: str, line: int,
             cut: str | None = None) -> None:
        """A wording; ``cut`` overrides the ``truncated`` flag :func:`truncated` infers."""
        self.rows["texts"].append({"framework": target[0], "item_id": target[1], "role": role,
                                   "text": text, "truncated": cut or truncated(text),
                                   "source_file": FILE, "source_line": line})

    def assesses(self, subject: str, module: int, raw: str, line: int) -> None:
        """An ``assesses`` mapping from an ``epa`` item to a standard module."""
        self.rows["mappings"].append({
            "subject_framework": "epa", "subject_id": subject, "predicate": "assesses",
            "object_framework": "standard", "object_id": f"module/{module}",
            "justification": MANUAL_CURATION, "raw_text": raw, "source_file": FILE,
            "source_line": line})

    def defect(self, kind: str, item: str, message: str, line: int) -> None:
        """A defect of the source at ``line``."""
        self.rows["defects"].append(defect(kind, item, message, FILE, line))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables built from the gathered rows."""
        names = ("frameworks", "items", "properties", "texts", "mappings", "defects")
        return {name: table(name, self.rows[name]) for name in names}


def truncated(text: str) -> str:
    """``"true"`` where a text stops without closing punctuation, i.e. is visibly cut off."""
    return "false" if re.search(r"[.?!:)]['’]?$", text) else "true"


def clean(text: str) -> str:
    """Text as written, without Markdown bold markers, HTML tags or doubled spaces."""
    return strip_html(text.replace("**", ""))


def find_sections(lines: list[str]) -> list[Section]:
    """Locate every :data:`LAYOUT` heading (its last occurrence) and the span it opens."""
    stripped = [squash(line) for line in lines]
    starts = []
    for heading, subject, kind in LAYOUT:
        found = [n for n, line in enumerate(stripped, start=1) if line == heading]
        if not found:
            raise ValueError(f"{FILE}: heading {heading!r} not found")
        starts.append((found[-1], heading, subject, kind))
    if [s[0] for s in starts] != sorted(s[0] for s in starts):
        raise ValueError(f"{FILE}: section headings are not in the expected order")
    ends = [s[0] - 1 for s in starts[1:]] + [len(lines)]
    return [Section(heading, subject, kind, start, end)
            for (start, heading, subject, kind), end in zip(starts, ends, strict=True)]


def section_at(sections: list[Section], line: int) -> Section | None:
    """The section holding ``line``, or None before the first heading."""
    inside = [s for s in sections if s.start <= line <= s.end]
    return inside[0] if inside else None


def html_blocks(cell: str) -> list[tuple[str, str]]:
    """Split a converted HTML cell into ``("p", text)``, ``("text", text)`` and
    ``("li", text)`` blocks; list text is split into items at ``•`` or, where the bullets are
    lost, at sentence ends, a sentence beginning "You " continuing the item before it.

    >>> html_blocks('Pass <p>Lead:</p> <ul style="x"> Do A. Do B. You must c. <p>End.</p>')
    [('text', 'Pass'), ('p', 'Lead:'), ('li', 'Do A.'), ('li', 'Do B. You must c.'), ('p', 'End.')]
    """
    blocks: list[tuple[str, str]] = []
    in_list, in_p, position = False, False, 0
    for match in [*_TAG.finditer(cell), None]:
        chunk = clean(cell[position:match.start() if match else len(cell)])
        if chunk:
            kind = "p" if in_p else "li" if in_list else "text"
            blocks.extend((kind, part) for part in (split_items(chunk) if kind == "li"
                                                    else [chunk]))
        if match is None:
            break
        closing, tag = match.group(1) == "/", match.group(2)
        if tag == "p":
            in_p = not closing
        elif tag in ("ul", "ol"):
            in_list = not closing
        position = match.end()
    return blocks


def split_items(chunk: str) -> list[str]:
    """The items of one run of list text (see :func:`html_blocks`)."""
    if "•" in chunk:
        return [squash(part) for part in chunk.split("•") if squash(part)]
    items: list[str] = []
    for sentence in _SENTENCE_BREAK.split(chunk):
        if items and sentence.startswith("You "):
            items[-1] = f"{items[-1]} {sentence}"
        else:
            items.append(sentence)
    return items


class ModuleNames:
    """Resolves the toolkit's module names to the standard's module numbers."""

    def __init__(self, out: Output) -> None:
        self.out = out
        headings = module_headings()
        self.numbers = sorted(headings)
        self.headings = [headings[n][0] for n in self.numbers]

    def resolve(self, name: str, line: int) -> int | None:
        """Module number for ``name``, reporting unmatched, ambiguous and reordered names."""
        found = best_match(name, self.headings)
        if found is None:
            self.out.defect("unresolved-module-name", "", f"module name {name!r} matches none "
                            "of the standard's module headings", line)
            return None
        index, score = found
        number, heading = self.numbers[index], self.headings[index]
        others = [h for i, h in enumerate(self.headings) if i != index]
        runner_up = best_match(name, others, cutoff=0.0)
        if runner_up is not None and score - runner_up[1] < AMBIGUITY_MARGIN:
            self.out.defect("ambiguous-module-name", f"standard:module/{number}",
                            f"module name {name!r} matches {heading!r} and "
                            f"{others[runner_up[0]]!r} about equally well", line)
        words, heading_words = normalise(name).split(), normalise(heading).split()
        if words != heading_words and sorted(words) == sorted(heading_words):
            self.out.defect("module-name-variant", f"standard:module/{number}",
                            f"module {number} is written {name!r}, the words of "
                            f"{heading!r} in another order", line)
        return number


def read_methods(lines: list[str], out: Output) -> None:
    """The three assessment methods, from the introduction's numbered headings."""
    for subject, label in METHOD_LABELS.items():
        pattern = re.compile(rf"^(\d+)\.\s+{re.escape(label)}$")
        found = [(n, m) for n, line in enumerate(lines, start=1) if (m := pattern.match(line))]
        if not found:
            raise ValueError(f"{FILE}: no heading for method {label!r}")
        line, match = found[0]
        out.item(subject, "AssessmentMethod", match.group(1), label, line)


def read_components(lines: list[str], sections: list[Section], out: Output) -> None:
    """The showcase's components, from their rows in the contents checklist."""
    section = next(s for s in sections if s.kind == "contents")
    for subject, names in COMPONENT_NAMES.items():
        label = names[0]
        found = [n for n in range(section.start, section.end + 1)
                 if normalise(lines[n - 1].split("\t")[0]).removesuffix(", including")
                 == normalise(label)]
        if not found:
            raise ValueError(f"{FILE}: component {label!r} not in the contents checklist")
        out.item(subject, "AssessmentComponent", "", label, found[0], SHOWCASE)


def read_assessed_modules(lines: list[str], sections: list[Section], names: ModuleNames,
                          out: Output) -> dict[str, list[tuple[int, str, int]]]:
    """Each method's "forms part of the assessment for the following standards" list.

    Returns method -> [(module, name as written, line)] and emits the ``assesses`` rows.
    """
    assessed: dict[str, list[tuple[int, str, int]]] = {}
    for number, line in enumerate(lines, start=1):
        if _ASSESSED_LIST not in line:
            continue
        subject = section_at(sections, number).subject
        entries = []
        for n in range(number + 1, len(lines) + 1):
            item = lines[n - 1]
            if not item.strip():
                continue
            if not item.startswith("- "):
                break
            name = clean(item[2:])
            module = names.resolve(name.rstrip("."), n)
            if module is not None:
                out.text(("standard", f"module/{module}"), "epa-module", name.rstrip("."), n,
                         "false")
                entries.append((module, name, n))
                out.assesses(subject, module, item, n)
        assessed[subject] = entries
    return assessed


def read_plan(lines: list[str], sections: list[Section], names: ModuleNames, out: Output,
              ) -> dict[str, list[tuple[int, str, int]]]:
    """The assessment plan table: the modules ("standards covered") of each row.

    Returns row subject (the observation or a component) -> [(module, name, line)] and emits
    the components' ``assesses`` rows.
    """
    section = next(s for s in sections if s.kind == "plan")
    covered: dict[str, list[tuple[int, str, int]]] = {}
    subject = ""
    started = False
    for number in range(section.start + 1, section.end + 1):
        cells = lines[number - 1].split("\t")
        if len(cells) < 2:
            if started:
                break
            continue
        started = True
        if cells[0].strip():
            subject = NAMES.get(normalise(cells[0]), "")
        if "<ul" not in cells[1]:
            continue
        if not subject:
            out.defect("unknown-plan-row", "", f"plan row {cells[0]!r} names no method or "
                       "component", number)
            continue
        for name in _SENTENCE_BREAK.split(clean(cells[1])):
            module = names.resolve(name.rstrip("."), number)
            if module is None:
                continue
            out.text(("standard", f"module/{module}"), "epa-module", name.rstrip("."), number,
                     "false")
            covered.setdefault(subject, []).append((module, name, number))
            if subject != OBSERVATION:
                out.assesses(subject, module, name, number)
    return covered


def check_coverage(assessed: dict[str, list[tuple[int, str, int]]],
                   covered: dict[str, list[tuple[int, str, int]]], out: Output) -> None:
    """Every module assessed by exactly one method; the plan table agrees with the lists."""
    methods_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for subject, entries in assessed.items():
        for module, _, line in entries:
            methods_of[module].append((subject, line))
    first_line = min((line for entries in assessed.values() for _, _, line in entries),
                     default=1)
    for module in range(1, 19):
        found = methods_of[module]
        if len(found) != 1:
            out.defect("module-assessment-count", f"standard:module/{module}",
                       f"module {module} is assessed by {len(found)} methods "
                       f"({', '.join(s for s, _ in found) or 'none'}), not exactly one",
                       found[-1][1] if found else first_line)
    plan_views = {
        OBSERVATION: covered.get(OBSERVATION, []),
        SHOWCASE: [e for s, entries in covered.items() if s.startswith(COMPONENT)
                   for e in entries],
    }
    for subject, entries in plan_views.items():
        listed = {m for m, _, _ in assessed.get(subject, [])}
        planned = {m for m, _, _ in entries}
        if listed != planned and entries:
            out.defect("plan-table-disagrees", f"epa:{subject}",
                       f"the plan table gives {subject} modules {sorted(planned)}, its own list "
                       f"{sorted(listed)}", entries[0][2])


def read_thresholds(lines: list[str], sections: list[Section], out: Output,
                    ) -> dict[str, list[tuple[int, int, int]]]:
    """Every ``N out of M`` statement, as ``distinction_required``/``_available`` rows.

    Returns subject -> [(required, available, line)] in document order.
    """
    found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    table_method = ""
    for number, raw in enumerate(lines, start=1):
        line = raw.replace("**", "")
        section = section_at(sections, number)
        cells = [normalise(c) for c in line.split("\t")]
        named = [NAMES[c] for c in cells if c in NAMES]
        match = _THRESHOLD.search(line)
        if named and named[0] in METHOD_LABELS:
            table_method = named[0]
        if match is None:
            continue
        if named:
            subject = named[0]
        elif "overall" in cells and table_method:
            subject = table_method
        else:
            subject = section.subject if section else ""
        if not subject:
            out.defect("unattributed-threshold", "", f"threshold {match.group(0)!r} names no "
                       "method or component", number)
            continue
        required, available = int(match.group(1)), int(match.group(2))
        out.prop(subject, "distinction_required", required, number)
        out.prop(subject, "distinction_available", available, number)
        first = found[subject][0] if found[subject] else None
        if first and (first[0], first[1]) != (required, available):
            out.defect("threshold-mismatch", f"epa:{subject}",
                       f"{subject} needs {required} of {available} distinction criteria here but "
                       f"{first[0]} of {first[1]} at line {first[2]}", number)
        found[subject].append((required, available, number))
        percent = _PERCENT.search(line)
        if percent and int(percent.group(1)) * available != 100 * required:
            out.defect("threshold-mismatch", f"epa:{subject}",
                       f"{percent.group(0)!r} gives a percentage that is not {required} of "
                       f"{available}", number)
    return found


def check_showcase_sum(thresholds: dict[str, list[tuple[int, int, int]]], out: Output) -> None:
    """The components' distinction minimums against the showcase's threshold, as stated
    after them (the final grading table's ``Overall`` row)."""
    parts = [entries[0] for s, entries in thresholds.items() if s.startswith(COMPONENT)]
    showcase = thresholds.get(SHOWCASE, [])
    if not parts or not showcase:
        return
    required = sum(p[0] for p in parts)
    available = sum(p[1] for p in parts)
    last_part = max(p[2] for p in parts)
    overall = next((t for t in showcase if t[2] > last_part), showcase[-1])
    if available != overall[1]:
        out.defect("threshold-contradiction", f"epa:{SHOWCASE}",
                   f"the components offer {available} distinction criteria but the showcase "
                   f"counts {overall[1]}", overall[2])
    if required > overall[0]:
        out.defect("threshold-contradiction", f"epa:{SHOWCASE}",
                   f"the showcase components' own distinction minimums add up to {required} of "
                   f"{available}, but the showcase needs only {overall[0]} of {overall[1]}",
                   overall[2])


def line_subject(line: str, section: Section | None) -> str:
    """The method or component a table row names, else the section's."""
    named = [NAMES[c] for c in (normalise(cell) for cell in line.split("\t")) if c in NAMES]
    if named:
        return named[0]
    return section.subject if section else ""


def read_pass_rules(lines: list[str], sections: list[Section], out: Output) -> None:
    """Every "You/Apprentices must ... pass ..." sentence, as a ``pass_rule`` row."""
    for number, raw in enumerate(lines, start=1):
        line = raw.replace("**", "")
        for match in _PASS_RULE.finditer(line):
            rule = squash(match.group(1))
            if "distinction" in rule.lower():
                continue
            subject = line_subject(line, section_at(sections, number))
            if subject:
                out.prop(subject, "pass_rule", rule, number)


def read_durations(lines: list[str], sections: list[Section], out: Output) -> None:
    """Every "will last for ... one hour" phrase, as a ``duration`` row; reports disagreement."""
    first: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        match = _DURATION.search(line)
        section = section_at(sections, number)
        if match is None or section is None or not section.subject:
            continue
        subject, duration = section.subject, match.group(1)
        out.prop(subject, "duration", duration, number)
        if subject not in first:
            first[subject] = (duration, number)
        elif first[subject][0] != duration:
            out.defect("duration-mismatch", f"epa:{subject}",
                       f"{subject} lasts {duration!r} here but {first[subject][0]!r} at line "
                       f"{first[subject][1]}", number)


def report_run_together(lines: list[str], out: Output) -> None:
    """Headings run together with the bold text after them (``responsibility**During``)."""
    for number, line in enumerate(lines, start=1):
        match = _RUN_TOGETHER.search(line)
        if match:
            heading = line[:match.start() + 1]
            out.defect("heading-run-together", "", f"heading {heading!r} runs into the text "
                       "after it", number)


class CriteriaReader:
    """Reads the criterion wordings of the guidance sections (see the module rules)."""

    def __init__(self, lines: list[str], names: dict[str, dict[str, int]],
                 component_modules: dict[str, list[int]], out: Output) -> None:
        self.lines = lines
        self.names = names  # method -> normalised module name -> module, for section headings
        self.component_modules = component_modules
        self.out = out
        self.criteria: list[Criterion] = []

    def read(self, section: Section) -> None:
        """Read one ``criteria`` section."""
        grade: str | None = None
        module: int | None = None
        headings = self.names.get(section.subject, {})
        for number in range(section.start + 1, section.end + 1):
            raw = self.lines[number - 1]
            line = raw.replace("**", "")
            if not line.strip():
                continue
            head = normalise(raw.split("**")[0])
            if head in headings and not raw.startswith("-"):
                module, grade = headings[head], "requirement"
                self.out.text(("standard", f"module/{module}"), "epa-module",
                              squash(raw.split("**")[0]), number, "false")
                continue
            cells = [squash(c) for c in line.split("\t")]
            if cells[0].startswith("To achieve a Pass") and len(cells) > 1 and cells[1]:
                self.add(section, module, "pass", clean(cells[0]), number)
                self.add(section, module, "distinction", clean(cells[1]), number)
                continue
            if line.lstrip().startswith("- "):
                blocks = [("li", clean(line.lstrip()[2:]))]
            else:
                blocks = html_blocks(line)
            for kind, text in blocks:
                if kind != "li" and text in ("Pass", "Distinction"):
                    grade = text.lower()
                elif kind != "li" and _DISTINCTION_RULE.match(text):
                    grade = None
                elif kind == "li" and grade:
                    self.add(section, module, grade, text, number)

    def add(self, section: Section, module: int | None, grade: str, text: str,
            line: int) -> None:
        """Record a criterion and emit its text, where its section has a target."""
        if section.subject.startswith(COMPONENT):
            modules = self.component_modules.get(section.subject, [])
            module = modules[0] if len(modules) == 1 else None
            target = ("standard", f"module/{module}") if module else ("epa", section.subject)
        elif module is None:
            return
        else:
            target = ("standard", f"module/{module}")
        self.criteria.append(Criterion(section.subject, module, grade, text, line))
        self.out.text(target, f"epa-{grade}", text, line)


def read_checklist(lines: list[str], section: Section, out: Output) -> list[ChecklistItem]:
    """The numbered items of a grading checklist, with the group each stands in."""
    items: list[ChecklistItem] = []
    group, count = "", 0
    for number in range(section.start + 1, section.end + 1):
        first = lines[number - 1].split("\t")[0]
        if "<ol" in first:
            for kind, text in html_blocks(first):
                if kind == "p" and (match := _CHECKLIST_GROUP.match(text)):
                    group = match.group(1)
                elif kind == "li":
                    count += 1
                    items.append(ChecklistItem(section.subject, count, text, number, group))
            continue
        text = clean(first)
        if match := _CHECKLIST_GROUP.match(text):
            group = match.group(1)
        elif match := _NUMBERED.match(text):
            value = int(match.group(1))
            if value not in (count + 1, 1):
                out.defect("checklist-numbering", f"epa:{section.subject}",
                           f"checklist item {value} follows item {count}", number)
            count = value
            items.append(ChecklistItem(section.subject, value, match.group(2), number, group))
    return items


def read_questions(lines: list[str], section: Section) -> tuple[dict[int, tuple[str, int]],
                                                                 list[int], int]:
    """A question form: number -> (question, line), the distinction question numbers and
    the line that lists them (0 where none)."""
    questions: dict[int, tuple[str, int]] = {}
    bold: list[int] = []
    bold_line = 0
    for number in range(section.start + 1, section.end + 1):
        raw = lines[number - 1]
        if match := _BOLD_QUESTIONS.search(raw):
            bold, bold_line = [int(n) for n in re.findall(r"\d+", match.group(1))], number
            continue
        match = _NUMBERED.match(clean(raw)) or _NOTES_QUESTION.match(raw.strip())
        if match:
            questions[int(match.group(1))] = (clean(match.group(2)), number)
    return questions, bold, bold_line


def best_items(texts: list[str], items: list[ChecklistItem]) -> dict[int, str]:
    """Checklist item number -> the text most similar to it, for each text that is at least
    :data:`MATCH_CUTOFF` similar to some item."""
    found: dict[int, str] = {}
    for text in texts:
        score, number = max((similarity(text, item.text), item.number) for item in items)
        if score >= MATCH_CUTOFF:
            found[number] = text
    return found


def phrase_line(lines: list[str], section: Section, phrase: str) -> int:
    """The first line of ``section`` containing ``phrase``, or 0."""
    return next((n for n in range(section.start, section.end + 1)
                 if phrase in lines[n - 1]), 0)


def grade_checklist(items: list[ChecklistItem], criteria: list[Criterion],
                    markings: dict[str, int], bold: list[int], bold_line: int,
                    out: Output) -> None:
    """Set each checklist item's role (see the module rules), reporting lost markings.

    ``markings`` gives the line where the checklist says it marks distinction criteria
    ``"bold"`` and pass criteria ``"shaded"`` (0 where it does not).
    """
    if not items:
        return
    subject = items[0].subject
    if any(item.group for item in items):
        for item in items:
            grade = "distinction" if "distinction" in item.group.lower() else "pass"
            item.role = f"epa-checklist-{grade}"
        return
    mine = [c for c in criteria if c.subject == subject]
    matched = best_items([c.text for c in mine if c.grade == "distinction"], items)
    if bold:
        if set(matched) != set(bold):
            out.defect("distinction-marker-mismatch", f"epa:{subject}",
                       f"the distinction questions are listed as {bold} but the Distinction "
                       f"criteria match questions {sorted(matched)}", bold_line)
        distinction = set(bold)
    else:
        distinction = set(matched)
    shaded = bool(markings["shaded"])
    passed = set(best_items([c.text for c in mine if c.grade == "pass"], items)) - distinction
    for item in items:
        if item.number in distinction:
            item.role = "epa-checklist-distinction"
        elif not shaded or item.number in passed:
            item.role = "epa-checklist-pass"
        else:
            item.role = "epa-checklist"
    if bold or not markings["bold"]:
        return
    message = (f"the checklist marks distinction criteria in bold, lost in conversion; items "
               f"{sorted(distinction)} are taken as distinction, as they match the guidance's "
               "Distinction criteria")
    if shaded:
        unknown = [i.number for i in items if i.role == "epa-checklist"]
        message += (f"; it marks pass criteria by shading, also lost: items {sorted(passed)} "
                    f"match Pass criteria, items {unknown} match none and have no known grade")
    out.defect("lost-formatting", f"epa:{subject}", message,
               markings["shaded"] or markings["bold"])


def compare_questions(questions: dict[int, tuple[str, int]], items: list[ChecklistItem],
                      subject: str, out: Output) -> None:
    """Each form question against the checklist item of the same number."""
    by_number = {item.number: item for item in items}
    for number, (question, line) in sorted(questions.items()):
        item = by_number.get(number)
        if item is None:
            out.defect("question-missing", f"epa:{subject}", f"question {number} has no "
                       "checklist item", line)
        elif similarity(question, item.text) < QUESTION_CUTOFF:
            out.defect("question-mismatch", f"epa:{subject}",
                       f"question {number} asks {question!r} but checklist item {number} "
                       f"grades {item.text!r}", line)
    for number, item in sorted(by_number.items()):
        if questions and number not in questions:
            out.defect("question-missing", f"epa:{subject}", f"checklist item {number} has no "
                       "question on the form", item.line)


def check_counts(thresholds: dict[str, list[tuple[int, int, int]]], criteria: list[Criterion],
                 checklists: dict[str, list[ChecklistItem]], out: Output) -> None:
    """Distinction criteria and distinction checklist items against each threshold's M."""
    for subject, statements in thresholds.items():
        available, line = statements[0][1], statements[0][2]
        texts = {normalise(c.text) for c in criteria if c.grade == "distinction"
                 and (c.subject == subject or c.subject.startswith(subject + "/"))}
        if len(texts) != available:
            out.defect("distinction-count-mismatch", f"epa:{subject}",
                       f"{subject} has {len(texts)} distinct distinction criteria, but its "
                       f"threshold counts {available}", line)
        items = checklists.get(subject, [])
        marked = [i for i in items if i.role == "epa-checklist-distinction"]
        if items and len(marked) != available:
            out.defect("distinction-count-mismatch", f"epa:{subject}",
                       f"the {subject} checklist has {len(marked)} distinction items, but its "
                       f"threshold counts {available}", items[0].line)


def check_module_sections(assessed: dict[str, list[tuple[int, str, int]]],
                          criteria: list[Criterion], out: Output) -> None:
    """A method whose guidance has a section per module needs one for every module."""
    for subject, entries in assessed.items():
        with_section = {c.module for c in criteria if c.subject == subject}
        if not with_section - {None}:
            continue
        for module, name, line in entries:
            if module not in with_section:
                out.defect("missing-criteria-section", f"standard:module/{module}",
                           f"{subject} assesses {name!r} but its guidance has no Pass or "
                           "Distinction criteria for it", line)


_GRADE_RULE = re.compile(r"\b(overall|awarded overall)\b.*\b(Pass|Distinction)\b|"
                         r"\b(Pass|Distinction)\b.*\boverall\b")


def read_grade_rules(lines: list[str], out: Output) -> None:
    """The toolkit's rules for the overall grade, as written (``grade_rule`` of the ``epa``
    framework itself): every sentence-line that says what a Pass or a Distinction "overall"
    needs. Table rows (the assessor's summary) are not rules."""
    for number, line in enumerate(lines, start=1):
        text = squash(strip_html(line.replace("**", "")))
        if "\t" in line.strip() or not _GRADE_RULE.search(text) or \
                not re.search(r"\b(must|needs?)\b", text):
            continue
        out.prop("", "grade_rule", text, number)


def parse() -> dict[str, pd.DataFrame]:
    """Parse the EPA toolkit into the tidy tables (see :mod:`graph.model.tables`)."""
    lines = read_lines("epa")
    out = Output()
    out.rows["frameworks"].append({
        "framework": "epa", "kind": "AssessmentPlan",
        "title": "Customer Service Practitioner end-point assessment", "publisher": "Active IQ",
        "reference": "", "source_file": FILE, "source_line": 6})
    sections = find_sections(lines)
    names = ModuleNames(out)
    read_methods(lines, out)
    read_components(lines, sections, out)
    assessed = read_assessed_modules(lines, sections, names, out)
    covered = read_plan(lines, sections, names, out)
    check_coverage(assessed, covered, out)
    thresholds = read_thresholds(lines, sections, out)
    check_showcase_sum(thresholds, out)
    read_pass_rules(lines, sections, out)
    read_grade_rules(lines, out)
    read_durations(lines, sections, out)
    report_run_together(lines, out)

    headings = {subject: {normalise(name.rstrip(".")): module for module, name, _ in entries}
                for subject, entries in assessed.items()}
    component_modules = {s: [m for m, _, _ in entries] for s, entries in covered.items()}
    reader = CriteriaReader(lines, headings, component_modules, out)
    for section in sections:
        if section.kind == "criteria":
            reader.read(section)
    check_module_sections(assessed, reader.criteria, out)

    checklists: dict[str, list[ChecklistItem]] = {}
    for section in sections:
        if section.kind != "checklist":
            continue
        items = read_checklist(lines, section, out)
        form = next((s for s in sections if s.kind == "questions"
                     and s.subject == section.subject), None)
        questions, bold, bold_line = read_questions(lines, form) if form else ({}, [], 0)
        markings = {"bold": phrase_line(lines, section, "in bold text"),
                    "shaded": phrase_line(lines, section, "shaded boxes")}
        grade_checklist(items, reader.criteria, markings, bold, bold_line, out)
        compare_questions(questions, items, section.subject, out)
        for item in items:
            out.text(("epa", item.subject), item.role, item.text, item.line)
        checklists[section.subject] = items
    check_counts(thresholds, reader.criteria, checklists, out)
    return out.tables()
