"""The project's SPARQL query library: one ``.rq`` file per question in ``ontology/queries``.

Each file opens with ``#`` comment lines: the first says what the query answers, a line
starting ``Parameters:`` which parameters it takes (as ``VALUES`` defaults that can be
edited). The project's prefixes are declared for every query.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError
from graph.model.validate import ONTOLOGY_DIR

QUERY_DIR = ONTOLOGY_DIR / "queries"


@dataclass(frozen=True)
class LibraryQuery:
    """One library query: its name (the file stem), what it answers, its parameters, text."""

    name: str
    question: str
    parameters: str
    text: str


def read_query(path: Path) -> LibraryQuery:
    """Read one ``.rq`` file of the library."""
    text = path.read_text(encoding="utf-8")
    comments = [line.lstrip("# ").rstrip() for line in text.splitlines() if line.startswith("#")]
    parameters = next((c.removeprefix("Parameters:").strip() for c in comments
                       if c.startswith("Parameters:")), "none")
    question = " ".join(c for c in comments if not c.startswith("Parameters:"))
    return LibraryQuery(path.stem, question, parameters, text)


def library(folder: Path = QUERY_DIR) -> dict[str, LibraryQuery]:
    """Every query of the library by name, in name order."""
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


def resolve_query(query: str) -> str:
    """The query text for ``query``: a library name, a path to a ``.rq`` file, or the text.

    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    """
    queries = library()
    if query in queries:
        return queries[query].text
    if query.endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise InputError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return query
