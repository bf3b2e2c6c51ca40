"""The store behind the graph: rdflib in memory, Oxigraph in process, or a remote endpoint.

Every consumer takes an rdflib :class:`~rdflib.Graph`; the setting only chooses its store:

* ``oxigraph`` (the default): an Oxigraph store (pyoxigraph, through oxrdflib:
  :mod:`graph.store.native`) opened from the build cache, so nothing is parsed at start and
  SPARQL runs in Rust. :func:`select_rows`
  asks the pyoxigraph store directly, without converting every term to rdflib and back.
* ``rdflib``: rdflib's own in-memory store, filled from the same cache: the reference
  implementation, slower to start and to query, for when rdflib's own semantics are wanted.
* a SPARQL endpoint (``--endpoint URL`` or ``CROSSWALK_ENDPOINT``): a read-only
  :class:`RemoteStore` whose every question goes through the protocol client
  (:mod:`graph.store.remote`); :func:`select_rows` sends each query to the endpoint, so the
  store there does the joins and aggregates and only result rows travel. ``--timeout-s``
  (``CROSSWALK_TIMEOUT_S``) limits how long it may take to answer.

``CROSSWALK_BACKEND`` chooses the first two; an endpoint overrides it. Answers are the same
on all three: every value is its plain string form (the lexical form of a literal, the IRI
of a node), unbound values are empty strings.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable

import pandas as pd
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store

from graph.errors import CrosswalkError, InputError

BACKENDS = ("oxigraph", "rdflib")
DEFAULT_BACKEND = "oxigraph"
BACKEND_SETTING = "CROSSWALK_BACKEND"
ENDPOINT_SETTING = "CROSSWALK_ENDPOINT"
GRAPH_SETTING = "CROSSWALK_GRAPH"
TIMEOUT_SETTING = "CROSSWALK_TIMEOUT_S"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class SelectStore(Store):
    """An rdflib store that only holds a pyoxigraph store for :func:`select_rows`: enough
    for :func:`graph.analysis.network.to_networkx`, without loading oxrdflib (the build's
    own view)."""

    def __init__(self, native: ox.Store) -> None:
        super().__init__()
        self.native = native

    def __len__(self, context: Graph | None = None) -> int:
        return len(self.native)


def chosen_backend(backend: str | None = None) -> str:
    """``backend``, else the ``CROSSWALK_BACKEND`` setting, else :data:`DEFAULT_BACKEND`.

    >>> chosen_backend("rdflib")
    'rdflib'
    """
    name = backend or os.environ.get(BACKEND_SETTING) or DEFAULT_BACKEND
    if name not in BACKENDS:
        raise InputError(f"backend {name!r}: choose one of {', '.join(BACKENDS)} "
                         f"(setting {BACKEND_SETTING})")
    return name


def chosen_endpoint(endpoint: str | None = None, graph: str | None = None) -> str | None:
    """The endpoint URL to read from (``endpoint`` or ``CROSSWALK_ENDPOINT``), or None.

    With a graph IRI (``graph`` or ``CROSSWALK_GRAPH``) the URL asks for that named graph as
    the default graph (SPARQL 1.1 Protocol ``default-graph-uri``), as ``publish --graph``
    loaded it.

    >>> chosen_endpoint("http://h/query", "urn:g")
    'http://h/query?default-graph-uri=urn%3Ag'
    """
    url = endpoint or os.environ.get(ENDPOINT_SETTING)
    if not url:
        return None
    iri = graph or os.environ.get(GRAPH_SETTING)
    if not iri:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urllib.parse.urlencode({'default-graph-uri': iri})}"


def oxigraph_graph(native: ox.Store) -> Graph:
    """An rdflib graph over the default graph of the pyoxigraph store ``native``."""
    from graph.store.native import NativeStore

    return Graph(store=NativeStore(native), identifier=DATASET_DEFAULT_GRAPH_ID)


def select_graph(native: ox.Store) -> Graph:
    """An rdflib graph over ``native`` that answers :func:`select_rows` only (see
    :class:`SelectStore`)."""
    return Graph(store=SelectStore(native), identifier=DATASET_DEFAULT_GRAPH_ID)


def rdflib_graph(native: ox.Store) -> Graph:
    """An rdflib in-memory copy of the default graph of ``native``."""
    graph = Graph()
    graph.addN((*(to_rdflib(t) for t in (q.subject, q.predicate, q.object)), graph)
               for q in native.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return graph


class RemoteStore(Store):
    """A read-only rdflib store over a SPARQL endpoint: triple patterns and counts become
    SELECT queries sent by :mod:`graph.store.remote`, whose rules every store accepts."""

    def __init__(self, endpoint: str, timeout_s: float) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.timeout_s = timeout_s

    def triples(self, pattern, context=None):
        """Every triple matching ``pattern`` (None matches anything), asked of the endpoint."""
        from rdflib.plugins.sparql.results.jsonresults import parseJsonTerm

        from graph.store.remote import ask_query

        names = ("s", "p", "o")
        where = " ".join(f"?{n}" if t is None else t.n3() for n, t in zip(names, pattern,
                                                                         strict=True))
        answer = ask_query(self.endpoint, f"SELECT * WHERE {{ {where} }}", self.timeout_s)
        for binding in answer.bindings:
            yield tuple(parseJsonTerm(binding[n]) if t is None else t
                        for n, t in zip(names, pattern, strict=True)), iter(())

    def __len__(self, context=None) -> int:
        from graph.store.remote import ask_query

        answer = ask_query(self.endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                           self.timeout_s)
        return int(answer.bindings[0]["n"]["value"])

    def add(self, triple, context, quoted=False) -> None:
        raise CrosswalkError(f"{self.endpoint} is read here, never written: use "
                             "`crosswalk publish` to load a graph into a store")

    def remove(self, triple, context=None) -> None:
        self.add(triple, context)


def remote_graph(endpoint: str, timeout_s: float | None = None) -> Graph:
    """A read-only rdflib graph whose every question goes to the SPARQL endpoint
    ``endpoint``, each allowed ``timeout_s`` seconds to answer (else ``CROSSWALK_TIMEOUT_S``,
    else :data:`graph.store.remote.DEFAULT_TIMEOUT_S`)."""
    from graph.store.remote import DEFAULT_TIMEOUT_S

    limit = timeout_s or float(os.environ.get(TIMEOUT_SETTING) or DEFAULT_TIMEOUT_S)
    return Graph(store=RemoteStore(endpoint, limit))


def queryable(graph: Graph) -> Graph:
    """``graph`` itself when a SPARQL engine answers it (Oxigraph or an endpoint), else an
    Oxigraph copy of it: rdflib's evaluator takes minutes on a query that joins a UNION with
    several OPTIONALs, which Oxigraph answers in a tenth of a second."""
    if native_store(graph) is not None or isinstance(graph.store, RemoteStore):
        return graph
    native = ox.Store()
    native.load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return oxigraph_graph(native)


def native_store(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store behind ``graph``, or None when it is not an Oxigraph graph."""
    native = getattr(graph.store, "native", None)
    return native if isinstance(native, ox.Store) else None


