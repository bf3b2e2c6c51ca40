"""The one builder of audit rows (the ``defects`` table) that every importer uses."""

from __future__ import annotations

from collections.abc import Callable


def defect(kind: str, item: str, message: str, source_file: str, line: int) -> dict:
    """One row of the ``defects`` table: what kind of defect, on which item, where.

    >>> defect("truncated-text", "standard:criterion/B18.2", "cut off", "a.txt", 3)["source_line"]
    3
    """
    return {"kind": kind, "item": item, "message": message, "source_file": source_file,
            "source_line": int(line)}


def defect_builder(source_file: str) -> Callable[[str, str, str, int], dict]:
    """:func:`defect` with the document fixed: ``(kind, item, message, line) -> row``.

    >>> defect_builder("a.txt")("missing-ac", "", "no AC", 7)["source_file"]
    'a.txt'
    """

    def build(kind: str, item: str, message: str, line: int) -> dict:
        return defect(kind, item, message, source_file, line)

    return build
