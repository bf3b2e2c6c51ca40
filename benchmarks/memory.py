"""Peak memory of one process: ``python -m benchmarks.memory MODE DATA_DIR`` prints the peak
resident set in MiB after opening the built graph and running every analysis.

MODE ``oxigraph`` opens the cached store and runs the analyses; ``rdflib`` only copies the
store into rdflib's memory store; ``build`` builds the store from the tidy tables (rdflib
build, Oxigraph load, equivalences, shape checks).
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.analyses import analyses
from benchmarks.catalogue import first_qualification, store_of
from graph.store.backends import oxigraph_graph, rdflib_graph
from graph.store.cache import write_cache


def peak_mib() -> float:
    """This process's peak resident set (``VmHWM``: unlike ``ru_maxrss`` it does not carry
    over the parent's peak through fork and exec)."""
    line = next(line for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main(mode: str, folder: Path) -> float:
    if mode == "build":
        write_cache(folder)
        return peak_mib()
    store = store_of(folder)
    if mode == "rdflib":
        rdflib_graph(store)
        return peak_mib()
    for run in analyses(oxigraph_graph(store), first_qualification(store)).values():
        run()
    return peak_mib()


if __name__ == "__main__":
    print(f"{main(sys.argv[1], Path(sys.argv[2])):.0f}")
