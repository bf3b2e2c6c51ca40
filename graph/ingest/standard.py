"""Reconcile the apprenticeship standard from the wordings every document gives of it.

No single document states the whole standard cleanly, so the standard's items are built
from the ``texts`` rows the importers emit (framework ``standard``):

* **Modules** are numbered by the Highfield document, the only one that numbers them
  (``highfield-module``). The label is the wording most documents agree on (compared
  case- and punctuation-insensitively), Highfield's on a tie; it cites the first line that
  words it so.
* **Statements** are the NCFE document's statement rows (``ncfe-statement``), numbered
  ``module.position``: NCFE gives every statement of every module, one per row, in full.
  Other documents' statement wordings are compared with them by
  :mod:`graph.ingest.compare`, as are module names and criterion wordings.
* **Criteria** are Highfield's coded criteria (``highfield-criterion``), the only coded list.
  A criterion's statement is the statement its Highfield row names. Where that cell holds
  two statements (a merged cell), the one most similar to the criterion's text is chosen;
  where it matches no statement (``and/or``), the row above's statement is kept. Both are
  reported.
* **Restated criteria** (``manual-pass``, ``manual-distinction``, ``epa-*``) are matched to
  the criteria of the module they stand in, grade for grade (pass to pass, distinction to
  distinction), by text similarity once lead-ins such as "To achieve a Pass you must" are
  removed; failing that, to a criterion of another module (reported). A text matching no
  criterion is reported as a criterion one document lists and Highfield lacks, and a
  criterion that a document never restates is reported too.
* **Labels.** Where Highfield's criterion text is cut off and another document gives the
  same criterion in full, the full text is the label and the cut text stays as a truncated
  wording. No text is ever completed beyond what a document gives.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pandas as pd
from rapidfuzz import fuzz

from graph.ingest.defects import defect
from graph.ingest.sources import SOURCES
from graph.ingest.text import is_prefix_of, normalise, shared_words, similarity
from graph.model.tables import table

MODULE_ROLES = ("highfield-module", "ncfe-module", "manual-module", "cityguilds-appendix-module")
# Roles whose texts restate criteria, with the grade each carries.
# Every guidance list, pass list and checklist: the manual's pass and distinction columns,
# the toolkit's pass and distinction lists, its checklists (graded or not) and its guidance
# requirements. The grade is empty where the list has none.
CRITERION_ROLE = re.compile(
    r"^(manual|epa)(?:-checklist|-requirement)?(?:-(pass|distinction))?$")
LEAD_IN = re.compile(
    r"^(to achieve a (pass|distinction)[^,]*? (you|the apprentice|the testimony) must"
    r"( be able to)?( show how you achieved the following[^:]*:)?|the apprentice has)\s*",
    re.IGNORECASE,
)
MATCH_CUTOFF = 70.0  # token-set similarity below which two criterion texts are different
# A toolkit wording restates a criterion when its similarity to that criterion's coded
# wording, its best match, is at least RESTATES_CUTOFF (criterion_similarity, lead-ins
# removed). Measured by reading every toolkit wording scoring 66-80 against its best
# criterion: all wordings at 72.5 or above restate it (the lowest: 72.6, line 711 "The 'brand
# promise' of the organisation?" for K2.2); the highest that does not is 71.1 (line 392, a
# welcoming tone in non-face-to-face situations, best matched to S9.4). Below the cutoff a few
# wordings still restate their criterion (71.8, line 606, K4.2): the cutoff keeps precision.
RESTATES_CUTOFF = 72.5
STATEMENT_CUTOFF = 90.0  # partial similarity for a statement to be "in" a Highfield cell
HIGHFIELD = SOURCES["highfield"].file_name


def strip_lead_in(text: str) -> str:
    """Remove an assessment document's lead-in so the criterion itself can be compared.

    >>> strip_lead_in("To achieve a Pass you must demonstrate a willingness to work")
    'demonstrate a willingness to work'
    """
    return LEAD_IN.sub("", text.strip()).strip()


def reconcile(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Build the standard's framework, modules, statements and criteria from ``tables``.

    Returns the standard's own tables, plus ``texts`` re-targeted: every criterion wording is
    attached to the criterion it was matched to, every other wording left where it was.
    """
    texts = tables["texts"]
    std = texts[texts["framework"] == "standard"].copy()
    other = texts[texts["framework"] != "standard"]
    defects: list[dict] = []
    items: list[dict] = []

    props = tables["properties"]
    distinction = set(props[(props["framework"] == "standard")
                            & (props["property"] == "distinction")
                            & (props["value"] == "true")]["item_id"].str.split("/").str[1])

    module_rows = _modules(std, items, defects)
    statements = _statements(std, module_rows, items, defects)
    merged: dict[str, list[str]] = {}
    criteria = _criteria(std, statements, items, defects, merged)
    uncoded: dict[str, dict] = {}
    matched = _match_restated(pd.concat([other, std]), criteria, distinction, defects, uncoded)
    _place_by_manual_row(matched, merged, items, defects)
    properties = _uncoded_criteria(uncoded, statements, props, items)
    other = matched[matched["framework"] != "standard"]
    std = _labels(matched[matched["framework"] == "standard"], items, defects)

    known = {row["item_id"] for row in items}
    for index, row in std[~std["item_id"].isin(known)].iterrows():
        module = row["item_id"].split("/")[1].split(".")[0]
        defects.append(defect("unknown-standard-item", f"standard:{row['item_id']}",
                               f"{row['role']} text names {row['item_id']}, which the standard "
                               f"does not have; kept on module {module}",
                               row["source_file"], row["source_line"]))
        std.at[index, "item_id"] = f"module/{module}"

    framework = {"framework": "standard", "kind": "ApprenticeshipStandard",
                 "title": "Customer Service Practitioner Apprenticeship Standard (Level 2)",
                 "publisher": "", "reference": "", "source_file": HIGHFIELD, "source_line": 5}
    defects.append(defect("missing-reference", "standard:",
                           "no source document states the standard's reference number "
                           "or its publisher", HIGHFIELD, 5))
    return {
        "frameworks": table("frameworks", [framework]),
        "items": table("items", items),
        "texts": pd.concat([other, std], ignore_index=True),
        "properties": table("properties", properties),
        "defects": table("defects", defects),
    }


