"""The pipeline's stages: sources -> tidy tables (ingest) -> RDF graph (build) -> checks.

Each stage can be run and inspected on its own: ``ingest`` writes ``data/*.csv``; ``build``
reads only those tables and writes Turtle; ``validate`` checks the graph against the SHACL
shapes in ``ontology/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from graph.ingest import (
    cityguilds_handbook,
    cityguilds_manual,
    epa_toolkit,
    highfield,
    ncfe,
    official,
    skills_england,
    standard,
)
from graph.ingest.compare import compare
from graph.ingest.sources import DATA_DIR
from graph.model.tables import TABLES, table
from graph.model.tables_io import read_tables, write_tables

# One importer per source document, in the order their rows appear in the tables.
IMPORTERS: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
    "highfield": highfield.parse,
    "ncfe": ncfe.parse,
    "cityguilds": cityguilds_handbook.parse,
    "cityguilds-manual": cityguilds_manual.parse,
    "epa": epa_toolkit.parse,
    "skills-england": skills_england.parse,
}


def concat(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Concatenate several importers' tables, table by table."""
    out = {}
    for name in TABLES:
        frames = [p[name] for p in parts if name in p and len(p[name])]
        out[name] = pd.concat(frames, ignore_index=True) if frames else table(name)
    return out


def import_sources() -> dict[str, pd.DataFrame]:
    """Run every importer, the standard's reconciliation, the comparison of the documents
    (:mod:`graph.ingest.compare`) and the reconciliation with the official record; return
    the tidy tables."""
    imported = concat([parse() for parse in IMPORTERS.values()])
    reconciled = standard.reconcile(imported)
    tables = dict(imported)
    tables["texts"] = reconciled["texts"]
    for name in ("frameworks", "items", "properties", "defects"):
        tables[name] = pd.concat([reconciled[name], imported[name]], ignore_index=True)
    tables["defects"] = pd.concat([tables["defects"], compare(tables)], ignore_index=True)
    linked = official.reconcile(tables)
    for name in ("mappings", "defects"):
        tables[name] = pd.concat([tables[name], linked[name]], ignore_index=True)
    return tables


def ingest(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Import the sources and write the tidy tables to ``data_dir`` (all or nothing)."""
    tables = import_sources()
    write_tables(tables, data_dir)
    return tables


def load_tables(data_dir: Path = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Read the tidy tables from ``data_dir``."""
    return read_tables(data_dir)
