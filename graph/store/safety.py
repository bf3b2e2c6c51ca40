"""Read-only, time-limited SPARQL over the built graph, for the app and the command line.

Only SELECT, ASK, CONSTRUCT and DESCRIBE are run. An update (INSERT, DELETE, LOAD, CLEAR,
DROP ...) is refused, and so is SERVICE, which would make this process fetch from another
host. A query runs in a forked child process that is stopped when the time limit passes.
"""

from __future__ import annotations

import multiprocessing
import queue
from typing import Any

import pandas as pd
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate

from graph.errors import CrosswalkError
from graph.model.vocab import SPARQL_PREFIXES

DEFAULT_TIMEOUT = 10.0  # seconds


class QueryRefused(CrosswalkError):
    """The query is not allowed (an update, SERVICE) or is not valid SPARQL."""


class QueryTimeout(CrosswalkError):
    """The query ran longer than its time limit and was stopped."""


def check_read_only(text: str) -> str:
    """Return the query form (``SelectQuery``, ``AskQuery`` ...) or raise :class:`QueryRefused`.

    >>> check_read_only("SELECT * WHERE { ?s ?p ?o }")
    'SelectQuery'
    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.store.safety.QueryRefused: updates are not allowed: this endpoint is read-only
    """
    try:
        prepared = prepareQuery(_with_prefixes(text))
    except Exception as exc:  # rdflib raises pyparsing and its own errors alike
        if _is_update(text):
            raise QueryRefused("updates are not allowed: this endpoint is read-only") from None
        raise QueryRefused(f"not a valid SPARQL query: {_first_line(exc)}") from None
    if "ServiceGraphPattern" in repr(prepared.algebra):
        raise QueryRefused("SERVICE is not allowed: queries run on this graph only")
    return prepared.algebra.name


def _with_prefixes(text: str) -> str:
    return f"{SPARQL_PREFIXES}\n{text}"


def _is_update(text: str) -> bool:
    try:
        parseUpdate(_with_prefixes(text))
    except Exception:  # not an update either
        return False
    return True


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def result_frame(result: Any) -> pd.DataFrame:
    """An rdflib query result as a DataFrame: SELECT rows, ASK one boolean, or triples."""
    if result.type == "ASK":
        return pd.DataFrame({"ask": [bool(result.askAnswer)]})
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return pd.DataFrame([[str(t) for t in triple] for triple in result.graph],
                            columns=["subject", "predicate", "object"])
    columns = [str(v) for v in result.vars]
    return pd.DataFrame([["" if v is None else str(v) for v in row] for row in result],
                        columns=columns)


def _run_in_child(graph: Graph, text: str, out: multiprocessing.Queue) -> None:
    try:
        out.put(("ok", result_frame(graph.query(_with_prefixes(text)))))
    except Exception as exc:  # reported to the parent as one line
        out.put(("error", _first_line(exc)))


def run_query(graph: Graph, text: str, timeout: float = DEFAULT_TIMEOUT) -> pd.DataFrame:
    """Run a read-only query on ``graph`` within ``timeout`` seconds; return a DataFrame.

    Raises :class:`QueryRefused` for updates, SERVICE and invalid queries, and
    :class:`QueryTimeout` when the limit passes (the child process is stopped).
    """
    check_read_only(text)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_run_in_child, args=(graph, text, results), daemon=True)
    child.start()
    try:
        status, value = results.get(timeout=timeout)
    except queue.Empty:
        child.kill()
        child.join()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
    child.join()
    if status == "error":
        raise QueryRefused(f"the query failed: {value}")
    return value
