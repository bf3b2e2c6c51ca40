"""Serving the graph over the SPARQL 1.1 Protocol, read-only, with limits per query.

``crosswalk serve`` answers SPARQL 1.1 Protocol queries (``GET`` and ``POST`` at ``/query``)
from a pyoxigraph store in this process's memory, loaded from the Oxigraph store in
``build/oxigraph`` (reloaded only when the built graph is newer than it). There is no other
port: nothing but this endpoint answers, and it

* refuses updates and ``SERVICE`` with HTTP 400 and one line
  (:func:`graph.store.safety.check_read_only`), and runs every query in a child process cut
  off from the network (:mod:`graph.store.sandbox`), so no query reaches another host;
* stops a query at its time limit (``--timeout-s``, HTTP 503) and at its memory cap
  (``--memory-mb``, HTTP 503), killing its child process so its CPU and memory are free at
  once; a crashed query takes only its own child down, and the next request is answered;
* runs at most :data:`MAX_RUNNING` queries at once (HTTP 503 "busy" after waiting one time
  limit for a turn);
* reads a request within :data:`READ_TIMEOUT` seconds (HTTP 408 otherwise) and accepts a
  query of at most :data:`MAX_QUERY_BYTES` (HTTP 413).

Answers: SELECT and ASK as SPARQL results JSON (default), XML, CSV or TSV; CONSTRUCT and
DESCRIBE as N-Triples (default), Turtle or RDF/XML, chosen by the ``Accept`` header.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from graph.errors import CrosswalkError
from graph.store.remote import EndpointError
from graph.store.safety import QueryRefused, check_read_only
from graph.store.sandbox import (
    DEFAULT_MEMORY_MB,
    SERVED_SECONDS,
    Limits,
    QueryFailed,
    QueryTimeout,
    QueryTooBig,
    run_limited,
)

DEFAULT_PORT = 7878
DEFAULT_HOST = "127.0.0.1"
QUERY_TIMEOUT = SERVED_SECONDS  # seconds a served query may run
MAX_QUERY_BYTES = 256 * 1024  # request body (or query string) the endpoint accepts
READ_TIMEOUT = 10.0  # seconds a client may take to send its request
MAX_RUNNING = 4  # queries evaluated at once
DATASET = ("default-graph-uri", "named-graph-uri")  # SPARQL Protocol dataset parameters


def oxigraph_command() -> str:
    """The ``oxigraph`` server executable installed beside this Python."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or \
        shutil.which("oxigraph")
    if found is None:
        raise EndpointError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


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


def memory_store(location: Path) -> ox.Store:
    """A copy in memory of the Oxigraph store at ``location`` (opened read-only)."""
    disk = ox.Store.read_only(str(location))
    memory = ox.Store()
    memory.bulk_extend(disk)
    del disk
    return memory


