"""How the City & Guilds handbook says its units are assessed, and where each unit starts.

Read from the handbook's own lines (:mod:`graph.ingest.cityguilds_handbook` calls this):

* **Assessment types** (``2794-201 <title> <method> <where>``): each unit's assessment method
  as written becomes ``assessment_type`` of the unit.
* **Test specifications**: the test's grading, pass mark and duration become ``grade_rule``,
  ``pass_mark`` and ``duration`` of the unit the table names; each outcome row's number of
  questions and percentage becomes ``question_split`` of the learning outcome it names
  (matched by wording), the total row that of the unit.
* **Qualification at a glance**: the ``Grading`` row is the qualification's ``grade_rule``.
* **Contents**: the page each unit starts on (``page``).

Where the handbook contradicts itself on how a unit is assessed (a unit "assessed by a multiple
choice test" for which the handbook also offers written assignments, or "units are assessed
through a portfolio of evidence" beside a unit assessed by test), an audit row cites both lines.
"""

from __future__ import annotations

import re

from graph.ingest.defects import defect_builder
from graph.ingest.sources import SOURCES
from graph.ingest.text import best_match, normalise, squash

SOURCE = SOURCES["cityguilds"]
FILE = SOURCE.file_name
FRAMEWORK = "cityguilds"
_defect = defect_builder(FILE)

_TYPE_ROW = re.compile(r"^2794-(2\d\d)\t[^\t]+\t([A-Za-z][^\t]*)\t")
_CONTENTS_UNIT = re.compile(r"^Unit (2\d\d)\s+.+?\t(\d+)\s*$")
_PASS_MARK = re.compile(r"^Pass mark:.*?(?:must score an?\s+)?(minimum of \d+ out of \d+)")
_DURATION = re.compile(r"^Test:\s*Duration:\s*([^\t]+)")
_GRADED = re.compile(r"^Graded:\s*(.+)$")
_SPLIT_UNIT = re.compile(r"^2794-(2\d\d)\t")
_SPLIT_ROW = re.compile(r"^(?:2794-\d{3})?\t(?:\d+\s+)?([^\t]+)\t(\d+)\t(\d+%?)\s*$")
_TOTAL = re.compile(r"^\tTotal\t(\d+)\t(\d+%?)")
_ASSIGNMENTS = re.compile(r"following assessments to use for optional unit (2\d\d)")
_ALL_PORTFOLIO = re.compile(r"^Units are assessed through a portfolio of evidence")
TEST = re.compile(r"\btest\b", re.IGNORECASE)


def _prop(item_id: str, name: str, value: object, line: int) -> dict:
    return {"framework": FRAMEWORK, "item_id": item_id, "property": name, "value": value,
            "source_file": FILE, "source_line": line}


def assessment_facts(lines: list[str], items: list[dict]) -> tuple[list[dict], list[dict]]:
    """Properties and audit rows of the handbook's assessment rules (module doc).

    ``items`` are the handbook's unit items; each row of a test's question split is placed on
    the learning outcome it names, and a row that words the outcome differently is reported.
    """
    outcomes = {i["item_id"]: i for i in items if i["kind"] == "LearningOutcome"}
    props: list[dict] = []
    defects: list[dict] = []
    types: dict[str, tuple[str, int]] = {}
    test_unit = ""
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if (m := _TYPE_ROW.match(line)):
            types[m.group(1)] = (squash(m.group(2)), number)
            props.append(_prop(f"unit/{m.group(1)}", "assessment_type", squash(m.group(2)),
                               number))
        elif (m := _CONTENTS_UNIT.match(text)) and number < 100:
            props.append(_prop(f"unit/{m.group(1)}", "page", m.group(2), number))
        elif text.startswith("Grading\t"):
            props.append(_prop("", "grade_rule", squash(text.split("\t", 1)[1]), number))
        elif (m := _SPLIT_UNIT.match(line)) and not _TYPE_ROW.match(line) and \
                "Outcome" in lines[number - 2]:
            test_unit = m.group(1)
        if test_unit and (m := _TOTAL.match(line)):
            props.append(_prop(f"unit/{test_unit}", "question_split",
                               f"{m.group(1)} questions ({m.group(2)})", number))
            test_unit = ""
        elif test_unit and (m := _SPLIT_ROW.match(line)):
            prop, problem = _split_row(test_unit, m, number, outcomes)
            props.append(prop)
            defects += problem
    props += _test_rules(lines, types)
    defects += _contradictions(lines, types)
    return props, defects


def _split_row(unit: str, match: re.Match, line: int, outcomes: dict[str, dict]
               ) -> tuple[dict, list[dict]]:
    """One outcome row of a test's question split, on the learning outcome it names; an audit
    row when it words that outcome differently from the unit page."""
    outcome, questions, percent = squash(match.group(1)), match.group(2), match.group(3)
    ids = [i for i in outcomes if i.startswith(f"unit/{unit}/lo/")]
    found = best_match(outcome, [outcomes[i]["label"] for i in ids], cutoff=90)
    item = ids[found[0]] if found else f"unit/{unit}"
    value = f"{questions} questions ({percent.rstrip('%')}%)" + ("" if found else f": {outcome}")
    problems = []
    if found and normalise(outcome) != normalise(outcomes[item]["label"]):
        problems.append(_defect(
            "wording-differs", f"{FRAMEWORK}:{item}",
            f"the test specification calls LO{item.rsplit('/', 1)[1]} of unit {unit} "
            f"{outcome!r}; its unit page (line {outcomes[item]['source_line']}) says "
            f"{outcomes[item]['label']!r}", line))
    return _prop(item, "question_split", value, line), problems


def _test_rules(lines: list[str], types: dict[str, tuple[str, int]]) -> list[dict]:
    """Grading, pass mark and duration of the test, put on the one unit assessed by test."""
    tested = [unit for unit, (kind, _) in types.items() if TEST.search(kind)]
    if len(tested) != 1:
        return []
    unit_id = f"unit/{tested[0]}"
    props = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if (m := _GRADED.match(text)):
            props.append(_prop(unit_id, "grade_rule", squash(m.group(1)), number))
        elif (m := _PASS_MARK.match(text)):
            props.append(_prop(unit_id, "pass_mark", m.group(1), number))
        elif (m := _DURATION.match(text)):
            props.append(_prop(unit_id, "duration", squash(m.group(1)), number))
    return props


def _contradictions(lines: list[str], types: dict[str, tuple[str, int]]) -> list[dict]:
    """Where the handbook says two different things about how a unit is assessed."""
    defects = []
    for number, line in enumerate(lines, start=1):
        if (m := _ASSIGNMENTS.search(line)) and m.group(1) in types:
            kind, kind_line = types[m.group(1)]
            if TEST.search(kind):
                defects.append(_defect(
                    "assessment-contradiction", f"{FRAMEWORK}:unit/{m.group(1)}",
                    f"unit {m.group(1)} is assessed by {kind.lower()!r} (line {kind_line}), "
                    f"but line {number} offers live and sample assignments for it",
                    number))
        if _ALL_PORTFOLIO.match(line.strip()):
            for unit, (kind, kind_line) in sorted(types.items()):
                if TEST.search(kind):
                    defects.append(_defect(
                        "assessment-contradiction", f"{FRAMEWORK}:unit/{unit}",
                        f"line {number} says units are assessed through a portfolio of "
                        f"evidence, but unit {unit} is assessed by {kind.lower()!r} "
                        f"(line {kind_line})", number))
    return defects
