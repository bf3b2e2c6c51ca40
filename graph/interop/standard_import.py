"""Import official standards (the Skills England standards API's JSON) into the tidy tables.

One call imports one file: a single standard version, a standard's versions, or the whole
national list, with an optional occupational maps file for the KSB codes and SOC codes
(:mod:`graph.ingest.skills_england`). All or nothing:

* the files are read and checked completely first; the first problem is an
  :class:`~graph.errors.InputError` naming the file, the record and the field, and nothing is
  written;
* a version already imported is replaced (its frameworks row, items, properties, its own
  mappings and its defects); a version of the bundled records cannot be (``crosswalk
  ingest`` rebuilds those from ``data/sources/``);
* the previous tables are kept in ``data/history/`` and all tables are written atomically,
  under the same lock as the qualification import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.errors import InputError
from graph.fileio import locked
from graph.ingest.skills_england import read_occupations, read_standards, tables_for
from graph.ingest.sources import SOURCES
from graph.interop.importer import keep_previous
from graph.model.tables import TABLES
from graph.model.tables_io import read_tables, write_tables

FRAMEWORK_TABLES = ("frameworks", "items", "properties", "texts")
BUNDLED = frozenset(doc.file_name for doc in SOURCES.values())


@dataclass
class StandardImport:
    """What an import added: the version keys, and how many KSBs and defects."""

    versions: list[str]
    replaced: list[str]
    ksbs: int
    defects: int


def import_standard(path: Path, occupation: Path | None, data_dir: Path) -> StandardImport:
    """Check ``path`` (and ``occupation``) and merge their standards into ``data_dir``."""
    versions = read_standards(path)
    occupations = read_occupations(occupation) if occupation is not None else {}
    new = tables_for(versions, occupations)
    keys = set(new["frameworks"]["framework"])
    with locked(data_dir):
        tables = read_tables(data_dir)
        old = tables["frameworks"]
        bundled = old[old["framework"].isin(keys) & old["source_file"].isin(BUNDLED)]
        if len(bundled):
            key = bundled["framework"].iloc[0]
            number = next(i for i, v in enumerate(versions, start=1) if v.key == key)
            raise InputError(f"{path}: record {number} ({key.replace('@', ' ')}), field "
                             f"version: expected a version the bundled records do not "
                             f"have, found {key} (rebuilt from data/sources/ by ingest)")
        replaced = sorted(keys & set(old["framework"]))
        merged = merge(tables, new, keys)
        keep_previous(data_dir)
        write_tables(merged, data_dir)
    return StandardImport(sorted(keys), replaced,
                          int((new["items"]["kind"] == "KSB").sum()), len(new["defects"]))


def merge(tables: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame],
          keys: set[str]) -> dict[str, pd.DataFrame]:
    """``tables`` without the rows of versions ``keys``, then ``new``'s rows."""
    merged = {}
    for name in TABLES:
        frame = tables[name]
        if name in FRAMEWORK_TABLES:
            frame = frame[~frame["framework"].isin(keys)]
        elif name == "mappings":
            frame = frame[~frame["subject_framework"].isin(keys)]
        else:
            frame = frame[~frame["item"].str.partition(":")[0].isin(keys)]
        merged[name] = pd.concat([frame, new[name]], ignore_index=True)
    return merged