def endpoint_of(graph: Graph) -> str | None:
    """The endpoint URL behind ``graph``, or None when it is not a remote graph."""
    return graph.store.endpoint if isinstance(graph.store, RemoteStore) else None


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term; a plain string stays a plain literal.

    >>> to_rdflib(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == XSD_STRING else \
        Literal(term.value, datatype=URIRef(datatype))


def select_rows(graph: Graph, query: str) -> pd.DataFrame:
    """Run the SELECT ``query`` (prefixes already declared) on ``graph``'s store.

    Oxigraph is asked directly and remote endpoints over HTTP; rdflib's own store runs it
    itself. Values are plain strings, unbound ones empty, whichever store answers.
    """
    if (native := native_store(graph)) is not None:
        result = native.query(query)
        columns = [v.value for v in result.variables]
        return pd.DataFrame(_values(result), columns=columns)
    if isinstance(graph.store, RemoteStore):
        from graph.store.remote import answer_frame, ask_query

        return answer_frame(ask_query(graph.store.endpoint, query, graph.store.timeout_s))
    result = graph.query(query)
    columns = [str(v) for v in result.vars]
    return pd.DataFrame([["" if v is None else str(v) for v in row] for row in result],
                        columns=columns)


def _values(solutions: Iterable[ox.QuerySolution]) -> list[list[str]]:
    return [["" if v is None else v.value for v in row] for row in solutions]
