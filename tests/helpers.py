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


def add_item(view, key: str, kind: str, notation: str, label: str, up: str | None = None,
             covers: tuple[str, ...] = ()) -> None:
    """Add an item ``framework:item_id`` to a hand-made networkx view, with its parent edge
    and the items it covers."""
    view.add_node(key, framework=key.partition(":")[0], kind=kind, notation=notation,
                  label=label)
    if up:
        view.add_edge(key, up, key="broader", type="broader")
    for target in covers:
        view.add_edge(key, target, key="covers", type="covers")
