"""Reconcile the mapping documents' standard with its official Skills England record.

The documents describe ST0072 by modules, statements and criteria (K1.1 ...); the official
record (:mod:`graph.ingest.skills_england`) by headings and KSBs (K1 ... B10). This module
links the two and audits the documents' wordings against the official one:

* **Heading ↔ module**: the official headings and the documents' modules stand in the same
  order; heading ``n`` is module ``n`` (``exact-match`` when the words are the same, else
  ``close-match`` with the score).
* **KSB ↔ statement**: each KSB is compared with the statements of its module. The statement
  with the highest similarity (:func:`wording_score`, a KSB's lead-in such as "Depending on
  your job role and work environment:" may be left out) is an ``exact-match`` when the words
  are the same, a ``close-match`` from ``MATCH_CUTOFF``. Failing that, a statement that holds
  the KSB's words as a part (``PART_CUTOFF``) is a ``close-match``: the documents merged it with
  another KSB (statement 9.1 holds S2 and S3). Every link has its score and its reason.
* **Criterion → KSB** (``elaborates``): each criterion is placed under one KSB of its module's
  heading. In order: (a) the only KSB of the heading; (b) a criterion that opens with a label
  (a few words before a quote mark or a dash, ``Non- facing'.``) naming words that only one
  KSB of the heading has; (c) a criterion following such a labelled one, in the document's
  row order, stays in its group until the next label; (d) the KSB its statement is linked to
  when that is only one; (e) the KSB most similar to the criterion's text.
* **Wordings**: every statement-level and module-level wording a document gives (the texts
  rows) is compared, word by word (case, quotes and punctuation ignored), with the official
  wording of the KSB or heading it matches. A difference is an audit row
  (``differs-from-official``) that gives both wordings and says which documents' wording the
  official record confirms. A wording holding several KSBs is reported once as
  ``merged-official-ksbs``.

The official record decides: no document wording changes a KSB, and the documents' own items
keep their labels (the audit says which are wrong).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz

from graph.ingest.skills_england import STANDARD_FILE, split_words
from graph.ingest.sources import SOURCES
from graph.ingest.text import normalise
from graph.model.tables import table

MATCH_CUTOFF = 85.0  # whole-text similarity for a KSB and a statement to be the same
PART_CUTOFF = 90.0  # partial similarity for a statement to hold a KSB as a part
STATEMENT_ROLES = ("ncfe-statement", "manual-statement", "highfield-statement-cell",
                   "cityguilds-appendix-statements")
MODULE_ROLE = re.compile(r"-module$")
LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z\- ]{2,30}?)\s*(?:'|’|–|—| - )")
LEXICAL = "semapv:LexicalMatching"
CHAINED = "semapv:MappingChaining"


@dataclass(frozen=True)
class OfficialKsb:
    """An official KSB: its version, item id, code, wording and heading number."""

    framework: str
    item_id: str
    code: str
    text: str
    heading: int


def lead_in(text: str) -> tuple[str, str]:
    """Split a KSB's wording into its lead-in (ending ``:``) and the statement proper.

    >>> lead_in("Depending on your job role: Use tact.")
    ('Depending on your job role:', 'Use tact.')
    >>> lead_in("Use tact.")
    ('', 'Use tact.')
    """
    head, sep, rest = text.partition(":")
    if sep and rest.strip() and len(head.split()) <= 10:
        return head + ":", rest.strip()
    return "", text


def wording_score(official: str, wording: str) -> float:
    """Similarity in [0, 100] of an official wording and a document's, with or without the
    official lead-in (the documents often state the lead-in once for several statements).

    >>> wording_score("Lead: Know the law.", "Know the law")
    100.0
    """
    _, proper = lead_in(official)
    return max(fuzz.ratio(normalise(official), normalise(wording)),
               fuzz.ratio(normalise(proper), normalise(wording)))


def part_score(official: str, wording: str) -> float:
    """How fully ``wording`` holds the official statement as a part of a longer text."""
    _, proper = lead_in(official)
    a, b = normalise(proper), normalise(wording)
    if len(b) < len(a) * 1.3:
        return 0.0
    return fuzz.partial_ratio(a, b)


def same_words(official: str, wording: str) -> bool:
    """True when the wording has the official words (the lead-in may be left out).

    >>> same_words("Know the ‘brand promise' means", "Know the 'brand promise' means.")
    True
    """
    words = split_words(wording)
    return words == split_words(official) or words == split_words(lead_in(official)[1])


def official_version(frameworks: pd.DataFrame, items: pd.DataFrame) -> str | None:
    """The bundled official version the documents are reconciled with: the latest version
    in the bundled standards record that lists KSBs."""
    bundled = frameworks[(frameworks["kind"] == "StandardVersion")
                         & (frameworks["source_file"] == STANDARD_FILE.file_name)]
    with_ksbs = set(items.loc[items["kind"] == "KSB", "framework"])
    keys = [k for k in bundled["framework"] if k in with_ksbs]
    return max(keys, key=lambda k: [int(p) for p in re.findall(r"\d+", k.split("@")[1])],
               default=None)


def reconcile(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Links and audit rows between the documents' standard and its official version.

    Returns ``mappings`` (heading/KSB matches, criteria's ``elaborates``) and ``defects``.
    """
    items = tables["items"]
    key = official_version(tables["frameworks"], items)
    if key is None:
        return {"mappings": table("mappings"), "defects": table("defects")}
    official = items[items["framework"] == key]
    headings = {int(r["notation"]): r for r in official[official["kind"] == "Heading"]
                .to_dict("records")}
    ksbs = [OfficialKsb(key, r["item_id"], r["notation"], r["label"],
                        int(r["parent_id"].split("/")[1]) if r["parent_id"] else 0)
            for r in official[official["kind"] == "KSB"].to_dict("records")]
    std = items[items["framework"] == "standard"]
    at = {"source_file": STANDARD_FILE.file_name, "source_line": 1}
    maps: list[dict] = []
    defects: list[dict] = []

    for row in std[std["kind"] == "Module"].to_dict("records"):
        heading = headings.get(int(row["notation"]))
        if heading is None:
            continue
        score = wording_score(heading["label"], row["label"])
        exact = same_words(heading["label"], row["label"])
        maps.append(_link(key, heading["item_id"], "exact-match" if exact else "close-match",
                          row["item_id"], score, f"heading {heading['notation']} is module "
                          f"{row['notation']} (same place)" + ("" if exact else
                                                               "; the names differ"), at))

    statements = std[std["kind"] == "StandardStatement"].to_dict("records")
    links = _statement_links(ksbs, statements, key, maps, defects, at)
    _place_criteria(ksbs, std, links, key, maps, at)
    _audit_wordings(ksbs, headings, tables["texts"], key, defects)
    return {"mappings": table("mappings", maps), "defects": table("defects", defects)}