def _place_by_manual_row(texts: pd.DataFrame, merged: dict[str, list[str]],
                         items: list[dict], defects: list[dict]) -> None:
    """Place a criterion of a merged Highfield statement cell by the training manual's row.

    Where Highfield's cell holds several statements and the criterion's own wording does not
    clearly name one of them (it shares at least two more content words with one statement
    than with any other, :func:`graph.ingest.text.shared_words`), the training manual, which
    gives each statement its own row beside its pass and distinction criteria, decides: the
    criterion goes under the statement the manual states in the same row (same line) as its
    pass or distinction wording, if that statement is one of the cell's. Otherwise the
    placement by closest wording stands. Each decision is an audit row citing both lines.
    """
    statements = texts[texts["role"] == "manual-statement"]
    by_line = {(row["source_line"], row["item_id"]) for row in statements.to_dict("records")}
    restated = texts[texts["role"].isin(["manual-pass", "manual-distinction"])]
    by_id = {item["item_id"]: item for item in items}
    for code, inside in merged.items():
        shared = sorted((len(shared_words(by_id[s]["label"], by_id[f"criterion/{code}"]["label"]))
                         for s in inside), reverse=True)
        if shared[0] - shared[1] >= 2:
            continue
        rows = restated[restated["item_id"] == f"criterion/{code}"].to_dict("records")
        for row in rows:
            named = [s for s in inside if (row["source_line"], s) in by_line]
            if not named:
                continue
            item = by_id[f"criterion/{code}"]
            if item["parent_id"] != named[0]:
                defects.append(defect(
                    "merged-statement-cell", f"standard:criterion/{code}",
                    f"Highfield's statement cell for {code} (line {item['source_line']}) holds "
                    f"statements {', '.join(s.split('/')[1] for s in inside)}; the training "
                    f"manual states {code} in the row of statement {named[0].split('/')[1]}, "
                    f"so it is placed there, not under {item['parent_id'].split('/')[1]}",
                    row["source_file"], row["source_line"]))
                item["parent_id"] = named[0]
            break


