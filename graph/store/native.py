"""rdflib over a pyoxigraph store: oxrdflib's store, with the pyoxigraph store at hand.

In its own module so that oxrdflib (and the rdflib SPARQL engine it loads) is imported only
when an analysis opens the graph through rdflib, never by the build or a stored answer.
"""

from __future__ import annotations

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph


class NativeStore(OxigraphStore):
    """oxrdflib's store that keeps its pyoxigraph store at hand for direct queries."""

    def __init__(self, native: ox.Store) -> None:
        super().__init__(store=native)
        self.native = native

    def __len__(self, context: Graph | None = None) -> int:
        """The number of triples: the store holds one graph, so its quad count."""
        return len(self.native)
