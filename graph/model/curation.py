"""Curation decisions on suggested mappings: ``data/curation.csv``, read by every build.

A quality lead accepts or rejects a suggestion (``crosswalk curate accept|reject``, or the
app). The decision is one row: the framework, the candidate item (an AC), the standard item,
``accept`` or ``reject``, a note and the date. On the next build an accepted row becomes an
asserted ``cw:covers`` mapping whose record says it was curated by hand; a rejected row is
never suggested again. The latest decision on a pair wins, so a decision can be reversed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from graph.errors import InputError
from graph.fileio import atomic_write
from graph.model.tables import MANUAL_CURATION, table

CURATION_FILE = "curation.csv"
COLUMNS = ["framework", "subject_id", "object_id", "decision", "note", "date"]
DECISIONS = ("accept", "reject")


def curation_path(data_dir: Path) -> Path:
    """Where the curation decisions live: ``data/curation.csv``."""
    return data_dir / CURATION_FILE


def read_curation(data_dir: Path) -> pd.DataFrame:
    """The decisions in ``data_dir`` (an empty table when there are none yet).

    Raises :class:`InputError` naming the file, row and column of a bad row.
    """
    path = curation_path(data_dir)
    if not path.is_file():
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(frame.columns) != COLUMNS:
        raise InputError(f"{path}: row 1 (header): expected columns {COLUMNS}")
    for index, decision in enumerate(frame["decision"]):
        if decision not in DECISIONS:
            raise InputError(f"{path}: row {index + 2}, column decision: {decision!r} is not "
                             "accept or reject")
    return frame


def latest_decisions(curation: pd.DataFrame) -> pd.DataFrame:
    """The last decision on each (framework, subject, object), keeping its file row."""
    frame = curation.assign(row=range(2, len(curation) + 2))
    return frame.drop_duplicates(["framework", "subject_id", "object_id"], keep="last")


def rejected_pairs(curation: pd.DataFrame) -> frozenset[tuple[str, str, str]]:
    """``(framework, standard item id, candidate item id)`` of every standing rejection."""
    latest = latest_decisions(curation)
    rows = latest[latest["decision"] == "reject"]
    return frozenset(zip(rows["framework"], rows["object_id"], rows["subject_id"], strict=True))


def accepted_mappings(curation: pd.DataFrame) -> pd.DataFrame:
    """The standing acceptances as rows of the ``mappings`` table, curated by hand."""
    latest = latest_decisions(curation)
    rows = latest[latest["decision"] == "accept"]
    return table("mappings", [
        {"subject_framework": r.framework, "subject_id": r.subject_id, "predicate": "covers",
         "object_framework": "standard", "object_id": r.object_id,
         "justification": MANUAL_CURATION, "raw_text": "accepted suggestion",
         "note": f"suggestion accepted by hand on {r.date}" + (f": {r.note}" if r.note else ""),
         "source_file": CURATION_FILE, "source_line": r.row}
        for r in rows.itertuples(index=False)])


def check_curation(curation: pd.DataFrame, items: pd.DataFrame, path: Path) -> None:
    """Raise :class:`InputError` for the first decision naming an item the tables lack."""
    known = set(zip(items["framework"], items["item_id"], strict=True))
    for index, row in enumerate(curation.itertuples(index=False), start=2):
        if (row.framework, row.subject_id) not in known:
            raise InputError(f"{path}: row {index}, column subject_id: unknown item "
                             f"{row.framework}:{row.subject_id}")
        if ("standard", row.object_id) not in known:
            raise InputError(f"{path}: row {index}, column object_id: unknown standard item "
                             f"{row.object_id}")


def record_decision(data_dir: Path, framework: str, subject_id: str, object_id: str,
                    decision: str, note: str = "", date: dt.date | None = None) -> Path:
    """Append one decision to the curation file, all or nothing."""
    if decision not in DECISIONS:
        raise InputError(f"decision {decision!r}: choose accept or reject")
    curation = read_curation(data_dir)
    row = {"framework": framework, "subject_id": subject_id, "object_id": object_id,
           "decision": decision, "note": note,
           "date": (date or dt.date.today()).isoformat()}
    frame = pd.concat([curation, pd.DataFrame([row], columns=COLUMNS)], ignore_index=True)
    return atomic_write(curation_path(data_dir),
                        lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))