def _uncoded_criteria(uncoded: dict[str, dict], statements: dict[int, list[dict]],
                      props: pd.DataFrame, items: list[dict]) -> list[dict]:
    """Criterion items for criteria a document states without a code, and their properties.

    The label is the document's wording (lead-in removed), citing its line; the notation is
    the module's KSB letter and number with "(uncoded)"; the statement is the module's
    statement that shares the most words with it (:func:`graph.ingest.text.shared_words`).
    Each carries ``distinction`` (the column it stands in), ``ksb_type`` (its module's) and
    ``absent_from`` = ``highfield``: Highfield's mapping, the only coded list, lacks it.
    """
    module_types = {row["item_id"]: row["value"] for row in props[
        (props["framework"] == "standard") & (props["property"] == "ksb_type")
        & props["item_id"].str.startswith("module/")].to_dict("records")}
    properties: list[dict] = []
    for key, row in uncoded.items():
        module = int(key.split("-")[0])
        text = strip_lead_in(row["text"])
        ksb = module_types.get(f"module/{module}", "")
        suffix = key.split("-", 2)[2] if key.count("-") == 2 else ""
        notation = f"{ksb[:1]}{module} (uncoded{' ' + suffix if suffix else ''})"
        candidates = statements.get(module, [])
        parent = (max(candidates, key=lambda s: (len(shared_words(s["text"], text)),
                                                 similarity(s["text"], text)))["item_id"]
                  if candidates else f"module/{module}")
        item_id = f"criterion/{key}"
        items.append({"framework": "standard", "item_id": item_id, "kind": "Criterion",
                      "notation": notation, "label": text[0].upper() + text[1:],
                      "parent_framework": "standard", "parent_id": parent,
                      "source_file": row["source_file"], "source_line": row["source_line"]})
        for name, value in (("distinction", str(row["_grade"] == "distinction").lower()),
                            ("ksb_type", ksb), ("absent_from", "highfield")):
            properties.append({"framework": "standard", "item_id": item_id, "property": name,
                               "value": value, "source_file": row["source_file"],
                               "source_line": row["source_line"]})
    return properties


def _modules(std: pd.DataFrame, items: list[dict], defects: list[dict]) -> dict[int, dict]:
    """Module items from the Highfield headings; the label is the majority wording."""
    rows = std[std["role"].isin(MODULE_ROLES)]
    headings = rows[rows["role"] == "highfield-module"]
    modules: dict[int, dict] = {}
    for row in headings.to_dict("records"):
        number = int(row["item_id"].split("/")[1])
        wordings = rows[rows["item_id"] == row["item_id"]]
        votes = Counter(normalise(t) for t in wordings["text"])
        best = max(votes.values())
        label, cited = row["text"], row
        if votes[normalise(label)] < best:
            cited = next(w for w in wordings.to_dict("records")
                         if votes[normalise(w["text"])] == best)
            label = cited["text"]
        modules[number] = row
        items.append({"framework": "standard", "item_id": f"module/{number}", "kind": "Module",
                      "notation": str(number), "label": label,
                      "source_file": cited["source_file"], "source_line": cited["source_line"]})
    return modules


def _statements(std: pd.DataFrame, modules: dict[int, dict], items: list[dict],
                defects: list[dict]) -> dict[int, list[dict]]:
    """Statement items from NCFE's statement rows; other wordings are compared with them."""
    by_module: dict[int, list[dict]] = defaultdict(list)
    ncfe = std[std["role"] == "ncfe-statement"]
    for row in ncfe.to_dict("records"):
        notation = row["item_id"].split("/")[1]
        module = int(notation.split(".")[0])
        by_module[module].append(row)
        items.append({"framework": "standard", "item_id": row["item_id"],
                      "kind": "StandardStatement", "notation": notation, "label": row["text"],
                      "parent_framework": "standard", "parent_id": f"module/{module}",
                      "source_file": row["source_file"], "source_line": row["source_line"]})
    for number in modules:
        if number not in by_module:
            defects.append(defect("missing-statements", f"standard:module/{number}",
                                   f"no statement of module {number} was found in the NCFE "
                                   "document", modules[number]["source_file"],
                                   modules[number]["source_line"]))
    return by_module


