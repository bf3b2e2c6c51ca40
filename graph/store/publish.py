"""Publishing the built graph to an existing triple store (SPARQL 1.1 Graph Store Protocol).

``crosswalk publish --store URL [--graph IRI]`` sends the cached build as N-Triples to the
store's Graph Store Protocol endpoint: Oxigraph's ``/store``, Virtuoso's
``/sparql-graph-crud-auth``, Fuseki's ``/{dataset}/data``, GraphDB's
``/repositories/{id}/rdf-graphs/service``. The first request is a ``PUT``, which replaces that
graph (the default graph without ``--graph``); a large graph follows in ``POST`` requests of
at most :data:`CHUNK_TRIPLES` triples each, which add to it, so that a million-triple
catalogue never rests on one huge request body. A store that asks for a login gets one, basic
or digest, from ``CROSSWALK_STORE_USER`` / ``CROSSWALK_STORE_PASSWORD`` or ``~/.netrc``
(:mod:`graph.store.remote`). When a later request fails the graph holds the first part only,
and the error says so; publishing again replaces it whole.

The analyses then read from the store's query endpoint (``--endpoint``, with ``--graph`` when
the graph is a named one), so that store runs the SPARQL and only result rows come back.

:func:`writable_oxigraph_server` starts a read-write Oxigraph server for the tests and the
benchmarks; ``crosswalk serve`` stays read-only.
"""

from __future__ import annotations

import subprocess
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
import requests

from graph.ingest.sources import DATA_DIR
from graph.store.cache import cached_store
from graph.store.remote import EndpointError, send
from graph.store.server import DEFAULT_HOST, free_port, oxigraph_command, wait_until_ready

N_TRIPLES = "application/n-triples"
CHUNK_TRIPLES = 200_000  # triples per request: about 30 MB of N-Triples
UPLOAD_TIMEOUT_S = 600.0  # seconds a store may take to take in one chunk


def graph_store_url(store: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of ``graph`` (an IRI) in ``store``, or of its default graph.

    >>> graph_store_url("http://127.0.0.1:7878/store", "https://example.org/g")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fg'
    >>> graph_store_url("http://localhost:3030/ds/data")
    'http://localhost:3030/ds/data?default'
    """
    joiner = "&" if "?" in store else "?"
    query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{store}{joiner}{query}"


def chunks(lines: Iterator[bytes], size: int) -> Iterator[bytes]:
    """N-Triples ``lines`` joined in bodies of at most ``size`` lines (at least one body).

    >>> list(chunks(iter([b"a\\n", b"b\\n", b"c\\n"]), 2))
    [b'a\\nb\\n', b'c\\n']
    >>> list(chunks(iter([]), 2))
    [b'']
    """
    first = True
    while (body := b"".join(islice(lines, size))) or first:
        first = False
        yield body


def publish(store: str, graph: str | None = None, data_dir: Path = DATA_DIR,
            chunk_triples: int = CHUNK_TRIPLES) -> int:
    """Replace ``graph`` (or the default graph) in ``store`` with the built graph of
    ``data_dir``, in requests of at most ``chunk_triples`` triples; return the number of
    triples sent. The built graph has no blank nodes, so no label spans two requests."""
    native = ox.Store.read_only(str(cached_store(data_dir)))
    url = graph_store_url(store, graph)
    with tempfile.NamedTemporaryFile(suffix=".nt") as dump, requests.Session() as session:
        native.dump(dump.name, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        with open(dump.name, "rb") as lines:
            for number, body in enumerate(chunks(lines, chunk_triples)):
                try:
                    send(session, "POST" if number else "PUT", url, UPLOAD_TIMEOUT_S,
                         data=body, headers={"Content-Type": N_TRIPLES})
                except EndpointError as exc:
                    sent = f" after {number * chunk_triples} triples (publish again to " \
                           "replace them)" if number else ""
                    raise EndpointError(f"{exc}{sent}") from None
    return len(native)


@contextmanager
def writable_oxigraph_server(location: Path, host: str = DEFAULT_HOST) -> Iterator[str]:
    """Run ``oxigraph serve`` (read-write) on ``location``; yield its base URL
    (``/query`` answers SPARQL, ``/store`` the Graph Store Protocol); stop it after."""
    base = f"http://{host}:{free_port(host)}"
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind",
         base.removeprefix("http://")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_ready(f"{base}/query", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
