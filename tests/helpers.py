"""Small helpers the tests share."""

from __future__ import annotations

import pandas as pd


def normalised(frame: pd.DataFrame) -> list[tuple]:
    """Rows as sorted tuples, numbers compared as numbers (1.0 and 1.0E0 are equal)."""
    def value(v: str):
        try:
            return round(float(v), 9)
        except ValueError:
            return v

    return sorted(tuple(value(v) for v in row) for row in frame.itertuples(index=False))
