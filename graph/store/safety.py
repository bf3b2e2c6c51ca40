"""Read-only, time- and memory-limited SPARQL over the built graph, for the app and the
command line.

Only SELECT, ASK, CONSTRUCT and DESCRIBE are run. An update (INSERT, DELETE, LOAD, CLEAR,
DROP ...) is refused, and so is SERVICE, which would make this process fetch from another
host. Two layers enforce this:

1. :func:`check_read_only` reads the exact text the engine gets, split the way the SPARQL
   grammar splits it (comments end at a line feed *or* a carriage return; strings, IRIs and
   variables are skipped), and refuses the word ``SERVICE`` anywhere else, in any case and
   even glued to other words (``1SERVICE:x`` is a SERVICE call to Oxigraph's parser). Where
   the grammar leaves a choice (``<`` opens an IRI or compares; ``\\u0053`` is an escape or
   not) every reading is checked, so the check refuses whatever any reading would call.
2. The query runs in a child process cut off from the network
   (:mod:`graph.store.sandbox`), so a SERVICE call finds no network to reach, with the time
   limit and the memory cap of :class:`~graph.store.sandbox.Limits`.

The project's prefixes are given to the engine as a prefix table, not as text before the
query, so a syntax error's line and column count from the user's own text.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from rdflib import Graph

from graph.errors import CrosswalkError
from graph.model.vocab import PREFIXES
from graph.store.sandbox import (  # noqa: F401 (QueryTimeout and QueryTooBig re-exported)
    DEFAULT_MEMORY_MB,
    DEFAULT_SECONDS,
    Limits,
    QueryFailed,
    QueryTimeout,
    QueryTooBig,
    run_limited,
)

DEFAULT_TIMEOUT = DEFAULT_SECONDS
FORMS = {"SELECT": "SelectQuery", "ASK": "AskQuery", "CONSTRUCT": "ConstructQuery",
         "DESCRIBE": "DescribeQuery"}
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                          "COPY", "WITH"})
TRIPLE_COLUMNS = ["subject", "predicate", "object"]
PREFIX_TABLE = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}

# The grammar's terminals that hide text from the parser: comments, strings, IRIs, variables.
_HIDDEN = r"""
  \#[^\r\n]*                                     # a comment ends at LF or CR