def _module_of(item_id: str) -> int:
    """The module number of a statement or criterion id (``statement/9.1``, ``criterion/S9.4``)."""
    return int(re.search(r"(\d+)", item_id.split("/", 1)[1]).group(1))


def _link(framework: str, subject: str, predicate: str, obj: str, score: float, reason: str,
          at: dict, subject_framework: str | None = None,
          object_framework: str = "standard", justification: str = LEXICAL) -> dict:
    return {"subject_framework": subject_framework or framework, "subject_id": subject,
            "predicate": predicate, "object_framework": object_framework, "object_id": obj,
            "justification": justification, "score": f"{score:.1f}" if score else "",
            "raw_text": "", "note": reason, **at}


def _statement_links(ksbs: list[OfficialKsb], statements: list[dict], key: str,
                     maps: list[dict], defects: list[dict], at: dict) -> dict[str, list[str]]:
    """Link each KSB to its statement(s); returns statement id -> KSB item ids."""
    by_statement: dict[str, list[str]] = defaultdict(list)
    for ksb in ksbs:
        local = [s for s in statements if _module_of(s["item_id"]) == ksb.heading]
        scored = sorted(((wording_score(ksb.text, s["label"]), s) for s in local),
                        key=lambda p: -p[0])
        if scored and scored[0][0] >= MATCH_CUTOFF:
            score, statement = scored[0]
            exact = same_words(ksb.text, statement["label"])
            reason = (f"{ksb.code} and statement {statement['notation']} have the same words"
                      if exact else f"{ksb.code} and statement {statement['notation']} are the "
                      f"same statement; the wordings differ (similarity {score:.0f})")
            maps.append(_link(key, ksb.item_id, "exact-match" if exact else "close-match",
                              statement["item_id"], score, reason, at))
            by_statement[statement["item_id"]].append(ksb.item_id)
            continue
        parts = sorted(((part_score(ksb.text, s["label"]), s) for s in local),
                       key=lambda p: -p[0])
        if parts and parts[0][0] >= PART_CUTOFF:
            score, statement = parts[0]
            maps.append(_link(key, ksb.item_id, "close-match", statement["item_id"], score,
                              f"statement {statement['notation']} holds {ksb.code} as a part "
                              f"(similarity {score:.0f}) together with another KSB", at))
            by_statement[statement["item_id"]].append(ksb.item_id)
            continue
        defects.append({"kind": "official-ksb-not-in-documents",
                        "item": f"{key}:{ksb.item_id}",
                        "message": f"{ksb.code} ({ksb.text[:70]!r}) matches no statement of "
                                   f"module {ksb.heading} in the documents", **at})
    codes = {k.item_id: k.code for k in ksbs}
    for statement in statements:
        held = by_statement.get(statement["item_id"], [])
        if len(held) > 1:
            defects.append({"kind": "merged-official-ksbs",
                            "item": f"standard:{statement['item_id']}",
                            "message": f"statement {statement['notation']} merges the official "
                                       f"{' and '.join(codes[k] for k in held)}, which "
                                       f"{key} states separately",
                            "source_file": statement["source_file"],
                            "source_line": statement["source_line"]})
        elif not held:
            defects.append({"kind": "statement-not-official",
                            "item": f"standard:{statement['item_id']}",
                            "message": f"statement {statement['notation']} "
                                       f"({statement['label'][:70]!r}) matches no KSB of {key}",
                            "source_file": statement["source_file"],
                            "source_line": statement["source_line"]})
    return by_statement


