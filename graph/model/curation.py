"""Curation decisions: ``data/curation.csv``, kept with the data and read by every build.

A quality lead decides on a gap of a qualification or on a suggested mapping for it
(``crosswalk curate accept|reject``, or the app's gap register). A decision is one row of an
append-only log: the framework (the qualification), the subject, the standard item (its id,
``criterion/K1.1``), the decision, a note, the date and the reviewer. The decisions:

* ``accept``: the subject (one of the framework's items, an AC) maps to the standard item. On
  the next build, or at once in the app, it becomes an asserted ``cw:covers`` mapping whose
  record says it was curated by hand.
* ``reject``: the subject does not map to it; it is never suggested again.
* ``accept-risk``: the gap stays, knowingly (no subject).
* ``mitigated``: a resource covers the gap; the subject names that resource's item as
  ``framework:item`` (``highfield-textbook:booklet/1/page/3``). The gap stays a gap of the
  qualification: a resource is not the qualification's evidence.
* ``undo``: withdraws the latest standing decision with the same framework, subject and
  standard item, so the one before it (if any) stands again.

The standing decision of a (framework, subject, standard item) is found by replaying the log
(:func:`standing_decisions`): each decision is pushed, each ``undo`` pops. The whole log is
the history. A file written before the ``reviewer`` column existed still reads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from graph.errors import InputError
from graph.fileio import atomic_write
from graph.model.tables import MANUAL_CURATION, table

CURATION_FILE = "curation.csv"
COLUMNS = ["framework", "subject_id", "object_id", "decision", "note", "date", "reviewer"]
OLD_COLUMNS = COLUMNS[:-1]  # files written before decisions named their reviewer
MAPPING_DECISIONS = ("accept", "reject")  # on a suggested mapping (the command line's too)
GAP_DECISIONS = ("accept-risk", "mitigated")  # on a gap itself
UNDO = "undo"
DECISIONS = (*MAPPING_DECISIONS, *GAP_DECISIONS, UNDO)
KEY = ["framework", "subject_id", "object_id"]


def curation_path(data_dir: Path) -> Path:
    """Where the curation decisions live: ``data/curation.csv``."""
    return data_dir / CURATION_FILE


def read_curation(data_dir: Path) -> pd.DataFrame:
    """The decisions in ``data_dir`` in file order (an empty table when there are none yet).

    Raises :class:`InputError` naming the file, row and column of a bad row, an unknown
    decision or an ``undo`` with nothing standing to undo.
    """
    path = curation_path(data_dir)
    if not path.is_file():
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(frame.columns) == OLD_COLUMNS:
        frame["reviewer"] = ""
    if list(frame.columns) != COLUMNS:
        raise InputError(f"{path}: row 1 (header): expected columns {COLUMNS}")
    for index, decision in enumerate(frame["decision"]):
        if decision not in DECISIONS:
            raise InputError(f"{path}: row {index + 2}, column decision: {decision!r} is not "
                             f"one of {', '.join(DECISIONS)}")
    try:
        standing_decisions(frame)
    except ValueError as error:
        raise InputError(f"{path}: {error}") from None
    return frame


def standing_decisions(curation: pd.DataFrame) -> pd.DataFrame:
    """The decision that stands for each (framework, subject, standard item), with its file
    row in ``row`` (the header is row 1): the log replayed, ``undo`` withdrawing the latest.

    Raises ``ValueError`` for an ``undo`` with nothing standing to undo.

    >>> log = pd.DataFrame({"framework": ["q"] * 3, "subject_id": ["a"] * 3,
    ...                     "object_id": ["criterion/K1.1"] * 3,
    ...                     "decision": ["reject", "accept", "undo"]})
    >>> standing_decisions(log)[["decision", "row"]].values.tolist()
    [['reject', 2]]
    """
    stacks: dict[tuple[str, str, str], list[int]] = {}
    for position, row in enumerate(curation[KEY + ["decision"]].itertuples(index=False)):
        key = (row.framework, row.subject_id, row.object_id)
        if row.decision != UNDO:
            stacks.setdefault(key, []).append(position)
        elif stacks.get(key):
            stacks[key].pop()
        else:
            raise ValueError(f"row {position + 2}, column decision: nothing to undo for "
                             f"{row.framework} {row.subject_id or '(gap)'} {row.object_id}")
    kept = sorted(stack[-1] for stack in stacks.values() if stack)
    frame = curation.assign(row=range(2, len(curation) + 2))
    return frame.iloc[kept].reset_index(drop=True)


def latest_decisions(curation: pd.DataFrame) -> pd.DataFrame:
    """The standing decision on each (framework, subject, object), keeping its file row."""
    return standing_decisions(curation)


def rejected_pairs(curation: pd.DataFrame) -> frozenset[tuple[str, str, str]]:
    """``(framework, standard item id, candidate item id)`` of every standing rejection."""
    latest = standing_decisions(curation)
    rows = latest[latest["decision"] == "reject"]
    return frozenset(zip(rows["framework"], rows["object_id"], rows["subject_id"], strict=True))


def accepted_mappings(curation: pd.DataFrame) -> pd.DataFrame:
    """The standing acceptances as rows of the ``mappings`` table, curated by hand."""
    latest = standing_decisions(curation)
    rows = latest[latest["decision"] == "accept"]
    return table("mappings", [
        {"subject_framework": r.framework, "subject_id": r.subject_id, "predicate": "covers",
         "object_framework": "standard", "object_id": r.object_id,
         "justification": MANUAL_CURATION, "raw_text": "accepted suggestion",
         "note": f"suggestion accepted by hand on {r.date}" + (f": {r.note}" if r.note else ""),
         "source_file": CURATION_FILE, "source_line": r.row}
        for r in rows.itertuples(index=False)])


def check_curation(curation: pd.DataFrame, items: pd.DataFrame, path: Path) -> None:
    """Raise :class:`InputError` for the first decision naming an item the tables lack: the
    subject of a mapping decision, the resource item of a mitigation, any standard item."""
    known = set(zip(items["framework"], items["item_id"], strict=True))
    for index, row in enumerate(curation.itertuples(index=False), start=2):
        subject = _subject(row.framework, row.subject_id, row.decision)
        if subject is not None and subject not in known:
            raise InputError(f"{path}: row {index}, column subject_id: unknown item "
                             f"{subject[0]}:{subject[1]}")
        if ("standard", row.object_id) not in known:
            raise InputError(f"{path}: row {index}, column object_id: unknown standard item "
                             f"{row.object_id}")


def record_decision(data_dir: Path, framework: str, subject_id: str, object_id: str,
                    decision: str, note: str = "", date: dt.date | None = None,
                    reviewer: str = "") -> Path:
    """Append one decision to the curation file, all or nothing.

    Raises :class:`InputError` for an unknown decision, a decision that needs a subject and
    has none (or the other way round), or an ``undo`` with nothing standing to undo.
    """
    if decision not in DECISIONS:
        raise InputError(f"decision {decision!r}: choose one of {', '.join(DECISIONS)}")
    if (decision == "accept-risk") != (not subject_id):
        raise InputError(f"decision {decision!r}: "
                         + ("accepting a risk names no item" if subject_id
                            else "name the item it is about"))
    curation = read_curation(data_dir)
    row = {"framework": framework, "subject_id": subject_id, "object_id": object_id,
           "decision": decision, "note": note,
           "date": (date or dt.date.today()).isoformat(), "reviewer": reviewer}
    frame = pd.concat([curation, pd.DataFrame([row], columns=COLUMNS)], ignore_index=True)
    try:
        standing_decisions(frame)
    except ValueError:
        raise InputError(f"nothing to undo for {framework} {subject_id or '(gap)'} "
                         f"{object_id}") from None
    return atomic_write(curation_path(data_dir),
                        lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))


def _subject(framework: str, subject_id: str, decision: str) -> tuple[str, str] | None:
    """The (framework, item id) a decision's subject names, or None (a gap's own decision)."""
    if not subject_id:
        return None
    if decision == "mitigated" or (decision == UNDO and ":" in subject_id):
        owner, _, item = subject_id.partition(":")
        return owner, item
    return framework, subject_id
