"""Reading and writing the tidy tables in ``data/`` as CSV, atomically and with checks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from graph.errors import InputError
from graph.model.tables import COLUMNS, TABLES


def table_path(data_dir: Path, name: str) -> Path:
    """Where table ``name`` lives: ``data/<name>.csv``."""
    return data_dir / f"{name}.csv"


def write_tables(tables: dict[str, pd.DataFrame], data_dir: Path) -> list[Path]:
    """Write every table to ``data_dir`` as CSV, all or nothing.

    Each file is first written to a temporary file in the same folder and only renamed into
    place once all of them were written, so a failure leaves the previous tables untouched.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name in TABLES:
            frame = tables[name]
            if tuple(frame.columns) != COLUMNS[name]:
                raise InputError(f"table {name}: columns {list(frame.columns)} are not "
                                 f"the declared {list(COLUMNS[name])}")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".csv", dir=data_dir)
            os.close(fd)
            frame.to_csv(tmp, index=False, lineterminator="\n")
            staged.append((Path(tmp), table_path(data_dir, name)))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def read_table(data_dir: Path, name: str) -> pd.DataFrame:
    """Read table ``name`` from ``data_dir``, checking its header and its line numbers.

    Raises :class:`InputError` naming the file, row and column of the first problem.
    """
    path = table_path(data_dir, name)
    if not path.is_file():
        raise InputError(f"{path}: missing; run `crosswalk ingest` to create the tidy tables")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable UTF-8 CSV file ({exc})") from None
    expected = list(COLUMNS[name])
    if list(frame.columns) != expected:
        missing = [c for c in expected if c not in frame.columns]
        extra = [c for c in frame.columns if c not in expected]
        raise InputError(f"{path}: row 1 (header): missing columns {missing}, "
                         f"unknown columns {extra}")
    bad = ~frame["source_line"].str.fullmatch(r"\d+")
    if bad.any():
        row = int(bad.idxmax()) + 2
        raise InputError(f"{path}: row {row}, column source_line: "
                         f"{frame.loc[bad.idxmax(), 'source_line']!r} is not a line number")
    frame["source_line"] = frame["source_line"].astype("int64")
    return frame


def read_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Read all tidy tables from ``data_dir``."""
    return {name: read_table(data_dir, name) for name in TABLES}