def _place_criteria(ksbs: list[OfficialKsb], std: pd.DataFrame, links: dict[str, list[str]],
                    key: str, maps: list[dict], at: dict) -> None:
    """One ``elaborates`` row per criterion (rules (a)-(e) of the module docstring)."""
    criteria = std[std["kind"] == "Criterion"].copy()
    criteria["_module"] = criteria["item_id"].map(_module_of)
    criteria = criteria.sort_values(["_module", "source_file", "source_line"], kind="stable")
    by_id = {k.item_id: k for k in ksbs}
    for module, group in criteria.groupby("_module", sort=True):
        candidates = [k for k in ksbs if k.heading == module]
        if not candidates:
            continue
        current: OfficialKsb | None = None
        for row in group.to_dict("records"):
            chosen, reason, score = None, "", 0.0
            labelled = _labelled(row["label"], candidates)
            if len(candidates) == 1:
                chosen = candidates[0]
                reason = f"{chosen.code} is the only KSB under heading {module}"
            elif labelled is not None:
                chosen, current = labelled, labelled
                reason = f"{row['notation']} opens with a label naming {chosen.code}"
            elif current is not None:
                chosen = current
                reason = (f"{row['notation']} follows the criteria labelled for "
                          f"{chosen.code} in the document's rows")
            else:
                linked = links.get(row["parent_id"], [])
                if len(linked) == 1:
                    chosen = by_id[linked[0]]
                    reason = (f"{row['notation']}'s statement "
                              f"{row['parent_id'].split('/')[1]} is {chosen.code}")
                else:
                    scored = max((fuzz.token_set_ratio(normalise(row["label"]),
                                                       normalise(k.text)), k.code, k)
                                 for k in (candidates if not linked else
                                           [by_id[i] for i in linked]))
                    score, _, chosen = scored
                    reason = (f"{row['notation']} is most like {chosen.code} "
                              f"(similarity {score:.0f})")
            maps.append(_link(key, row["item_id"], "elaborates", chosen.item_id, score, reason,
                              at, subject_framework="standard", object_framework=key,
                              justification=CHAINED if "statement" in reason else LEXICAL))


