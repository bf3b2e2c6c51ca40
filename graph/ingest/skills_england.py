"""Importer for the Skills England APIs' JSON: apprenticeship standards and occupational maps.

Two formats, as the public APIs return them (see ``data/sources/skills-england/README.md``):

* the **standards API** (``GET /api/apprenticeshipstandards/{ref}``): a list of records, one
  per version (a single record is accepted too). Each record names the standard
  (``referenceNumber``, ``version``, ``larsCode``, ``level``, ``route``, ``status`` ...) and
  lists its ``knowledges``, ``skills`` and ``behaviours``, each with a GUID and its wording;
  ``duties`` list the GUIDs of the KSBs they need, ``options`` the standard's options;
  ``standardInformation`` is HTML, escaped twice, that groups the KSBs under headings;
* the **occupational maps API** (``GET /api/v1/Occupations/{code}``): the same statements with
  their codes (``K1`` ... ``B10``) keyed by the same GUIDs, and the SOC codes. The saved file
  holds ``{code: {"status": ..., "body": ...}}``; a bare occupation object is accepted too.

The rules:

* a version is its own framework, keyed ``{reference}@{version}`` (``ST0072@1.1``), of kind
  ``StandardVersion``; its metadata are properties of the framework;
* a KSB is an item ``ksb/{guid}``, so its IRI is stable across builds and imports. Its code
  comes from the occupational map (matched by GUID); without one, from its order in the
  standard's list (``K1`` is the first knowledge), which the record itself implies;
* a heading of ``standardInformation`` (a bold paragraph in the Knowledge, Skills or
  Behaviours section) is an item ``heading/{n}``, and a KSB sits under the heading whose list
  holds its wording. A KSB whose wording opens with a lead-in (``Depending on your job role
  ...:``) sits in that lead-in's nested list; where the HTML lists it outside the lead-in, or
  not at all, that is reported;
* a duty is an item ``duty/{guid}`` (``mapped-ksb`` to each KSB it lists), an option an item
  ``option/{guid}``.

Every value traces to its file (the API responses are one line each, so ``source_line`` is 1).
A file that breaks the format is refused with :class:`~graph.errors.InputError` naming the
file, the record and the field, and what was expected.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import InputError
from graph.ingest.sources import SOURCES
from graph.ingest.text import normalise, squash
from graph.model.tables import table_set

STANDARD_FILE = SOURCES["skills-england-standard"]
OCCUPATION_FILE = SOURCES["skills-england-occupation"]
PUBLISHER = "Skills England"
# KSB list field -> (id field, KSB type, code letter)
KSB_LISTS = {"knowledges": ("knowledgeId", "Knowledge", "K"),
             "skills": ("skillId", "Skill", "S"),
             "behaviours": ("behaviourId", "Behaviour", "B")}
DUTY_LISTS = {"mappedKnowledge": "knowledges", "mappedSkills": "skills",
              "mappedBehaviour": "behaviours"}
SECTIONS = {"knowledge": "Knowledge", "skills": "Skill", "behaviours": "Behaviour"}
# Standard record field -> (property, kind of value); kinds as in _text / _whole / _date.
METADATA = {
    "version": ("version", "text"),
    "status": ("status", "text"),
    "change": ("change", "text"),
    "changedDate": ("status_date", "date"),
    "earliestStartDate": ("earliest_start", "date"),
    "latestStartDate": ("latest_start", "date"),
    "larsCode": ("lars_code", "whole"),
    "level": ("level", "whole"),
    "route": ("route", "text"),
    "maxFunding": ("funding_band", "whole"),
    "typicalDuration": ("typical_duration", "whole"),
    "assessmentPlanUrl": ("assessment_plan", "text"),
    "standardPageUrl": ("page_url", "text"),
    "occupationCode": ("occupation_code", "text"),
}


def version_key(reference: str, version: str) -> str:
    """The framework key of one version of a standard.

    >>> version_key("ST0072", "1.1")
    'ST0072@1.1'
    """
    return f"{reference}@{version}"


def parse(path: Path | None = None, occupation: Path | None = None) -> dict[str, pd.DataFrame]:
    """Parse a standards API file (and an occupational maps file) into the tidy tables.

    Without arguments, the bundled ST0072 and OCC0072 records.
    """
    path = STANDARD_FILE.path if path is None else Path(path)
    if occupation is None and path == STANDARD_FILE.path:
        occupation = OCCUPATION_FILE.path
    return tables_for(read_standards(path), read_occupations(occupation) if occupation else {})


def source_name(path: Path) -> str:
    """How rows cite ``path``: its name inside ``data/sources/`` when it is one of ours."""
    for doc in SOURCES.values():
        if doc.path.resolve() == Path(path).resolve():
            return doc.file_name
    return Path(path).name


# --- reading and checking -------------------------------------------------------------------

def load_json(path: Path) -> Any:
    """The JSON value in ``path``; a file that is missing or not JSON is an InputError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (expected the API's JSON)") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: "
                         f"{exc.msg}); expected the API's JSON response") from None