def _criteria(std: pd.DataFrame, statements: dict[int, list[dict]], items: list[dict],
              defects: list[dict], merged: dict[str, list[str]]) -> dict[str, dict]:
    """Criterion items from Highfield, each placed under the statement its row names.

    ``merged`` receives, per criterion whose Highfield cell holds several statements, the
    statements of that cell (see :func:`_place_by_manual_row`).
    """
    criteria: dict[str, dict] = {}
    cells = {row["item_id"]: row for row in
             std[std["role"] == "highfield-statement-cell"].to_dict("records")}
    previous: dict[int, str] = {}
    channels: dict[int, str] = {}  # the channel the criteria above named, per module
    reported: set[tuple[int, str]] = set()
    for row in std[std["role"] == "highfield-criterion"].to_dict("records"):
        code = row["item_id"].split("/")[1]
        module = int(re.match(r"[KSB](\d+)", code).group(1))
        cell = cells[row["item_id"]]
        candidates = statements.get(module, [])
        inside = statements_in_cell(cell["text"], candidates)
        key = (cell["source_line"], cell["text"])
        if len(inside) == 1:
            chosen = inside[0]["item_id"]
        elif len(inside) > 1:
            chosen = max(inside, key=lambda s: similarity(s["text"], row["text"]))["item_id"]
            merged[code] = [s["item_id"] for s in inside]
            if key not in reported:
                reported.add(key)
                defects.append(defect(
                    "merged-statement-cell", f"standard:{row['item_id']}",
                    f"one statement cell holds {len(inside)} statements "
                    f"({', '.join(s['item_id'].split('/')[1] for s in inside)}); each criterion "
                    "is placed under the one its text is closest to, unless the training "
                    "manual states it in the row of one of them",
                    cell["source_file"], cell["source_line"]))
        elif module in previous:
            chosen = previous[module]
            if key not in reported:
                reported.add(key)
                defects.append(defect(
                    "unmatched-statement-cell", f"standard:{row['item_id']}",
                    f"statement cell {cell['text']!r} matches no statement of module {module}; "
                    f"{code} is kept under the statement above ({chosen.split('/')[1]})",
                    cell["source_file"], cell["source_line"]))
        elif candidates:
            chosen = max(candidates, key=lambda s: similarity(s["text"], row["text"]))["item_id"]
            defects.append(defect(
                "unmatched-statement-cell", f"standard:{row['item_id']}",
                f"statement cell {cell['text']!r} matches no statement of module {module}; "
                f"{code} is placed under the closest statement ({chosen.split('/')[1]})",
                cell["source_file"], cell["source_line"]))
        else:
            chosen = f"module/{module}"
        channel = channel_of(row["text"]) or channels.get(module, "")
        channels[module] = channel if channel != "all" else ""
        placed = _statement_for_channel(channel, candidates)
        if placed is not None and placed["item_id"] != chosen:
            defects.append(defect(
                "columns-out-of-step", f"standard:{row['item_id']}",
                f"the statement cell beside {code} ({cell['text'][:60]!r}, line "
                f"{cell['source_line']}) is out of step with the criteria: {code} "
                f"{'names' if channel_of(row['text']) else 'continues the criteria above on'} "
                f"{CHANNEL_NAMES[channel]}, so it is placed under statement "
                f"{placed['item_id'].split('/')[1]} (the statement on {CHANNEL_NAMES[channel]}),"
                f" not {chosen.split('/')[1]}",
                row["source_file"], row["source_line"]))
            chosen = placed["item_id"]
        previous[module] = chosen
        criteria[code] = row
        for s in inside:
            if is_prefix_of(cell["text"], s["text"]) and (key, "cut") not in reported:
                reported.add((key, "cut"))
                defects.append(defect(
                    "truncated-text", f"standard:{s['item_id']}",
                    f"statement text {cell['text']!r} is cut off; the NCFE document gives it "
                    f"in full", cell["source_file"], cell["source_line"]))
        items.append({"framework": "standard", "item_id": row["item_id"], "kind": "Criterion",
                      "notation": code, "label": row["text"], "parent_framework": "standard",
                      "parent_id": chosen, "source_file": row["source_file"],
                      "source_line": row["source_line"]})
    return criteria