def _labelled(text: str, candidates: list[OfficialKsb]) -> OfficialKsb | None:
    """The one candidate KSB whose words hold the label a criterion opens with, if any.

    >>> ks = [OfficialKsb("v", "ksb/1", "S2", "Talk during face-to-face contact", 9),
    ...       OfficialKsb("v", "ksb/2", "S3", "Talk during non-facing contact", 9)]
    >>> _labelled("Non- facing'. Demonstrate ability", ks).code
    'S3'
    >>> _labelled("Adapt tone", ks) is None
    True
    """
    match = LABEL.match(text)
    if match is None:
        return None
    label = re.sub(r"[^a-z]", "", match.group(1).lower())
    found = [k for k in candidates if label and label in re.sub(r"[^a-z]", "", k.text.lower())]
    # "face to face" is inside no other label, but "facing" would be in both: only one counts.
    return found[0] if len(found) == 1 else None


def _document(file_name: str) -> str:
    """A document's name for a message: publisher and file."""
    for doc in SOURCES.values():
        if doc.file_name == file_name:
            return f"{doc.publisher} ({doc.file_name})"
    return file_name


def _audit_wordings(ksbs: list[OfficialKsb], headings: dict[int, dict], texts: pd.DataFrame,
                    key: str, defects: list[dict]) -> None:
    """Audit rows for every document wording that differs from the official one."""
    std = texts[texts["framework"] == "standard"]
    statements = std[std["role"].isin(STATEMENT_ROLES)].drop_duplicates(
        ["source_file", "source_line", "text"])
    findings: list[tuple[str, str, str, dict]] = []  # (official code, official text, item, row)
    for row in statements.to_dict("records"):
        module = _module_of(row["item_id"])
        local = [k for k in ksbs if k.heading == module]
        if not local or len(split_words(row["text"])) < 3:
            continue
        whole = max((wording_score(k.text, row["text"]), k.code, k) for k in local)
        held = [k for k in local if part_score(k.text, row["text"]) >= PART_CUTOFF]
        if row["role"] == "cityguilds-appendix-statements":
            held = local  # the handbook's appendix gives a module's statements in one cell
        elif whole[0] >= MATCH_CUTOFF:
            held = [whole[2]]
        if held:
            findings.append((" + ".join(k.code for k in held), _joined(held), row["item_id"],
                             row))
    modules = std[std["role"].str.contains(MODULE_ROLE)].drop_duplicates(
        ["source_file", "source_line", "text"])
    for row in modules.to_dict("records"):
        heading = headings.get(_module_of(row["item_id"]))
        if heading is not None:
            findings.append((f"heading {heading['notation']}", heading["label"],
                             row["item_id"], row))
    by_code: dict[str, list[tuple[str, str, dict]]] = defaultdict(list)
    for code, official, item, row in findings:
        by_code[code].append((official, item, row))
    for code, group in by_code.items():
        right = sorted({_document(r["source_file"]) for o, _, r in group
                        if same_words(o, r["text"])})
        verdict = (f"the official wording confirms {', '.join(right)}" if right else
                   "no document gives the official wording")
        for official, item, row in group:
            if same_words(official, row["text"]):
                continue
            defects.append({"kind": "differs-from-official", "item": f"standard:{item}",
                            "message": f"{code} reads {row['text']!r} in "
                                       f"{_document(row['source_file'])} but {official!r} in "
                                       f"the official record {key}, which decides: {verdict}",
                            "source_file": row["source_file"],
                            "source_line": row["source_line"]})


def _joined(ksbs: list[OfficialKsb]) -> str:
    """The KSBs of one heading as one text, each lead-in said once (as the headings list
    them)."""
    parts, said = [], set()
    for ksb in ksbs:
        head, proper = lead_in(ksb.text)
        if head and head not in said:
            said.add(head)
            parts.append(head)
        parts.append(proper if head else ksb.text)
    return " ".join(parts)
