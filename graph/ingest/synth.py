"""A synthetic national catalogue: standards and qualifications mapped to them, as tidy tables.

``crosswalk synth`` writes the same six tables as ``data/`` (not RDF), so the whole pipeline
(read, build, check, cache, analyse) runs on them. Everything is drawn from one seeded
generator, so a seed gives the same tables byte for byte. The shapes follow the bundled
sources, scaled so that 700 standards and 3,000 qualifications make about a million triples:

* a standard has 3 + Poisson(5) modules (K, then S, then B modules), a module 1 + Poisson(0.3)
  statements, a statement 1 + Poisson(0.6) criteria coded ``K3.2``; 15 % of criteria are
  distinction criteria;
* a qualification belongs to one awarding body (a few bodies award most qualifications) and
  maps to one standard (popular standards have more qualifications, Zipf-like); it has
  2 + Poisson(2) units (one in five optional) with guided learning hours, and 1 + Poisson(2.2)
  ACs per unit; three in ten qualifications group ACs under learning outcomes;
* mapping grains are mixed as in the real sources: 45 % of qualifications map ACs to criteria
  (as Highfield), 35 % to statements (as NCFE), 20 % to modules (as City & Guilds); half of
  the ACs map, one in seven of them to a second item; a statement-grain qualification states
  "No mapping" for 5 % of the statements nothing of it covers;
* an AC label takes one word of what it covers and three of the whole word list, so units
  that cover the same part of a standard read somewhat alike; one criterion in ten has a
  restated wording, one qualification in fifty a source defect.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from graph.model.tables import MANUAL_CURATION, TABLES, table
from graph.model.tables_io import write_tables

SOURCE_FILE = "synthetic-catalogue.txt"
BODIES = ("Northbridge Awards", "Skillmark", "Apex Qualifications", "Crown Vocational",
          "Meridian Assessment", "Harbour Learning", "Keystone Awards", "Summit Training",
          "Lantern Education", "Oakfield Certification", "Pioneer Skills", "Riverside Awards")
GRAINS = (("criterion", 0.45), ("statement", 0.35), ("module", 0.20))
KSB = (("K", "Knowledge"), ("S", "Skill"), ("B", "Behaviour"))
VERBS = ("Explain", "Describe", "Identify", "Demonstrate", "Apply", "Evaluate", "Outline",
         "Use", "Maintain", "Review", "Plan", "Communicate")
WORD_TEXT = """customer service quality safety health risk data record report team
  colleague supplier product process system equipment tool material stock order delivery
  complaint feedback policy procedure legislation regulation standard audit budget cost
  finance invoice payment contract project schedule resource training development
  performance target objective plan strategy market sale brand digital software network
  security privacy information document communication meeting presentation negotiation
  conflict diversity equality inclusion wellbeing environment sustainability waste energy
  maintenance inspection repair installation design drawing measurement calibration test
  sample analysis laboratory patient care medication hygiene infection nutrition learner
  assessment evidence portfolio appraisal coaching mentoring leadership management change
  innovation improvement efficiency productivity logistics warehouse transport vehicle
  route fleet construction site structure foundation roof plumbing electrical circuit
  wiring lighting heating ventilation engineering mechanical component assembly welding
  fabrication machining hospitality food beverage kitchen menu guest event retail
  merchandise display till stocktake animal livestock crop soil horticulture forestry
  water boundary"""
WORDS = tuple(dict.fromkeys(WORD_TEXT.split()))
MAP_SHARE = 0.5  # ACs that map
SECOND_TARGET = 1 / 7  # mapped ACs that map to a second item
NO_MAPPING_SHARE = 0.05
DISTINCTION_SHARE = 0.15
OPTIONAL_SHARE = 0.2
LO_SHARE = 0.3
WORDING_SHARE = 0.1
DEFECT_SHARE = 0.02
POPULARITY = 0.5  # Zipf exponent of how many qualifications map to each standard


class Catalogue:
    """The rows of every table, appended as the generator walks standards and qualifications."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.line = 0

    def add(self, name: str, **row: object) -> None:
        """One row of table ``name``, on the next line of the synthetic source."""
        self.line += 1
        self.rows[name].append({**row, "source_file": SOURCE_FILE, "source_line": self.line})

    def words(self, pool: tuple[str, ...] | list[str], count: int) -> list[str]:
        return [pool[i] for i in self.rng.choice(len(pool), size=count, replace=False)]

    def phrase(self, pool: tuple[str, ...] | list[str], count: int) -> str:
        return " ".join([str(self.rng.choice(VERBS)).lower(), *self.words(pool, count)])