# Communication channels a criterion or statement names. A criterion that names none
# continues the channel of the criterion above it in the same module ("Adapt tone ..."
# after "Non-facing. Demonstrate ..."); "all" (in all roles / communications) ends it.
CHANNELS = {
    "non-facing": re.compile(r"\bnon[\s-]*fac(ing|e[\s-]*to[\s-]*face)|telephone|e-?mail",
                             re.IGNORECASE),
    "face-to-face": re.compile(r"\bface[\s-]*to[\s-]*face", re.IGNORECASE),
    "all": re.compile(r"\bin all (roles|communications)\b", re.IGNORECASE),
}
CHANNEL_NAMES = {"non-facing": "non-facing interactions",
                 "face-to-face": "face-to-face communication",
                 "all": "all roles and communications"}


def channel_of(text: str) -> str:
    """The communication channel a text names first: face-to-face, non-facing or all.

    >>> channel_of("Non- facing'. Demonstrate ability to make initial customer contact")
    'non-facing'
    >>> channel_of("Face to face'. Demonstrate ability"), channel_of("In all roles, adapt")
    ('face-to-face', 'all')
    >>> channel_of("Handle customer objections")
    ''
    """
    found = [(m.start(), name) for name, pattern in CHANNELS.items()
             if (m := pattern.search(text))]
    return min(found)[1] if found else ""


def _statement_for_channel(channel: str, statements: list[dict]) -> dict | None:
    """The one statement of a module that names ``channel``, if exactly one does.

    Face-to-face and non-facing criteria belong to the statement naming that channel; an
    all-roles criterion to the statement about all communications.
    """
    if not channel:
        return None
    pattern = CHANNELS[channel]
    named = [s for s in statements if pattern.search(s["text"])]
    return named[0] if len(named) == 1 else None


def statements_in_cell(cell: str, statements: list[dict]) -> list[dict]:
    """The statements a Highfield statement cell holds, in the cell's order.

    The cell is split into sentences; a sentence names the statement it stands in (or that it
    begins, when the cell is cut off), if they agree to ``STATEMENT_CUTOFF``. Fragments under
    12 characters (``and/or``) name nothing.

    >>> s = [{"text": "Understand who customers are."},
    ...      {"text": "Understand the difference between internal and external customers."}]
    >>> len(statements_in_cell("Understand who customers are. Understand the difference "
    ...                        "between internal and external customers.", s))
    2
    """
    found: list[dict] = []
    for sentence in re.split(r"(?<=[.;])\s+(?=[A-Z(])", cell):
        text = normalise(sentence).strip("() ")
        if len(text) < 12:
            continue
        scored = [(fuzz.partial_ratio(text, normalise(s["text"])), i)
                  for i, s in enumerate(statements)]
        if not scored:
            continue
        score, index = max(scored)
        if score >= STATEMENT_CUTOFF and statements[index] not in found:
            found.append(statements[index])
    return found


def criterion_similarity(a: str, b: str) -> float:
    """Similarity of two criterion texts in [0, 100]: the mean of token-set and token-sort
    similarity, so a short text whose words all occur in a long one does not score 100.

    >>> round(criterion_similarity("The purpose of customer service.",
    ...     "State the purpose of different organisational policies and procedures that "
    ...     "affect their customer service role."))
    72
    """
    x, y = normalise(a), normalise(b)
    return (fuzz.token_set_ratio(x, y) + fuzz.token_sort_ratio(x, y)) / 2


def uncoded_key(module: str, taken: list[str]) -> str:
    """The key of a module's next uncoded criterion (one no document gives a code).

    >>> uncoded_key("2", []), uncoded_key("2", ["2-uncoded"])
    ('2-uncoded', '2-uncoded-2')
    """
    count = sum(1 for key in taken if key.split("-")[0] == module)
    return f"{module}-uncoded" + (f"-{count + 1}" if count else "")


