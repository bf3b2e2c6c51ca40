"""SPARQL over HTTP: asking any SPARQL 1.1 endpoint, and serving the graph with Oxigraph.

``crosswalk serve`` runs the Oxigraph server (the ``oxigraph`` package from PyPI) in
read-only mode on a store loaded with the built graph: SPARQL 1.1 Protocol at ``/query``,
bound to 127.0.0.1 unless told otherwise, with a per-query time limit. The store lives in
``build/oxigraph`` and is reloaded only when the built graph is newer than it.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from graph.errors import CrosswalkError
from graph.queries import SPARQL_PREFIXES

DEFAULT_PORT = 7878
DEFAULT_HOST = "127.0.0.1"
QUERY_TIMEOUT = 30  # seconds a served query may run


class EndpointError(CrosswalkError):
    """The endpoint could not be reached, refused the query, or the server did not start."""


def oxigraph_command() -> str:
    """The ``oxigraph`` server executable installed beside this Python."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or \
        shutil.which("oxigraph")
    if found is None:
        raise EndpointError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def remote_query(endpoint: str, text: str, timeout: float = 60.0) -> pd.DataFrame:
    """Run a SELECT or ASK query on ``endpoint`` (SPARQL 1.1 Protocol, POST) as a DataFrame.

    The project's prefixes are declared; values are their plain string forms, unbound ones
    empty, exactly as :func:`graph.sparql.result_frame` gives them in-process.
    """
    request = urllib.request.Request(
        endpoint, data=f"{SPARQL_PREFIXES}\n{text}".encode(),
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"{endpoint} refused the query: HTTP {exc.code} "
                            f"{detail[0] if detail else exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise EndpointError(f"{endpoint}: cannot reach the endpoint ({exc})") from None
    if "boolean" in payload:
        return pd.DataFrame({"ask": [bool(payload["boolean"])]})
    columns = payload["head"]["vars"]
    rows = [[b.get(c, {}).get("value", "") for c in columns]
            for b in payload["results"]["bindings"]]
    return pd.DataFrame(rows, columns=columns)


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def load_store(rdf_file: Path, location: Path) -> Path:
    """Load an RDF file into a fresh Oxigraph store at ``location`` (replacing it)."""
    if location.exists():
        shutil.rmtree(location)
    location.mkdir(parents=True)
    result = subprocess.run([oxigraph_command(), "load", "--location", str(location),
                             "--file", str(rdf_file)], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise EndpointError(f"oxigraph load failed: {result.stderr.strip()[:300]}")
    return location


@contextmanager
def oxigraph_server(location: Path, host: str = DEFAULT_HOST, port: int | None = None,
                    timeout: int = QUERY_TIMEOUT) -> Iterator[str]:
    """Run ``oxigraph serve-read-only`` on ``location``; yield its query URL; stop it after."""
    port = port or free_port(host)
    process = subprocess.Popen(
        [oxigraph_command(), "serve-read-only", "--location", str(location),
         "--bind", f"{host}:{port}", "--timeout-s", str(timeout)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://{host}:{port}/query"
    try:
        wait_until_ready(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_ready(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    """Poll ``url`` with ``ASK {}`` until it answers, or fail when the server exits."""
    deadline = time.monotonic() + seconds
    probe = f"{url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    while True:
        if process.poll() is not None:
            message = process.stderr.read().strip() if process.stderr else ""
            raise EndpointError(f"the Oxigraph server stopped: {message[:300]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise EndpointError(f"the Oxigraph server did not answer at {url}") from None
            time.sleep(0.2)


def ensure_store(graph_file: Path, location: Path) -> Path:
    """An Oxigraph store at ``location`` holding ``graph_file`` (Turtle or N-Triples).

    The store is reused while it was loaded from the same file at the same modification
    time; otherwise it is loaded afresh.
    """
    stamp = location / ".loaded-from"
    key = f"{graph_file.resolve()} {graph_file.stat().st_mtime_ns}"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return location
    load_store(graph_file, location)
    stamp.write_text(key, encoding="utf-8")
    return location
