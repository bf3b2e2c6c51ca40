"""The tables pages show, with the words people read as column names and cells (no Streamlit).

Each function takes analysis frames (column keys, framework keys, ids) and returns a frame
whose column names are words and whose cells are names (:class:`graph.ui.labels.Names`),
tier words and numbers: never an id, a class name or a missing value shown as ``None``.
"""

from __future__ import annotations

import re

import pandas as pd

from graph.analysis.coverage import standard_order
from graph.analysis.fit import TIER_COLUMNS
from graph.analysis.official import OFFICIAL_COLUMN
from graph.analysis.tiers import EVIDENCE_TIERS
from graph.analysis.trace import NOTATION_LEVELS
from graph.ui.labels import TIER_NAMES, Names, kind_word, role

TIER_HEADINGS = {tier: TIER_NAMES[tier][0].upper() + TIER_NAMES[tier][1:]
                 for tier in EVIDENCE_TIERS}


def ranking_table(ranking: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Rank, qualification, score and criteria per evidence tier."""
    ranking = ranking.reset_index(drop=True)
    frame = pd.DataFrame({
        "Rank": ranking["rank"].astype(int),
        "Qualification": [names.framework(f) for f in ranking["framework"]],
        "Score": ranking["score"].round(2),
    })
    for tier, column in TIER_COLUMNS.items():
        frame[TIER_HEADINGS[tier]] = ranking[column].astype(int)
    return frame


def heat_cells(shares: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The heatmap's cells: module name, qualification, share, its text and tier words."""
    shares = shares.reset_index(drop=True)
    return pd.DataFrame({
        "Module": [names.standard(m, "module") for m in shares["module"]],
        "Qualification": [names.framework(f) for f in shares["framework"]],
        "Share": shares["share"],
        "Criteria": [f"{k}/{n}" + ("" if tier == "criterion" else f" · {_tier_short(tier)}")
                     for k, n, tier in zip(shares["criterion_level"], shares["criteria"],
                                           shares["evidence"], strict=True)],
        "Evidence": [TIER_NAMES[t] for t in shares["evidence"]],
        "Criterion-level": [f"{k} of {n} criteria" for k, n in
                            zip(shares["criterion_level"], shares["criteria"], strict=True)],
    })


def choices_table(choices: pd.DataFrame) -> pd.DataFrame:
    """Optional-unit choices: the units, their GLH and the criteria they improve."""
    choices = choices.reset_index(drop=True)
    return pd.DataFrame({
        "Optional units": [f"Unit{'s' if ',' in u else ''} {u}" for u in choices["units"]],
        "GLH": ["not stated" if pd.isna(g) else str(int(g)) for g in choices["glh"]],
        "Criteria improved": choices["improves"].astype(int),
        "Which": [w or "none" for w in choices["improved"]],
    })


def gaps_table(gaps: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Criteria not evidenced at criterion level, their tier and what else covers them."""
    gaps = gaps.reset_index(drop=True)
    return pd.DataFrame({
        "Criterion": [names.standard(n) for n in gaps["notation"]],
        "Evidence": [TIER_NAMES[t] for t in gaps["evidence"]],
        "Covered elsewhere by": [_tier_words(r) or "nothing" for r in gaps["resources"]],
    })


# Column widths of the register (px) that keep every qualification's tier whole at 1,400 px;
# a qualification's column is QUALIFICATION_WIDTH wide.
REGISTER_WIDTHS = {"Item": 300, "Official KSB": 90, "Qualifications at criterion level": 90,
                   "Also covered by": 260}
QUALIFICATION_WIDTH = 135


def register_table(register: pd.DataFrame, qualifications: list[str], level: str,
                   names: Names) -> pd.DataFrame:
    """The gap register: the item, the official KSB codes it elaborates (criteria and
    statements), each qualification's tier, and what else covers it."""
    register = register.reset_index(drop=True)
    frame = pd.DataFrame({"Item": [names.standard(n, level) for n in register["notation"]]})
    if OFFICIAL_COLUMN in register and (register[OFFICIAL_COLUMN] != "").any():
        frame["Official KSB"] = register[OFFICIAL_COLUMN].replace("", "none")
    for key in qualifications:
        frame[names.framework(key)] = [TIER_NAMES[t] for t in register[key]]
    frame["Qualifications at criterion level"] = register["criterion_level"].astype(int)
    frame["Also covered by"] = [_tier_words(a) or "nothing" for a in register["also"]]
    return frame


# Column widths of the trace's tables (px): the item's wording takes what 1,400 px leaves.
TRACE_WIDTHS = {"Framework": 165, "Item": 430, "Kind": 195, "How": 150}


def trace_table(rows: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The trace of one item: what teaches or assesses it, by framework, in words."""
    rows = rows.reset_index(drop=True)
    nodes = [f"{f}:{i}" for f, i in zip(rows["framework"], rows["item"], strict=True)]
    return pd.DataFrame({
        "Role": [role(names.view.nodes[n]["kind"]) for n in nodes],
        "Framework": [names.framework(f) for f in rows["framework"]],
        "Item": [names.item(n) for n in nodes],
        "Kind": [kind_word(names.view.nodes[n]["kind"]) for n in nodes],
        "How": ["maps to it directly" if h == "direct" else f"through {v}"
                for h, v in zip(rows["how"], rows["via"], strict=True)],
    })


def suggestions_table(suggestions: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Suggested mappings: the standard item (its code: the page names it in full), the
    rank, the candidate AC, its score and why it is suggested."""
    suggestions = suggestions.reset_index(drop=True)
    return pd.DataFrame({
        "For": [names.standard(n, lv, wording=False) for n, lv in
                zip(suggestions["notation"], suggestions["level"], strict=True)],
        "Rank": suggestions["rank"].astype(int),
        "Suggested": [names.item(f"{f}:{c}") for f, c in
                      zip(suggestions["framework"], suggestions["candidate"], strict=True)],
        "Score": suggestions["score"].astype(float).round(2),
        "Why": [reason[:1].upper() + reason[1:] for reason in suggestions["reason"]],
    })


# Column widths of one gap's history (px): all six in the page's width, hover for the rest.
HISTORY_WIDTHS = {"Date": 85, "Reviewer": 110, "Item": 200, "Decision": 130, "About": 230,
                  "Note": 180}


def decisions_table(log: pd.DataFrame, names: Names) -> pd.DataFrame:
    """The curation log in words: date, reviewer, decision, what it is about, note."""
    log = log.reset_index(drop=True)
    words = {"accept": "mapping accepted", "reject": "mapping rejected",
             "accept-risk": "risk accepted", "mitigated": "mitigated by a resource",
             "undo": "undone"}
    return pd.DataFrame({
        "Date": log["date"],
        "Reviewer": [r or "not given" for r in log["reviewer"].fillna("")],
        "Qualification": [names.framework(f) for f in log["framework"]],
        "Item": [_standard_id(names, o) for o in log["object_id"]],
        "Decision": [words.get(d, d) for d in log["decision"]],
        "About": [subject_name(names, f, s, d) for f, s, d in
                  zip(log["framework"], log["subject_id"], log["decision"], strict=True)],
        "Note": log["note"].fillna(""),
    })


def subject_name(names: Names, framework: str, subject: str, decision: str) -> str:
    """The name of a decision's subject: the suggested AC or the mitigating resource item."""
    if not subject:
        return "the gap itself"
    node = subject if ":" in subject else f"{framework}:{subject}"
    return names.item(node, framework=":" in subject) if node in names.view else subject


def _standard_id(names: Names, object_id: str) -> str:
    """``criterion/K1.1`` as ``K1.1: wording``."""
    level, _, notation = object_id.partition("/")
    return names.standard(notation, level) if level in ("criterion", "statement", "module") \
        else object_id


def _tier_short(tier: str) -> str:
    return {"statement": "statement", "module": "module", "no-mapping": "No mapping",
            "unmapped": "unmapped"}.get(tier, tier)


def _tier_words(text: str) -> str:
    """``Book (criterion), Kit (module)`` with tier keys as words."""
    for tier in sorted(EVIDENCE_TIERS, key=len, reverse=True):
        text = text.replace(f"({tier})", f"({TIER_NAMES[tier]})")
    return text


def module_order(frame: pd.DataFrame, column: str = "module") -> pd.DataFrame:
    """``frame`` by module number."""
    return frame.sort_values(column, key=lambda s: s.map(standard_order), kind="stable")


ITEM_ID = re.compile(r"\b[a-z][a-z-]*(?:/[\w.-]+)+")


def defects_table(audit: pd.DataFrame, names: Names, documents: dict[str, str]) -> pd.DataFrame:
    """The source documents' defects: document (by title), line, kind, item and message in
    words. ``documents``: file name -> title. An item id quoted in a message is named."""
    audit = audit.reset_index(drop=True)
    return pd.DataFrame({
        "Document": [documents.get(s, s) for s in audit["source"]],
        "Line": audit["line"],
        "Kind": [k.replace("-", " ") for k in audit["kind"]],
        "Item": [_defect_item(names, i) for i in audit["item"]],
        "Message": [_named_ids(names, i.partition(":")[0], message)
                    for i, message in zip(audit["item"], audit["message"], strict=True)],
    })


def _defect_item(names: Names, item: str) -> str:
    """``standard:K3.1`` as ``K3.1``, ``standard:15.2`` as ``statement 15.2``, another
    framework's ``ncfe:1.3`` as ``NCFE 1.3``; empty stays empty."""
    framework, _, notation = item.partition(":")
    if not framework:
        return ""
    if framework != "standard":
        return f"{names.framework(framework)} {notation}"
    level = next((lvl for pattern, lvl in NOTATION_LEVELS if pattern.fullmatch(notation)), None)
    return names.standard(notation, level, wording=False) if level else notation


def _named_ids(names: Names, framework: str, text: str) -> str:
    """``text`` with every item id it quotes given as the item's name."""
    return ITEM_ID.sub(lambda match: _named(names, framework, match.group()), text)


def _named(names: Names, framework: str, token: str) -> str:
    """An item id in a message as the item's name, when it names one."""
    for owner in (framework, *names.titles):
        if f"{owner}:{token}" in names.view:
            return names.item(f"{owner}:{token}", wording=False)
    return token


MEASURE_WORDS = {"modules": "Modules", "statements": "Statements", "criteria": "Criteria",
                 "distinction criteria": "Distinction criteria"}


def side_by_side(fit: pd.DataFrame, chosen: list[str], names: Names) -> pd.DataFrame:
    """Each measure of :func:`graph.analysis.fit.qualification_fit` as a row, each chosen
    qualification as a column: ``covered/items (direct mapped directly)``."""
    fit = fit[fit["framework"].isin(chosen)].reset_index(drop=True)
    rows: dict[str, dict[str, str]] = {}
    for row in fit.itertuples(index=False):
        if row.measure == "criteria by KSB type":
            label = f"Criteria: {row.group}"
        elif row.measure == "criteria by EPA method":
            label = ("Criteria no end-point method assesses" if row.group == "none"
                     else f"Criteria assessed by {row.group}")
        else:
            label = MEASURE_WORDS.get(row.measure, row.measure)
        rows.setdefault(label, {})[names.framework(row.framework)] = \
            f"{row.covered}/{row.items} ({row.direct} directly)"
    frame = pd.DataFrame.from_dict(rows, orient="index").reset_index(names="Measure")
    return frame.fillna("none")