def _match_restated(texts: pd.DataFrame, criteria: dict[str, dict], distinction: set[str],
                    defects: list[dict], uncoded: dict[str, dict]) -> pd.DataFrame:
    """Attach every restated criterion text to the criterion it matches (see module doc).

    The training manual's pass and distinction columns restate the standard's criteria one
    by one, so its texts are matched one to one: within each module first, highest score
    first, then the leftovers against the criteria of other modules. A manual text left over
    and a criterion the manual never restates are both defects. The end-point assessment
    toolkit words most of its checklists and topics its own way; a toolkit text is attached
    to a criterion only when it restates one (``RESTATES_CUTOFF``), and a toolkit text that
    restates none is not a defect.
    """
    texts = texts.copy()
    roles = texts["role"].str.extract(CRITERION_ROLE.pattern)
    texts["_source"], texts["_grade"] = roles[0], roles[1]
    module = texts["item_id"].where(
        (texts["framework"] == "standard") & texts["item_id"].str.startswith("module/"), "")
    texts["_module"] = module.str.removeprefix("module/")
    everything = {code: row["text"] for code, row in criteria.items()}

    manual = texts[texts["_source"] == "manual"]
    assigned = _assign_one_to_one(manual, everything, local_only=True)
    free = {c: t for c, t in everything.items() if c not in assigned.values()}
    leftovers = manual[~manual.index.isin(assigned)]
    assigned.update(_assign_one_to_one(leftovers, free, local_only=False))
    for index, code in assigned.items():
        row = texts.loc[index]
        if row["_module"] and _module_of(code) != row["_module"]:
            defects.append(defect(
                "criterion-in-other-module", f"standard:criterion/{code}",
                f"{row['role']} text {row['text'][:80]!r} stands with module {row['_module']} "
                f"but matches {code} of module {_module_of(code)}",
                row["source_file"], row["source_line"]))
    for index, row in manual[~manual.index.isin(assigned)].iterrows():
        whole = _joined_into(strip_lead_in(row["text"]), everything)
        if whole is not None:
            assigned[index] = whole
            defects.append(defect(
                "merged-criteria", f"standard:criterion/{whole}",
                f"{whole} in Highfield joins this criterion ({row['text']!r}) with another "
                "that this document states separately", row["source_file"],
                row["source_line"]))
            continue
        if not row["_module"]:
            defects.append(defect(
                "criterion-not-in-highfield", f"standard:{row['item_id']}",
                f"{row['role']} criterion {row['text']!r} matches none of Highfield's coded "
                "criteria", row["source_file"], row["source_line"]))
            continue
        code = uncoded_key(row["_module"], [c for c in everything if "uncoded" in c])
        everything[code] = strip_lead_in(row["text"])
        uncoded[code] = row
        assigned[index] = code
        if row["_grade"] == "distinction":
            distinction.add(code)
        defects.append(defect(
            "criterion-not-in-highfield", f"standard:criterion/{code}",
            f"{row['role']} criterion {row['text']!r} matches none of Highfield's coded "
            f"criteria; it is kept as an uncoded criterion of module {row['_module']}, absent "
            "from Highfield's mapping", row["source_file"], row["source_line"]))
    for code, row in criteria.items():
        if code not in assigned.values():
            defects.append(defect(
                "criterion-not-restated", f"standard:criterion/{code}",
                f"{code} is not stated in the {SOURCE_NAMES['manual']}'s pass or distinction "
                "columns", row["source_file"], row["source_line"]))

    for index, row in texts[texts["_source"] == "epa"].iterrows():
        scope = {c: t for c, t in everything.items()
                 if not row["_module"] or _module_of(c) == row["_module"]}
        code = _best(strip_lead_in(row["text"]), scope, RESTATES_CUTOFF)
        if code is not None:
            assigned[index] = code

    for index, code in assigned.items():
        row = texts.loc[index]
        texts.at[index, "framework"] = "standard"
        texts.at[index, "item_id"] = f"criterion/{code}"
        flagged = "distinction" if code in distinction else "pass"
        if isinstance(row["_grade"], str) and flagged != row["_grade"]:
            defects.append(defect(
                "grade-differs", f"standard:criterion/{code}",
                f"{code} is a {flagged} criterion in Highfield but a {row['_grade']} criterion "
                "here", row["source_file"], row["source_line"]))
    return texts.drop(columns=["_source", "_grade", "_module"])


