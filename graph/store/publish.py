"""Publishing the built graph to an existing triple store (SPARQL 1.1 Graph Store Protocol).

``crosswalk publish --store URL [--graph IRI]`` sends the cached build as N-Triples in one
HTTP ``PUT`` to the store's Graph Store Protocol endpoint, which replaces that graph (the
default graph without ``--graph``): Oxigraph's ``/store``, Fuseki's ``/{dataset}/data``,
GraphDB's ``/repositories/{id}/rdf-graphs/service``. The analyses then read from the store's
query endpoint (``--endpoint``, with ``--graph`` when the graph is a named one), so that store
runs the SPARQL and only result rows come back.

:func:`writable_oxigraph_server` starts a read-write Oxigraph server for the tests and the
benchmarks; ``crosswalk serve`` stays read-only.
"""

from __future__ import annotations

import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from graph.ingest.sources import DATA_DIR
from graph.store.cache import cached_store
from graph.store.remote import EndpointError
from graph.store.server import DEFAULT_HOST, free_port, oxigraph_command, wait_until_ready

N_TRIPLES = "application/n-triples"
UPLOAD_TIMEOUT = 3600.0  # seconds for one upload; a million triples take a few


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


def publish(store: str, graph: str | None = None, data_dir: Path = DATA_DIR) -> int:
    """Replace ``graph`` (or the default graph) in ``store`` with the built graph of
    ``data_dir``; return the number of triples sent."""
    native = ox.Store.read_only(str(cached_store(data_dir)))
    with tempfile.NamedTemporaryFile(suffix=".nt") as dump:
        native.dump(dump.name, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        size = Path(dump.name).stat().st_size
        with open(dump.name, "rb") as body:
            request = urllib.request.Request(
                graph_store_url(store, graph), data=body, method="PUT",
                headers={"Content-Type": N_TRIPLES, "Content-Length": str(size)})
            try:
                with urllib.request.urlopen(request, timeout=UPLOAD_TIMEOUT):
                    pass
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace").strip().splitlines()
                raise EndpointError(f"{store} refused the graph: HTTP {exc.code} "
                                    f"{detail[0] if detail else exc.reason}") from None
            except (urllib.error.URLError, OSError) as exc:
                raise EndpointError(f"{store}: cannot reach the store ({exc})") from None
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