@contextmanager
def oxigraph_server(location: Path, host: str = DEFAULT_HOST, port: int | None = None,
                    timeout: float = QUERY_TIMEOUT,
                    memory_mb: int = DEFAULT_MEMORY_MB,
                    read_timeout: float = READ_TIMEOUT) -> Iterator[str]:
    """Serve the Oxigraph store at ``location`` read-only on ``host:port`` (module
    docstring), each query within ``timeout`` seconds and ``memory_mb``, each request read
    within ``read_timeout`` seconds; yield the query URL; stop after."""
    handler = type("Handler", (ReadOnlyEndpoint,), {
        "store": memory_store(location), "limits": Limits(timeout, memory_mb),
        "turns": threading.BoundedSemaphore(MAX_RUNNING), "timeout": read_timeout})
    server = ThreadingHTTPServer((host, port or free_port(host)), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def answer_query(store: ox.Store, query: str, accept: str,
                 dataset: list[tuple[str, str]]) -> tuple[str, bytes]:
    """Evaluate ``query`` on ``store``: the media type and bytes of its serialised answer
    in the first format of ``accept`` that fits (JSON results or N-Triples by default)."""
    graphs = {name: [ox.NamedNode(v) for n, v in dataset if n == name] for name in DATASET}
    try:
        result = store.query(query, default_graph=graphs["default-graph-uri"] or None,
                             named_graphs=graphs["named-graph-uri"] or None)
    except SyntaxError as exc:
        raise QueryRefused(f"not a valid SPARQL query: {exc}") from None
    except ValueError as exc:  # an IRI of the dataset that is not an IRI
        raise QueryRefused(str(exc)) from None
    if isinstance(result, ox.QueryTriples):
        rdf = _format(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.N_TRIPLES)
        return rdf.media_type, result.serialize(format=rdf)
    results = _format(accept, ox.QueryResultsFormat.from_media_type,
                      ox.QueryResultsFormat.JSON)
    return results.media_type, result.serialize(format=results)


def _format(accept: str, known, default):
    """The first media type of an ``Accept`` header that ``known`` recognises, else
    ``default``."""
    for item in accept.split(","):
        found = known(item.split(";")[0].strip())
        if found is not None:
            return found
    return default


class ReadOnlyEndpoint(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol query operation only; see the module docstring."""

    store: ox.Store
    limits = Limits(QUERY_TIMEOUT)
    turns = threading.BoundedSemaphore(MAX_RUNNING)
    timeout = READ_TIMEOUT  # the socket's read timeout (StreamRequestHandler)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if self._wrong_path(url.path):
            return
        if len(url.query) > MAX_QUERY_BYTES:
            self._answer(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
            return
        self._evaluate(urllib.parse.parse_qsl(url.query))

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if self._wrong_path(url.path):
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._answer(411, "a POST needs a Content-Length")
            return
        if int(length) > MAX_QUERY_BYTES:
            self._answer(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
            return
        try:
            body = self.rfile.read(int(length))
        except TimeoutError:
            self.close_connection = True
            self._answer(408, f"the request was not sent within {self.timeout:g} s")
            return
        if len(body) < int(length):
            self.close_connection = True
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._answer(400, "the request body is not UTF-8")
            return
        kind = self.headers.get_content_type()
        if kind == "application/sparql-update":
            self._answer(400, "updates are not allowed: this endpoint is read-only")
        elif kind == "application/sparql-query":
            self._evaluate([("query", text), *urllib.parse.parse_qsl(url.query)])
        elif kind == "application/x-www-form-urlencoded":
            self._evaluate(urllib.parse.parse_qsl(text))
        else:
            self._answer(415, "send the query as application/sparql-query or as a form")

    def _wrong_path(self, path: str) -> bool:
        if path == "/query":
            return False
        self._answer(404, "this endpoint answers read-only SPARQL queries at /query only")
        return True

    def _evaluate(self, params: list[tuple[str, str]]) -> None:
        queries = [value for name, value in params if name == "query"]
        if len(queries) != 1:
            self._answer(400, "give exactly one query parameter (updates are not allowed)")
            return
        try:
            check_read_only(queries[0])
        except QueryRefused as exc:
            self._answer(400, str(exc))
            return
        if not self.turns.acquire(timeout=self.limits.seconds):
            self._answer(503, "the endpoint is busy with other queries; try again")
            return
        dataset = [(n, v) for n, v in params if n in DATASET]
        accept = self.headers.get("Accept", "*/*")
        try:
            kind, body = run_limited(
                lambda: answer_query(self.store, queries[0], accept, dataset), self.limits)
        except QueryFailed as exc:
            self._answer(400, str(exc))
            return
        except (QueryTimeout, QueryTooBig) as exc:
            self._answer(503, str(exc))
            return
        except CrosswalkError as exc:  # the engine crashed: only this query's child died
            self._answer(500, str(exc))
            return
        finally:
            self.turns.release()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, status: int, message: str) -> None:
        body = f"{message}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the command prints the endpoint's URL and nothing per request."""


def wait_until_ready(url: str, process: subprocess.Popen, seconds: float = 30.0,
                     name: str = "the Oxigraph server") -> None:
    """Poll ``url`` with ``ASK {}`` until it answers, or fail when the server exits."""
    deadline = time.monotonic() + seconds
    probe = f"{url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    while True:
        if process.poll() is not None:
            message = process.stderr.read().strip() if process.stderr else ""
            raise EndpointError(f"{name} stopped: {message[:300]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise EndpointError(f"{name} did not answer at {url}") from None
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