def _joined_into(text: str, choices: dict[str, str]) -> str | None:
    """The criterion whose text contains ``text`` whole, as part of a longer text, if any."""
    part = normalise(text)
    for code, criterion in choices.items():
        whole = normalise(criterion)
        if len(whole) > len(part) + 10 and fuzz.partial_ratio(part, whole) >= 95:
            return code
    return None


def _assign_one_to_one(rows: pd.DataFrame, choices: dict[str, str],
                       local_only: bool) -> dict[int, str]:
    """Greedy one-to-one matching of text rows to criteria, best pairs first.

    With ``local_only`` a row is only paired with criteria of the module it stands in.
    """
    pairs = []
    for index, row in rows.iterrows():
        text = strip_lead_in(row["text"])
        for code, criterion in choices.items():
            if local_only and _module_of(code) != row["_module"]:
                continue
            score = criterion_similarity(text, criterion)
            if score >= MATCH_CUTOFF:
                pairs.append((score, index, code))
    assigned: dict[int, str] = {}
    for _, index, code in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if index not in assigned and code not in assigned.values():
            assigned[index] = code
    return assigned


SOURCE_NAMES = {"manual": "City & Guilds training manual",
                "epa": "Active IQ end-point assessment toolkit"}


def _module_of(code: str) -> str:
    """The module number in a criterion code: ``K1.4`` -> ``'1'``."""
    return re.match(r"[KSB]?(\d+)", code).group(1)


def _best(text: str, choices: dict[str, str], cutoff: float) -> str | None:
    """The code whose text is most similar to ``text``, if at least ``cutoff``."""
    scored = [(criterion_similarity(text, t), code) for code, t in choices.items()]
    if not scored:
        return None
    score, code = max(scored)
    return code if score >= cutoff else None


def continues(cut: str, full: str) -> bool:
    """True when ``full`` says what ``cut`` says and goes on past its end: ``cut`` is cut off.

    A few words may differ at the start (one document's "They will show" is another's
    "Show"); the end of ``cut`` must stand inside ``full`` with words still following it.

    >>> continues("They will show an ability to establish needs, explaining",
    ...           "Show an ability to establish needs, explaining when necessary.")
    True
    >>> continues("Show an ability to establish needs.", "Show an ability to establish needs.")
    False
    """
    a, b = normalise(cut), normalise(full)
    if len(a) < 20 or len(b) <= len(a) - 20:
        return False
    alignment = fuzz.partial_ratio_alignment(a, b)
    if alignment is None or alignment.score < 90:
        return False
    return len(b) - alignment.dest_end >= 3


def _labels(std: pd.DataFrame, items: list[dict], defects: list[dict]) -> pd.DataFrame:
    """Use a fuller wording as a criterion's label where Highfield's is cut off.

    The manual's wording is preferred, then the one closest to Highfield's.

    Highfield's wording stays as a wording marked ``truncated``. Only a text that a document
    gives in full can replace the label, and the label then cites that document's line.
    """
    std = std.copy()
    by_id = {item["item_id"]: item for item in items if item["kind"] == "Criterion"}
    for index, row in std[std["role"] == "highfield-criterion"].iterrows():
        item = by_id[row["item_id"]]
        others = std[(std["item_id"] == row["item_id"]) & (std.index != index)]
        ends = row["text"].rstrip().endswith((".", "?", "!"))
        # The training manual restates the standard itself, so its wording comes first.
        fuller = [] if ends else sorted(
            (not role.startswith("manual"), -criterion_similarity(row["text"], text), text,
             source, line)
            for role, text, source, line in zip(
                others["role"], others["text"].map(strip_lead_in), others["source_file"],
                others["source_line"], strict=True)
            if continues(row["text"], text))
        if fuller:
            _, _, full, source, line = fuller[0]
            item["label"] = full[0].upper() + full[1:]
            item["source_file"], item["source_line"] = source, int(line)
            std.at[index, "truncated"] = "true"
            defects.append(defect(
                "truncated-text", f"standard:{row['item_id']}",
                f"{item['notation']} is cut off here ({row['text']!r}); another document gives "
                "it in full", row["source_file"], row["source_line"]))
        else:
            std.at[index, "truncated"] = "false"
    return std