def _describe(value: Any) -> str:
    """A short description of a JSON value for an error message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Checker:
    """Checks one record's fields, raising one InputError naming file, record and field."""

    def __init__(self, path: Path, record: str):
        self.path, self.record = path, record

    def fail(self, where: str, expected: str, value: Any) -> None:
        raise InputError(f"{self.path}: {self.record}, field {where}: expected {expected}, "
                         f"found {_describe(value)}")

    def text(self, obj: dict, key: str, where: str = "", required: bool = False) -> str:
        value = obj.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where + key, "a non-empty text" if required else "a text", value)
        return value

    def whole(self, obj: dict, key: str, where: str = "", required: bool = False) -> int | None:
        value = obj.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where + key, "a whole number", value)
        return value

    def items(self, obj: dict, key: str, where: str = "") -> list:
        return self._list(obj, key, where, dict, "a list", "an object")

    def texts(self, obj: dict, key: str, where: str = "") -> list[str]:
        return self._list(obj, key, where, str, "a list of texts", "a text")

    def _list(self, obj: dict, key: str, where: str, kind: type, whole: str,
              each: str) -> list:
        """``obj[key]``: a list (else fail, expecting ``whole``) whose every entry is a
        ``kind`` (else fail at its index, expecting ``each``); a missing list is empty."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where + key, whole, value)
        for index, entry in enumerate(value):
            if not isinstance(entry, kind):
                self.fail(f"{where}{key}[{index}]", each, entry)
        return value


@dataclass
class Ksb:
    """One knowledge, skill or behaviour statement of a standard version."""

    guid: str
    ksb_type: str
    code: str
    detail: str


@dataclass
class StandardVersion:
    """One version of a standard as the standards API states it (checked)."""

    source: str
    reference: str
    version: str
    title: str
    metadata: dict[str, str]
    job_titles: list[str]
    ksbs: list[Ksb]
    information: str
    duties: list[dict] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        return version_key(self.reference, self.version)


def read_standards(path: Path) -> list[StandardVersion]:
    """The checked standard versions in a standards API file (a list of records or one)."""
    data = load_json(path)
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list) or not records:
        raise InputError(f"{path}: expected a list of standard records (the standards API's "
                         f"response), found {_describe(data)}")
    source = source_name(path)
    seen: dict[str, int] = {}
    versions = []
    for number, record in enumerate(records, start=1):
        version = check_standard(path, source, number, record)
        if version.key in seen:
            raise InputError(f"{path}: record {number} ({version.reference} {version.version}), "
                             f"field version: expected one record per version, found "
                             f"{version.version!r} again (record {seen[version.key]})")
        seen[version.key] = number
        versions.append(version)
    return versions


def check_standard(path: Path, source: str, number: int, record: Any) -> StandardVersion:
    """Check one standards API record and return it as a :class:`StandardVersion`."""
    check = _Checker(path, f"record {number}")
    if not isinstance(record, dict):
        check.fail("(record)", "an object", record)
    reference = check.text(record, "referenceNumber", required=True)
    version = check.text(record, "version", required=True)
    check.record = f"record {number} ({reference} {version})"
    title = check.text(record, "title", required=True)
    metadata: dict[str, str] = {}
    for key, (prop, kind) in METADATA.items():
        if kind == "whole":
            value = check.whole(record, key, required=key in ("larsCode", "level"))
            if value is not None:
                metadata[prop] = str(value)
        else:
            value = check.text(record, key)
            if value:
                metadata[prop] = value[:10] if kind == "date" else value
    ksbs: list[Ksb] = []
    guids: set[str] = set()
    for list_key, (id_key, ksb_type, letter) in KSB_LISTS.items():
        for index, entry in enumerate(check.items(record, list_key)):
            where = f"{list_key}[{index}]."
            guid = check.text(entry, id_key, where, required=True)
            detail = check.text(entry, "detail", where, required=True)
            if guid in guids:
                check.fail(where + id_key, "an id no other statement of this version has",
                           guid)
            guids.add(guid)
            ksbs.append(Ksb(guid, ksb_type, f"{letter}{index + 1}", detail))
    by_list = {key: {k.guid for k in ksbs if k.ksb_type == KSB_LISTS[key][1]}
               for key in KSB_LISTS}
    options = []
    for index, entry in enumerate(check.items(record, "options")):
        options.append({"guid": check.text(entry, "optionId", f"options[{index}].",
                                           required=True),
                        "title": check.text(entry, "title", f"options[{index}].")})
    option_ids = {o["guid"] for o in options}
    duties = []
    for index, entry in enumerate(check.items(record, "duties")):
        where = f"duties[{index}]."
        duty = {"guid": check.text(entry, "dutyID", where, required=True),
                "detail": check.text(entry, "dutyDetail", where, required=True),
                "ksbs": [], "options": []}
        for list_key, ksb_list in DUTY_LISTS.items():
            for j, guid in enumerate(check.texts(entry, list_key, where)):
                if guid not in by_list[ksb_list]:
                    check.fail(f"{where}{list_key}[{j}]",
                               f"the id of one of this version's {ksb_list}", guid)
                duty["ksbs"].append(guid)
        mapped_options = entry.get("mappedOptions")
        if isinstance(mapped_options, list):
            for j, guid in enumerate(mapped_options):
                if guid not in option_ids:
                    check.fail(f"{where}mappedOptions[{j}]",
                               "the id of one of this version's options", guid)
                duty["options"].append(guid)
        duties.append(duty)
    job_titles = check.texts(record, "typicalJobTitles")
    information = check.text(record, "standardInformation")
    return StandardVersion(source, reference, version, title, metadata, job_titles, ksbs,
                           information, duties, options)


@dataclass
class Occupation:
    """An occupational map record: KSB codes by GUID and the SOC codes."""

    source: str
    code: str
    codes: dict[str, tuple[str, str]]  # GUID -> (code, wording)
    soc: dict[str, str]


def read_occupations(path: Path) -> dict[str, Occupation]:
    """The checked occupational map records in ``path``, by occupation code.

    A saved response whose status is not 200 (``"OCC1312": {"status": 404, "body": null}``)
    holds no record and is passed over.
    """
    data = load_json(path)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected the occupational maps API's JSON object, found "
                         f"{_describe(data)}")
    source = source_name(path)
    if "stdCode" in data:
        bodies = [("record 1", data)]
    else:
        bodies = []
        for code, response in data.items():
            check = _Checker(path, f"record {code}")
            if not isinstance(response, dict):
                check.fail("(record)", "an object with status and body", response)
            if response.get("status") != 200:
                continue
            bodies.append((f"record {code}", response.get("body")))
    occupations = {}
    for name, body in bodies:
        occupation = check_occupation(path, source, name, body)
        occupations[occupation.code] = occupation
    return occupations


def check_occupation(path: Path, source: str, name: str, body: Any) -> Occupation:
    """Check one occupational map record."""
    check = _Checker(path, name)
    if not isinstance(body, dict):
        check.fail("body", "an occupation object", body)
    code = check.text(body, "stdCode", required=True)
    codes: dict[str, tuple[str, str]] = {}
    for list_key, (id_key, _, _) in KSB_LISTS.items():
        for index, entry in enumerate(check.items(body, list_key)):
            where = f"{list_key}[{index}]."
            guid = check.text(entry, "id", where, required=True)
            codes[guid] = (check.text(entry, id_key, where, required=True),
                           check.text(entry, "detail", where))
    soc: dict[str, str] = {}
    if body.get("soc") is not None:
        if not isinstance(body["soc"], dict):
            check.fail("soc", "an object", body["soc"])
        for key, prop in (("soc2010Code", "soc2010"), ("soc2020Code", "soc2020")):
            value = body["soc"].get(key)
            if value is not None:
                if isinstance(value, bool) or not isinstance(value, (int, str)):
                    check.fail(f"soc.{key}", "a SOC code", value)
                soc[prop] = str(value)
    return Occupation(source, code, codes, soc)


# --- standardInformation ----------------------------------------------------------------------

@dataclass
class Heading:
    """A heading of ``standardInformation`` and the list entries under it."""

    section: str  # Knowledge | Skill | Behaviour
    title: str
    entries: list[tuple[str, str]] = field(default_factory=list)  # (lead-in, text)


class _InformationParser(HTMLParser):
    """Collects the bold headings of the Knowledge, Skills and Behaviours sections and the
    list entries under each, with the lead-in entry a nested list stands under."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.section = ""
        self.capturing = ""
        self.parts: list[str] = []
        self.in_strong = False
        self.plain = False
        self.last_entry = ""
        self.lists: list[str] = []  # one lead-in per open list ("" at the outer level)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("h3", "p", "li"):
            self.capturing, self.parts, self.plain = tag, [], False
        elif tag == "strong":
            self.in_strong = True
        elif tag == "ul":
            self.lists.append(self.last_entry if self.lists else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self.in_strong = False
        elif tag == "ul" and self.lists:
            self.lists.pop()
            self.last_entry = ""
        elif tag == self.capturing:
            text = squash("".join(self.parts).replace("\xa0", " "))
            self.capturing = ""
            if tag == "h3":
                self.section = SECTIONS.get(text.lower(), "")
            elif tag == "p" and self.section and text and not self.plain:
                self.headings.append(Heading(self.section, text))
            elif tag == "li" and self.section and self.headings:
                lead_in = self.lists[-1] if self.lists else ""
                self.headings[-1].entries.append((lead_in, text))
                self.last_entry = text

    def handle_data(self, data: str) -> None:
        if self.capturing:
            self.parts.append(data)
            if data.strip() and not self.in_strong:
                self.plain = True


_OTHER_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#39);)")


def unescape_once(text: str) -> str:
    """``text`` with one level of HTML escaping undone: the five entities the API escapes
    with are replaced directly (fast), anything else goes through :func:`html.unescape`.

    >>> unescape_once("&lt;p&gt;A&amp;amp;B&lt;/p&gt;")
    '<p>A&amp;B</p>'
    """
    if _OTHER_ENTITY.search(text):
        return html.unescape(text)
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&#39;", "'").replace("&amp;", "&"))


def information_headings(information: str) -> list[Heading]:
    """The headings of ``standardInformation`` (HTML escaped twice) and their list entries.

    >>> h = information_headings("&lt;h3&gt;&lt;strong&gt;Skills&lt;/strong&gt;&lt;/h3&gt;"
    ...     "&lt;p&gt;&lt;strong&gt;Team&amp;nbsp;work&lt;/strong&gt;&lt;/p&gt;"
    ...     "&lt;ul&gt;&lt;li&gt;Help others.&lt;/li&gt;&lt;/ul&gt;")
    >>> [(x.section, x.title, x.entries) for x in h]
    [('Skill', 'Team work', [('', 'Help others.')])]
    """
    parser = _InformationParser()
    parser.feed(unescape_once(information))
    parser.close()
    return parser.headings


# --- tables ---------------------------------------------------------------------------------

def tables_for(versions: Iterable[StandardVersion],
               occupations: dict[str, Occupation]) -> dict[str, pd.DataFrame]:
    """The tidy tables for checked standard versions (codes and SOC from ``occupations``)."""
    rows: dict[str, list[dict]] = {name: [] for name in
                                   ("frameworks", "items", "properties", "mappings", "defects")}
    for version in versions:
        _version_rows(version, occupations.get(version.metadata.get("occupation_code", "")),
                      rows)
    return table_set(**rows)


def _version_rows(v: StandardVersion, occupation: Occupation | None,
                  rows: dict[str, list[dict]]) -> None:
    at = {"source_file": v.source, "source_line": 1}
    key = v.key
    rows["frameworks"].append({"framework": key, "kind": "StandardVersion", "title": v.title,
                               "publisher": PUBLISHER, "reference": v.reference, **at})

    def prop(item_id: str, name: str, value: str, where: dict = at) -> None:
        rows["properties"].append({"framework": key, "item_id": item_id, "property": name,
                                   "value": value, **where})

    def defect(kind: str, item: str, message: str, where: dict = at) -> None:
        rows["defects"].append({"kind": kind, "item": f"{key}:{item}", "message": message,
                                **where})

    for name, value in v.metadata.items():
        prop("", name, value)
    for title in v.job_titles:
        prop("", "job_title", title)
    if occupation is not None:
        on_map = {"source_file": occupation.source, "source_line": 1}
        for name, value in occupation.soc.items():
            prop("", name, value, on_map)

    codes = {}
    for ksb in v.ksbs:
        code = ksb.code
        if occupation is not None and ksb.guid in occupation.codes:
            code, wording = occupation.codes[ksb.guid]
            if normalise(wording) != normalise(ksb.detail):
                defect("official-wording-differs", f"ksb/{ksb.guid}",
                       f"{code} reads {wording!r} in the occupational map but {ksb.detail!r} "
                       "in the standard's record", {"source_file": occupation.source,
                                                    "source_line": 1})
        elif occupation is not None:
            defect("ksb-not-on-map", f"ksb/{ksb.guid}",
                   f"{ksb.detail[:60]!r} has no code on occupational map {occupation.code}; "
                   f"its code {code} is its place in the standard's list")
        codes[ksb.guid] = code

    parents = _headings(v, key, rows, defect)
    for ksb in v.ksbs:
        item_id = f"ksb/{ksb.guid}"
        parent = parents.get(ksb.guid, "")
        rows["items"].append({"framework": key, "item_id": item_id, "kind": "KSB",
                              "notation": codes[ksb.guid], "label": ksb.detail,
                              "parent_framework": key if parent else "", "parent_id": parent,
                              **at})
        prop(item_id, "ksb_type", ksb.ksb_type)
        prop(item_id, "skills_england_id", ksb.guid)
    for number, option in enumerate(v.options, start=1):
        rows["items"].append({"framework": key, "item_id": f"option/{option['guid']}",
                              "kind": "Option", "notation": f"O{number}",
                              "label": option["title"] or f"Option {number}", **at})
    for number, duty in enumerate(v.duties, start=1):
        item_id = f"duty/{duty['guid']}"
        rows["items"].append({"framework": key, "item_id": item_id, "kind": "Duty",
                              "notation": f"D{number}", "label": duty["detail"], **at})
        for guid in duty["ksbs"]:
            rows["mappings"].append(_link(key, item_id, "mapped-ksb", f"ksb/{guid}", at))
        for guid in duty["options"]:
            rows["mappings"].append(_link(key, item_id, "for-option", f"option/{guid}", at))


def _link(framework: str, subject: str, predicate: str, obj: str, at: dict) -> dict:
    return {"subject_framework": framework, "subject_id": subject, "predicate": predicate,
            "object_framework": framework, "object_id": obj,
            "justification": "semapv:ManualMappingCuration", "raw_text": obj.split("/")[-1],
            **at}


def _headings(v: StandardVersion, key: str, rows: dict[str, list[dict]], defect) -> dict:
    """Heading items from ``standardInformation``; returns KSB GUID -> heading item id."""
    if not v.information:
        return {}
    parents: dict[str, str] = {}
    headings = information_headings(v.information)
    at = {"source_file": v.source, "source_line": 1}
    placed: set[tuple[int, int]] = set()
    for number, heading in enumerate(headings, start=1):
        rows["items"].append({"framework": key, "item_id": f"heading/{number}",
                              "kind": "Heading", "notation": str(number),
                              "label": heading.title, **at})
        rows["properties"].append({"framework": key, "item_id": f"heading/{number}",
                                   "property": "ksb_type", "value": heading.section, **at})
    entries = _EntryIndex(headings)
    for ksb in v.ksbs:
        found = _place(ksb, entries)
        if found is None:
            defect("ksb-not-in-standard-information", f"ksb/{ksb.guid}",
                   f"{ksb.code} ({ksb.detail[:60]!r}) stands under no heading of the "
                   "standard's information")
            continue
        number, index, lead_in_kept = found
        placed.add((number, index))
        parents[ksb.guid] = f"heading/{number}"
        if not lead_in_kept:
            lead_in = ksb.detail.split(":", 1)[0]
            defect("lead-in-differs", f"ksb/{ksb.guid}",
                   f"{ksb.code} opens with {lead_in + ':'!r} in the KSB list, but the "
                   "standard's information lists it outside that lead-in's list")
    for number, heading in enumerate(headings, start=1):
        for index, (_, text) in enumerate(heading.entries):
            if (number, index) not in placed and not text.rstrip().endswith(":"):
                defect("unlisted-statement", f"heading/{number}",
                       f"{text[:80]!r} under {heading.title!r} is none of the version's KSBs")
    return parents


class _EntryIndex:
    """The headings' list entries, looked up by section and text: as written first (the
    usual case, fast), then by their normalised words (built on the first miss)."""

    def __init__(self, headings: list[Heading]) -> None:
        self.headings = headings
        self.raw = {}
        for number, heading in enumerate(headings, start=1):
            for position, (parent, text) in enumerate(heading.entries):
                self.raw.setdefault((heading.section, text), (number, position, parent))
        self.normalised: dict[tuple[str, str], tuple[int, int, str]] | None = None

    def get(self, section: str, text: str) -> tuple[int, int, str] | None:
        found = self.raw.get((section, text.strip()))
        if found is not None:
            return found
        if self.normalised is None:
            self.normalised = {}
            for (sect, entry), place in self.raw.items():
                self.normalised.setdefault((sect, normalise(entry)), place)
        return self.normalised.get((section, normalise(text)))


def _place(ksb: Ksb, entries: _EntryIndex) -> tuple[int, int, bool] | None:
    """Where ``ksb`` stands in the headings: (heading number, entry index, lead-in agrees).

    An entry matches when its words are the KSB's, or the KSB's after a lead-in ending ``:``;
    the lead-in agrees when the entry stands in the nested list of that lead-in.
    """
    found = entries.get(ksb.ksb_type, ksb.detail)
    if found is not None:
        return found[0], found[1], True
    lead_in, _, rest = ksb.detail.partition(":")
    found = entries.get(ksb.ksb_type, rest) if rest else None
    if found is not None:
        return found[0], found[1], normalise(found[2]) == normalise(lead_in)
    return None


def split_words(text: str) -> list[str]:
    """The words of ``text`` for comparing wordings: case, quotes and punctuation ignored.

    >>> split_words("Know the ‘brand promise' means.")
    ['know', 'the', 'brand', 'promise', 'means']
    """
    return re.findall(r"[a-z0-9]+", normalise(text))


# --- one version, from a file or from the tidy tables -----------------------------------------

def from_tables(tables: dict[str, pd.DataFrame], key: str) -> StandardVersion:
    """The imported version ``key`` (``ST0072@1.1``) as the tidy tables hold it."""
    frameworks = tables["frameworks"]
    row = frameworks[(frameworks["framework"] == key) & (frameworks["kind"] == "StandardVersion")]
    if row.empty:
        imported = frameworks.loc[frameworks["kind"] == "StandardVersion", "framework"]
        shown = ", ".join(sorted(imported)[:10]) + (" ..." if len(imported) > 10 else "")
        raise InputError(f"{key}: no such file or imported standard version "
                         f"(imported: {shown or 'none'})")
    props = tables["properties"]
    mine = props[props["framework"] == key]
    top = mine[mine["item_id"] == ""]
    types = dict(zip(mine.loc[mine["property"] == "ksb_type", "item_id"],
                     mine.loc[mine["property"] == "ksb_type", "value"], strict=True))
    items = tables["items"]
    ksbs = [Ksb(r["item_id"].removeprefix("ksb/"), types.get(r["item_id"], ""), r["notation"],
                r["label"])
            for r in items[(items["framework"] == key) & (items["kind"] == "KSB")]
            .to_dict("records")]
    first = row.iloc[0]
    metadata = {p: v for p, v in zip(top["property"], top["value"], strict=True)
                if p != "job_title"}
    return StandardVersion(first["source_file"], first["reference"], key.split("@", 1)[1],
                           first["title"], metadata,
                           list(top.loc[top["property"] == "job_title", "value"]), ksbs, "")


def read_version(spec: str, tables: dict[str, pd.DataFrame]) -> StandardVersion:
    """One standard version named by ``spec``: a standards API file holding one version,
    ``FILE@VERSION`` for one version of a file, or an imported version ``REF@VERSION``."""
    path = Path(spec)
    if path.is_file():
        versions = read_standards(path)
        if len(versions) > 1:
            raise InputError(f"{path}: holds versions "
                             f"{', '.join(v.version for v in versions)}; name one as "
                             f"{path}@{versions[-1].version}")
        return versions[0]
    head, at, version = spec.rpartition("@")
    if at and Path(head).is_file():
        found = [v for v in read_standards(Path(head)) if v.version == version]
        if not found:
            raise InputError(f"{head}: holds no version {version!r}")
        return found[0]
    return from_tables(tables, spec)