def synth_tables(standards: int, qualifications: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The tidy tables of a catalogue of ``standards`` standards and ``qualifications``
    qualifications (module docstring), the same for the same ``seed``.

    >>> tables = synth_tables(2, 3, seed=1)
    >>> sorted(tables["frameworks"]["kind"].value_counts().items())
    [('ApprenticeshipStandard', 2), ('Qualification', 3)]
    >>> synth_tables(2, 3, seed=1)["mappings"].equals(tables["mappings"])
    True
    """
    catalogue = Catalogue(seed)
    built = [_standard(catalogue, number) for number in range(1, standards + 1)]
    popularity = 1 / np.arange(1, standards + 1) ** POPULARITY
    bodies = 1 / np.arange(1, len(BODIES) + 1) ** 1.1
    for number in range(1, qualifications + 1):
        standard = built[catalogue.rng.choice(standards, p=popularity / popularity.sum())]
        body = BODIES[catalogue.rng.choice(len(BODIES), p=bodies / bodies.sum())]
        _qualification(catalogue, number, standard, body)
    return {name: table(name, rows) for name, rows in catalogue.rows.items()}


def _standard(catalogue: Catalogue, number: int) -> dict:
    """Add one standard's rows; return its items by level with their labels."""
    rng, key = catalogue.rng, f"st{number:04d}"
    topic = catalogue.words(WORDS, 30)
    catalogue.add("frameworks", framework=key, kind="ApprenticeshipStandard",
                  title=f"{' '.join(topic[:2]).title()} practitioner (synthetic {number})",
                  reference=f"ST{number:04d}")
    levels: dict[str, list[tuple[str, str]]] = {"module": [], "statement": [], "criterion": []}
    modules = 3 + rng.poisson(5)
    for m in range(1, modules + 1):
        letter, ksb = KSB[min(3 * (m - 1) // modules, 2)]
        module, label = f"module/{m}", catalogue.phrase(topic, 2)
        catalogue.add("items", framework=key, item_id=module, kind="Module", notation=str(m),
                      label=label)
        catalogue.add("properties", framework=key, item_id=module, property="ksb_type",
                      value=ksb)
        levels["module"].append((module, label))
        criterion = 0
        for s in range(1, 2 + rng.poisson(0.3)):
            statement, label = f"statement/{m}.{s}", catalogue.phrase(topic, 3)
            catalogue.add("items", framework=key, item_id=statement, kind="StandardStatement",
                          notation=f"{m}.{s}", label=label, parent_framework=key,
                          parent_id=module)
            levels["statement"].append((statement, label))
            for _ in range(1 + rng.poisson(0.6)):
                criterion += 1
                code = f"{letter}{m}.{criterion}"
                item, label = f"criterion/{code}", catalogue.phrase(topic, 4)
                catalogue.add("items", framework=key, item_id=item, kind="Criterion",
                              notation=code, label=label, parent_framework=key,
                              parent_id=statement)
                catalogue.add("properties", framework=key, item_id=item, property="ksb_type",
                              value=ksb)
                catalogue.add("properties", framework=key, item_id=item, property="distinction",
                              value=str(rng.random() < DISTINCTION_SHARE).lower())
                if rng.random() < WORDING_SHARE:
                    catalogue.add("texts", framework=key, item_id=item, role="restated",
                                  text=f"{label} {catalogue.phrase(topic, 1)}",
                                  truncated="false")
                levels["criterion"].append((item, label))
    return {"key": key, "topic": topic, **levels}


def _qualification(catalogue: Catalogue, number: int, standard: dict, body: str) -> None:
    """Add one qualification's rows: units, LOs, ACs, mappings, "No mapping" rows."""
    rng, key = catalogue.rng, f"q{number:05d}"
    grain = GRAINS[rng.choice(len(GRAINS), p=[share for _, share in GRAINS])][0]
    catalogue.add("frameworks", framework=key, kind="Qualification", publisher=body,
                  title=f"Level {rng.integers(2, 6)} Diploma in {standard['topic'][0].title()} "
                        f"(synthetic {number})",
                  reference=f"{rng.integers(600, 611)}/{rng.integers(1000, 9999)}/"
                            f"{rng.integers(0, 9)}")
    targets = standard[grain]
    covered: set[str] = set()
    with_outcomes = rng.random() < LO_SHARE
    for u in range(1, 3 + rng.poisson(2)):
        unit = f"unit/{u}"
        catalogue.add("items", framework=key, item_id=unit, kind="Unit", notation=str(u),
                      label=f"Unit {u}: {catalogue.phrase(standard['topic'], 2)}")
        catalogue.add("properties", framework=key, item_id=unit, property="glh",
                      value=str(int(rng.integers(10, 121))))
        catalogue.add("properties", framework=key, item_id=unit, property="mandatory",
                      value=str(rng.random() >= OPTIONAL_SHARE).lower())
        for parent, ac_id, notation in _acs(catalogue, key, unit, with_outcomes):
            target, label = targets[rng.integers(len(targets))]
            words = [*catalogue.words(label.split()[1:], 1), *catalogue.words(WORDS, 3)]
            catalogue.add("items", framework=key, item_id=ac_id, kind="AssessmentCriterion",
                          notation=notation, label=catalogue.phrase(words, len(words)),
                          parent_framework=key, parent_id=parent)
            if rng.random() >= MAP_SHARE:
                continue
            chosen = [target]
            if rng.random() < SECOND_TARGET:
                chosen.append(targets[rng.integers(len(targets))][0])
            for item in dict.fromkeys(chosen):
                covered.add(item)
                catalogue.add("mappings", subject_framework=key, subject_id=ac_id,
                              predicate="covers", object_framework=standard["key"],
                              object_id=item, justification=MANUAL_CURATION,
                              raw_text=f"Unit {u} AC {notation}")
    if grain == "statement":
        for item, _ in targets:
            if item not in covered and rng.random() < NO_MAPPING_SHARE:
                catalogue.add("mappings", subject_framework=key, predicate="no-mapping",
                              object_framework=standard["key"], object_id=item,
                              justification=MANUAL_CURATION, raw_text="No mapping")
    if rng.random() < DEFECT_SHARE:
        catalogue.add("defects", kind="synthetic-defect", item=f"{key}:unit/1",
                      message="a generated defect, for the audit to find")


def _acs(catalogue: Catalogue, key: str, unit: str,
         with_outcomes: bool) -> Iterator[tuple[str, str, str]]:
    """(parent, AC item id, notation) of one unit's ACs, under LOs when ``with_outcomes``."""
    rng = catalogue.rng
    count = 1 + rng.poisson(2.2)
    if not with_outcomes:
        yield from ((unit, f"{unit}/ac/1.{a}", f"1.{a}") for a in range(1, count + 1))
        return
    outcomes = min(count, 1 + rng.poisson(1))
    for lo in range(1, outcomes + 1):
        outcome = f"{unit}/lo/{lo}"
        catalogue.add("items", framework=key, item_id=outcome, kind="LearningOutcome",
                      notation=f"LO{lo}", label=f"LO{lo}", parent_framework=key, parent_id=unit)
        share = count // outcomes + (lo <= count % outcomes)
        yield from ((outcome, f"{outcome}/ac/{lo}.{a}", f"{lo}.{a}")
                    for a in range(1, share + 1))


def synth(out: Path, standards: int, qualifications: int, seed: int = 0) -> dict[str, int]:
    """``crosswalk synth``: write the catalogue's tidy tables to ``out``; rows per table."""
    tables = synth_tables(standards, qualifications, seed)
    write_tables(tables, out)
    return {name: len(frame) for name, frame in tables.items()}


# --- a national list of official standards, in the standards API's JSON -------------------------

KSB_LISTS = (("knowledges", "knowledgeId", "Knowledge", 8, 10),
             ("skills", "skillId", "Skills", 6, 8),
             ("behaviours", "behaviourId", "Behaviours", 3, 4))  # key, id, section, base, extra
DUTY_SHARE = 0.7  # newer standards list duties
OPTION_SHARE = 0.2
ROUTES = ("Business and administration", "Construction and the built environment",
          "Digital", "Engineering and manufacturing", "Health and science",
          "Sales, marketing and procurement", "Care services", "Transport and logistics")


def synth_standard_records(versions: int, seed: int = 0) -> Iterator[dict]:
    """Standards API records of ``versions`` standard versions, the same for the same seed.

    Each standard has 1 + Poisson(0.6) versions; a later version rewords one KSB, drops one
    and adds one, keeping the others' ids. A version has 8 + Poisson(10) knowledges,
    6 + Poisson(8) skills and 3 + Poisson(4) behaviours, grouped under headings of one to
    four in ``standardInformation`` (HTML escaped once more, so ``&nbsp;`` arrives as
    ``&amp;nbsp;``, as the API sends it); seven in ten list duties (each mapping about one KSB
    in eight), one in five options.

    >>> records = list(synth_standard_records(3, seed=1))
    >>> [(r["referenceNumber"], r["version"]) for r in records]
    [('ST5001', '1.0'), ('ST5001', '1.1'), ('ST5002', '1.0')]
    >>> records[0]["knowledges"][0]["knowledgeId"] != records[2]["knowledges"][0]["knowledgeId"]
    True
    """
    rng = np.random.default_rng(seed)
    written, number = 0, 0
    while written < versions:
        number += 1
        topic = [WORDS[i] for i in rng.choice(len(WORDS), size=40, replace=False)]
        ksbs = {key: [[_guid(rng), _sentence(rng, topic, 22)]
                      for _ in range(base + rng.poisson(extra))]
                for key, _, _, base, extra in KSB_LISTS}
        for v in range(min(1 + rng.poisson(0.6), versions - written)):
            if v:
                _revise(rng, topic, ksbs)
            yield _record(rng, number, v, topic, ksbs)
            written += 1


def _guid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


def _sentence(rng: np.random.Generator, topic: list[str], words: int) -> str:
    chosen = [topic[i] for i in rng.integers(0, len(topic), size=words + rng.integers(0, 12))]
    return " ".join([str(rng.choice(VERBS)), *chosen]) + "."


def _revise(rng: np.random.Generator, topic: list[str], ksbs: dict[str, list]) -> None:
    """One version on: reword one KSB, drop one, add one (the rest keep their ids)."""
    keys = list(ksbs)
    reword = ksbs[keys[rng.integers(len(keys))]]
    reword[rng.integers(len(reword))][1] = _sentence(rng, topic, 22)
    drop = ksbs[keys[rng.integers(len(keys))]]
    if len(drop) > 1:
        drop.pop(int(rng.integers(len(drop))))
    ksbs[keys[rng.integers(len(keys))]].append([_guid(rng), _sentence(rng, topic, 22)])


def _record(rng: np.random.Generator, number: int, v: int, topic: list[str],
            ksbs: dict[str, list]) -> dict:
    """One standards API record (the fields of the real ST0072 record)."""
    # references from ST5001 on, clear of the real ones (ST0072 is bundled)
    reference, version = f"ST{5000 + number:04d}", f"1.{v}"
    title = f"{' '.join(topic[:2]).capitalize()} practitioner (synthetic {number})"
    sections, lists = [], {}
    for key, id_key, section, _, _ in KSB_LISTS:
        entries = [{id_key: guid, "detail": text} for guid, text in ksbs[key]]
        lists[key] = entries
        html_parts, index = [f"<h3><strong>{section}</strong></h3>"], 0
        while index < len(entries):
            size = int(rng.integers(1, 5))
            html_parts.append(f"<p><strong>{'&nbsp;'.join(topic[index % 30:index % 30 + 3])}"
                              f"</strong></p>\n<ul>\n" + "".join(
                                  f"<li>{e['detail']}</li>\n" for e in entries[index:index + size])
                              + "</ul>")
            index += size
        sections.append("\n".join(html_parts))
    overview = f"<p>{_sentence(rng, topic, 300)}</p>"
    information = "\n".join([f"<h3><strong>Overview</strong></h3>\n{overview}", *sections])
    guids = {key: [guid for guid, _ in ksbs[key]] for key in ksbs}
    options = ([{"optionId": _guid(rng), "title": f"{topic[i].capitalize()} option"}
                for i in range(2 + rng.poisson(0.5))] if rng.random() < OPTION_SHARE else [])
    duties = []
    if rng.random() < DUTY_SHARE:
        for _ in range(6 + rng.poisson(6)):
            mapped = {key: [g for g in guids[key] if rng.random() < 0.12] for key in guids}
            duties.append({"dutyID": _guid(rng), "dutyDetail": _sentence(rng, topic, 14),
                           "isThisACoreDuty": 1, "mappedBehaviour": mapped["behaviours"],
                           "mappedKnowledge": mapped["knowledges"],
                           "mappedOptions": [o["optionId"] for o in options][:1],
                           "mappedSkills": mapped["skills"],
                           "criteriaForMeasuringPerformance": _sentence(rng, topic, 30)})
    latest = v == 0 or rng.random() < 0.5
    return {
        "templateType": "Apprenticeship Standard", "larsCode": 5000 + number,
        "referenceNumber": reference, "title": title,
        "status": "Approved for delivery" if latest else "Retired",
        "url": f"https://skillsengland.education.gov.uk/api/apprenticeshipstandards/{reference}",
        "versionNumber": version, "change": "Synthetic revision" if v else "",
        "changedDate": f"20{18 + v:02d}-0{1 + v % 9}-15T00:00:00",
        "earliestStartDate": f"20{17 + v:02d}-03-01T00:00:00", "latestStartDate": None,
        "overviewOfRole": _sentence(rng, topic, 25), "level": int(rng.integers(2, 8)),
        "typicalDuration": int(rng.integers(12, 49)),
        "maxFunding": int(rng.choice([3000, 5000, 8000, 12000, 15000, 21000])),
        "route": str(rng.choice(ROUTES)),
        "keywords": topic[:5], "jobRoles": [f"{w} practitioner" for w in topic[5:9]],
        "assessmentPlanUrl": f"https://skillsengland.education.gov.uk/media/{number}/"
                             f"{reference.lower()}_v1_{v}.pdf",
        "version": version, "standardInformation": html.escape(information),
        "occupationalSummary": html.escape(overview),
        **lists, "typicalJobTitles": [f"{w} practitioner" for w in topic[5:9]],
        "occupationCode": f"OCC{5000 + number:04d}",
        "standardPageUrl": f"https://skillsengland.education.gov.uk/apprenticeships/"
                           f"{reference.lower()}-v1-{v}",
        "duties": duties, "options": options,
    }


def synth_standards(out: Path, versions: int, seed: int = 0) -> dict[str, int]:
    """``crosswalk synth --standards-json``: write the national list as one JSON file (the
    standards API's list of records), record by record; returns versions, KSBs and bytes."""
    counts = {"versions": 0, "ksbs": 0}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for record in synth_standard_records(versions, seed):
            handle.write(("," if counts["versions"] else "") + json.dumps(record))
            counts["versions"] += 1
            counts["ksbs"] += sum(len(record[key]) for key, *_ in KSB_LISTS)
        handle.write("]")
    return {**counts, "bytes": out.stat().st_size}