| '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''            # long strings
| \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
| '(?:[^'\\\n\r]|\\.)*'                          # short strings
| "(?:[^"\\\n\r]|\\.)*"
| [?$][A-Za-z0-9_]+                              # variables (ASCII only: stops early, safe)
| {iri}                                          # an IRI
"""
STRICT_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'  # IRIREF as the grammar writes it
LOOSE_IRI = r"<[^<>\s]*>"  # what a lenient parser might still take for an IRI
LEXERS = tuple(re.compile(_HIDDEN.format(iri=iri), re.VERBOSE | re.DOTALL)
               for iri in (STRICT_IRI, LOOSE_IRI))
CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*(?::[^\s{}()<>,;]*)?")


class QueryRefused(CrosswalkError):
    """The query is not allowed (empty, an update, SERVICE) or is not valid SPARQL."""


def check_read_only(text: str) -> str:
    """Return the query form (``SelectQuery``, ``AskQuery`` ...) or raise :class:`QueryRefused`.

    >>> check_read_only("SELECT * WHERE { ?s ?p ?o }")
    'SelectQuery'
    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.store.safety.QueryRefused: updates are not allowed: this endpoint is read-only
    >>> check_read_only("SELECT * { # note\\r SERVICE <http://h/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.store.safety.QueryRefused: SERVICE is not allowed: queries run on this graph only
    """
    if not text.strip():
        raise QueryRefused("enter a query: the query is empty")
    readings = [code for source in {text, unescape_codepoints(text)}
                for code in (_code(source, lexer) for lexer in LEXERS)]
    if any("SERVICE" in code.upper() for code in readings):
        raise QueryRefused("SERVICE is not allowed: queries run on this graph only")
    words = [word.upper() for code in readings for word in WORD.findall(code)
             if ":" not in word]
    if UPDATE_WORDS & set(words):
        raise QueryRefused("updates are not allowed: this endpoint is read-only")
    form = next((FORMS[word] for word in words if word in FORMS), None)
    if form is None:
        raise QueryRefused("not a SPARQL query: it must be a SELECT, ASK, CONSTRUCT or "
                           "DESCRIBE query")
    return form


def _code(text: str, lexer: re.Pattern[str]) -> str:
    """``text`` with its comments, strings, IRIs and variables replaced by a space."""
    return lexer.sub(" ", text)


def unescape_codepoints(text: str) -> str:
    r"""``text`` with SPARQL's ``\uXXXX`` and ``\UXXXXXXXX`` escapes replaced by their
    characters (the grammar allows them anywhere in a query).

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return CODEPOINT_ESCAPE.sub(character, text)


Rows = tuple[list[str], list[list[str]]]  # column names and rows of plain strings


def result_rows(result: Any) -> Rows:
    """An rdflib query result as columns and rows: SELECT rows, ASK one boolean, or triples."""
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return TRIPLE_COLUMNS, [[str(t) for t in triple] for triple in result.graph]
    return [str(v) for v in result.vars], [["" if v is None else str(v) for v in row]
                                           for row in result]


def result_frame(result: Any) -> pd.DataFrame:
    """An rdflib query result as a DataFrame (:func:`result_rows`)."""
    columns, rows = result_rows(result)
    return pd.DataFrame(rows, columns=columns)


def native_rows(result: Any) -> Rows:
    """A pyoxigraph query result as columns and rows, shaped as :func:`result_rows` shapes
    them."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[bool(result)]]
    if isinstance(result, ox.QueryTriples):
        return TRIPLE_COLUMNS, [[t.subject.value, t.predicate.value, t.object.value]
                                for t in result]
    return [v.value for v in result.variables], [["" if v is None else v.value for v in row]
                                                 for row in result]


def _answer(graph: Graph, text: str) -> Rows:
    """Run ``text`` on ``graph``'s own engine (in the sandboxed child, which builds no
    DataFrame: pandas' allocators reserve more address space than a query's cap allows)."""
    from graph.store.backends import endpoint_of, native_store

    if (native := native_store(graph)) is not None:
        try:
            return native_rows(native.query(text, prefixes=PREFIX_TABLE))
        except SyntaxError as exc:
            raise QueryRefused(f"not a valid SPARQL query: {exc}") from None
    if (endpoint := endpoint_of(graph)) is not None:
        from graph.store.remote import remote_query

        frame = remote_query(endpoint, text)  # declares the prefixes itself
        return list(frame.columns), frame.astype(str).to_numpy().tolist()
    try:
        return result_rows(graph.query(text, initNs=PREFIX_TABLE))
    except SyntaxError as exc:
        raise QueryRefused(f"not a valid SPARQL query: {exc}") from None
    except Exception as exc:  # pyparsing's ParseException and friends
        if type(exc).__name__.startswith("Parse"):
            raise QueryRefused(f"not a valid SPARQL query: {exc}") from None
        raise


def run_query(graph: Graph, text: str, timeout: float = DEFAULT_TIMEOUT,
              memory_mb: int = DEFAULT_MEMORY_MB) -> pd.DataFrame:
    """Run a read-only query on ``graph`` within ``timeout`` seconds and ``memory_mb`` of
    memory; return a DataFrame.

    Raises :class:`QueryRefused` for empty queries, updates, SERVICE and invalid queries,
    :class:`QueryTimeout` and :class:`QueryTooBig` when a limit passes (the child process is
    stopped), and :class:`~graph.store.sandbox.QueryFailed` for the engine's other errors.
    """
    from graph.store.backends import endpoint_of

    check_read_only(text)
    limits = Limits(timeout, memory_mb, network=endpoint_of(graph) is not None)
    try:
        columns, rows = run_limited(lambda: _answer(graph, text), limits)
    except QueryFailed as exc:
        message = str(exc)
        if message.startswith("not a valid SPARQL query"):
            raise QueryRefused(message) from None
        raise QueryRefused(f"the query failed: {message}") from None
    return pd.DataFrame(rows, columns=columns)
