"""What changed between two versions of an official standard, and which mappings it makes
stale.

Definitions:

* **KSBs** are paired by their Skills England id (a GUID), then, among those left, by code.
  A KSB of the new version alone is ``added``, of the old alone ``removed``; a pair whose
  wording differs at all is ``reworded``, with a word-level diff (:func:`word_diff`). When
  one side lists no KSBs at all, KSBs are not compared (the ``note`` says so) rather than
  all reported added or removed.
* **Metadata**: every field of the standards API record kept as a property (status, its
  date, funding band, assessment plan, typical duration, level, route ...) whose value
  differs.
* **Stale mappings**: every coverage edge (``covers`` or ``assesses``), by framework, whose
  target is a document item standing for a removed or reworded KSB: a statement the KSB
  matches or a criterion that elaborates it (the links :mod:`graph.ingest.official` made).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from graph.ingest.skills_england import METADATA, Ksb, StandardVersion

KSB_COLUMNS = ["change", "old_code", "new_code", "ksb_type", "old_text", "new_text", "diff"]
METADATA_COLUMNS = ["field", "old", "new"]
STALE_COLUMNS = ["framework", "item", "predicate", "target", "ksb", "change", "source_file",
                 "source_line"]
FLAT_COLUMNS = ["section", "change", "code", "framework", "item", "old", "new", "diff",
                "source"]
COMPARED = [prop for prop, _ in METADATA.values()]


@dataclass
class StandardDiff:
    """The changes from ``old`` to ``new`` (module docstring): three tables and a note."""

    old: str
    new: str
    ksbs: pd.DataFrame
    metadata: pd.DataFrame
    stale: pd.DataFrame
    note: str = ""

    def flat(self) -> pd.DataFrame:
        """All three tables as one, for a table or CSV: one row per change."""
        rows = [{"section": "ksb", "change": r.change,
                 "code": r.new_code if r.old_code in ("", r.new_code) else
                 (f"{r.old_code} -> {r.new_code}" if r.new_code else r.old_code),
                 "old": r.old_text, "new": r.new_text, "diff": r.diff}
                for r in self.ksbs.itertuples(index=False)]
        rows += [{"section": "metadata", "change": "changed", "code": r.field.replace("_", " "),
                  "old": r.old,
                  "new": r.new} for r in self.metadata.itertuples(index=False)]
        rows += [{"section": "stale mapping", "change": f"{r.ksb} {r.change}",
                  "code": r.target, "framework": r.framework, "item": r.item,
                  "diff": r.predicate, "source": f"{r.source_file} line {r.source_line}"}
                 for r in self.stale.itertuples(index=False)]
        return pd.DataFrame(rows, columns=FLAT_COLUMNS).fillna("")

    def as_dict(self) -> dict:
        """The diff as plain data, for JSON."""
        return {"old": self.old, "new": self.new, "note": self.note,
                "ksbs": self.ksbs.to_dict("records"),
                "metadata": self.metadata.to_dict("records"),
                "stale_mappings": self.stale.to_dict("records")}


def word_diff(old: str, new: str) -> str:
    """The two wordings word by word: removed words in ``[-...-]``, added in ``{+...+}``.

    >>> word_diff("Understand who customers are.", "Understand which customers are.")
    'Understand [-who-] {+which+} customers are.'
    >>> word_diff("Know the law.", "Know the law and apply it.")
    'Know the [-law.-] {+law and apply it.+}'
    """
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out += a[i1:i2]
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def pair_ksbs(old: list[Ksb], new: list[Ksb]) -> tuple[list[tuple[Ksb, Ksb]], list[Ksb],
                                                       list[Ksb]]:
    """Pairs (by GUID, then by code among the rest), the removed and the added KSBs.

    >>> a = [Ksb("g1", "Skill", "S1", "x"), Ksb("g2", "Skill", "S2", "y")]
    >>> b = [Ksb("g1", "Skill", "S1", "x"), Ksb("g9", "Skill", "S3", "z")]
    >>> pairs, removed, added = pair_ksbs(a, b)
    >>> [p[0].code for p in pairs], [k.code for k in removed], [k.code for k in added]
    (['S1'], ['S2'], ['S3'])
    """
    by_guid = {k.guid: k for k in new}
    pairs = [(k, by_guid[k.guid]) for k in old if k.guid in by_guid]
    paired_old = {p[0].guid for p in pairs}
    paired_new = {p[1].guid for p in pairs}
    left_new = {k.code: k for k in new if k.guid not in paired_new}
    for k in old:
        if k.guid not in paired_old and k.code in left_new:
            match = left_new.pop(k.code)
            pairs.append((k, match))
            paired_old.add(k.guid)
            paired_new.add(match.guid)
    removed = [k for k in old if k.guid not in paired_old]
    added = [k for k in new if k.guid not in paired_new]
    return pairs, removed, added


def standard_diff(old: StandardVersion, new: StandardVersion,
                  mappings: pd.DataFrame) -> StandardDiff:
    """The changes from ``old`` to ``new`` and the stale mappings among ``mappings`` (the
    ``mappings`` tidy table: coverage edges and the official links), per the module doc.

    >>> from graph.model.tables import table
    >>> k = [Ksb("g1", "Knowledge", "K1", "Know the law.")]
    >>> old = StandardVersion("f", "ST1", "1.0", "T", {"funding_band": "4000"}, [], k, "")
    >>> new = StandardVersion("f", "ST1", "1.1", "T", {"funding_band": "3500"}, [],
    ...                       [Ksb("g1", "Knowledge", "K1", "Know the rules.")], "")
    >>> maps = table("mappings", [
    ...     {"subject_framework": "ST1@1.0", "subject_id": "ksb/g1", "predicate": "exact-match",
    ...      "object_framework": "standard", "object_id": "statement/1.1", "source_line": 1},
    ...     {"subject_framework": "q", "subject_id": "ac/1", "predicate": "covers",
    ...      "object_framework": "standard", "object_id": "statement/1.1", "source_line": 7}])
    >>> d = standard_diff(old, new, maps)
    >>> d.ksbs[["change", "old_code", "diff"]].values.tolist()
    [['reworded', 'K1', 'Know the [-law.-] {+rules.+}']]
    >>> d.metadata.values.tolist()
    [['funding_band', '4000', '3500']]
    >>> d.stale[["framework", "item", "target", "ksb"]].values.tolist()
    [['q', 'ac/1', 'statement/1.1', 'K1']]
    """
    rows, note = [], ""
    changed: dict[str, tuple[str, str]] = {}  # old GUID -> (old code, change)
    if not old.ksbs or not new.ksbs:
        empty = old if not old.ksbs else new
        note = f"{empty.key} lists no KSBs in its record: KSBs not compared"
    else:
        pairs, removed, added = pair_ksbs(old.ksbs, new.ksbs)
        for a, b in pairs:
            if a.detail.strip() != b.detail.strip():
                changed[a.guid] = (a.code, "reworded")
                rows.append({"change": "reworded", "old_code": a.code, "new_code": b.code,
                             "ksb_type": b.ksb_type, "old_text": a.detail,
                             "new_text": b.detail, "diff": word_diff(a.detail, b.detail)})
        rows += [{"change": "removed", "old_code": k.code, "new_code": "",
                  "ksb_type": k.ksb_type, "old_text": k.detail, "new_text": "", "diff": ""}
                 for k in removed]
        changed |= {k.guid: (k.code, "removed") for k in removed}
        rows += [{"change": "added", "old_code": "", "new_code": k.code,
                  "ksb_type": k.ksb_type, "old_text": "", "new_text": k.detail, "diff": ""}
                 for k in added]
    ksbs = pd.DataFrame(rows, columns=KSB_COLUMNS)
    metadata = pd.DataFrame(
        [{"field": f, "old": old.metadata.get(f, ""), "new": new.metadata.get(f, "")}
         for f in COMPARED if old.metadata.get(f, "") != new.metadata.get(f, "")],
        columns=METADATA_COLUMNS)
    return StandardDiff(old.key, new.key, ksbs, metadata, stale_mappings(changed, mappings),
                        note)


def stale_mappings(changed: dict[str, tuple[str, str]], mappings: pd.DataFrame) -> pd.DataFrame:
    """Coverage edges whose target stands for a changed KSB (GUID -> (code, change))."""
    if not changed or mappings.empty:
        return pd.DataFrame(columns=STALE_COLUMNS)
    guid = mappings["subject_id"].str.removeprefix("ksb/")
    matches = mappings[mappings["predicate"].isin(["exact-match", "close-match"])
                       & mappings["subject_id"].str.startswith("ksb/") & guid.isin(changed)]
    targets = {(r.object_framework, r.object_id): changed[r.subject_id.removeprefix("ksb/")]
               for r in matches.itertuples(index=False)}
    elaborated = mappings[(mappings["predicate"] == "elaborates")
                          & mappings["object_id"].str.removeprefix("ksb/").isin(changed)]
    targets |= {(r.subject_framework, r.subject_id): changed[r.object_id.removeprefix("ksb/")]
                for r in elaborated.itertuples(index=False)}
    edges = mappings[mappings["predicate"].isin(["covers", "assesses"])]
    rows = [{"framework": r.subject_framework, "item": r.subject_id, "predicate": r.predicate,
             "target": r.object_id, "ksb": targets[(r.object_framework, r.object_id)][0],
             "change": targets[(r.object_framework, r.object_id)][1],
             "source_file": r.source_file, "source_line": int(r.source_line)}
            for r in edges.itertuples(index=False)
            if (r.object_framework, r.object_id) in targets]
    frame = pd.DataFrame(rows, columns=STALE_COLUMNS)
    return frame.sort_values(["framework", "ksb", "target", "item"]).reset_index(drop=True)
