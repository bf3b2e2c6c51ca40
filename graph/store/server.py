"""Serving the graph over the SPARQL 1.1 Protocol with the Oxigraph server.

``crosswalk serve`` runs the Oxigraph server (the ``oxigraph`` package from PyPI) in
read-only mode on a store loaded with the built graph, with a per-query time limit. The store
lives in ``build/oxigraph`` and is reloaded only when the built graph is newer than it.

Oxigraph itself listens on an internal port of 127.0.0.1 only. The public port is a small
read-only SPARQL 1.1 Protocol proxy in front of it (bound to 127.0.0.1 unless told
otherwise): ``GET`` and ``POST`` at ``/query`` only, a request body of at most
:data:`MAX_QUERY_BYTES`, and every query checked with :func:`graph.store.safety.check_read_only`
before it is forwarded, so an update or a ``SERVICE`` call to another host is answered with
HTTP 400 and a one-line message and never reaches Oxigraph.
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

from graph.store.remote import EndpointError
from graph.store.safety import QueryRefused, check_read_only

DEFAULT_PORT = 7878
DEFAULT_HOST = "127.0.0.1"
QUERY_TIMEOUT = 30  # seconds a served query may run
MAX_QUERY_BYTES = 256 * 1024  # request body (or query string) the proxy accepts
FORWARDED = ("query", "default-graph-uri", "named-graph-uri")  # SPARQL Protocol parameters


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


@contextmanager
def oxigraph_server(location: Path, host: str = DEFAULT_HOST, port: int | None = None,
                    timeout: int = QUERY_TIMEOUT) -> Iterator[str]:
    """Run ``oxigraph serve-read-only`` on ``location`` behind the read-only proxy; yield the
    proxy's query URL; stop both after."""
    port = port or free_port(host)
    internal = f"{DEFAULT_HOST}:{free_port(DEFAULT_HOST)}"
    process = subprocess.Popen(
        [oxigraph_command(), "serve-read-only", "--location", str(location),
         "--bind", internal, "--timeout-s", str(timeout)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    upstream = f"http://{internal}/query"
    try:
        wait_until_ready(upstream, process)
        with read_only_proxy(upstream, host, port, timeout) as url:
            yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def read_only_proxy(upstream: str, host: str, port: int,
                    timeout: float = QUERY_TIMEOUT) -> Iterator[str]:
    """Serve ``/query`` on ``host:port``, forwarding read-only queries to ``upstream``."""
    handler = type("Handler", (_ReadOnlyProxy,), {"upstream": upstream,
                                                  "upstream_timeout": timeout + 5})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{port}/query"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _ReadOnlyProxy(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol query operation only; see the module docstring."""

    upstream = ""
    upstream_timeout = float(QUERY_TIMEOUT)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if self._wrong_path(url.path):
            return
        if len(url.query) > MAX_QUERY_BYTES:
            self._answer(413, f"the query is longer than {MAX_QUERY_BYTES} bytes")
            return
        self._forward(urllib.parse.parse_qsl(url.query))

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
            body = self.rfile.read(int(length)).decode("utf-8")
        except UnicodeDecodeError:
            self._answer(400, "the request body is not UTF-8")
            return
        kind = self.headers.get_content_type()
        if kind == "application/sparql-update":
            self._answer(400, "updates are not allowed: this endpoint is read-only")
        elif kind == "application/sparql-query":
            self._forward([("query", body), *urllib.parse.parse_qsl(url.query)])
        elif kind == "application/x-www-form-urlencoded":
            self._forward(urllib.parse.parse_qsl(body))
        else:
            self._answer(415, "send the query as application/sparql-query or as a form")

    def _wrong_path(self, path: str) -> bool:
        if path == "/query":
            return False
        self._answer(404, "this endpoint answers read-only SPARQL queries at /query only")
        return True

    def _forward(self, params: list[tuple[str, str]]) -> None:
        queries = [value for name, value in params if name == "query"]
        if len(queries) != 1:
            self._answer(400, "give exactly one query parameter (updates are not allowed)")
            return
        try:
            check_read_only(queries[0])
        except QueryRefused as exc:
            self._answer(400, str(exc))
            return
        request = urllib.request.Request(
            self.upstream, data=urllib.parse.urlencode(
                [(n, v) for n, v in params if n in FORWARDED]).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": self.headers.get("Accept", "*/*")})
        try:
            with urllib.request.urlopen(request, timeout=self.upstream_timeout) as response:
                status, kind, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            status, kind, body = exc.code, exc.headers, exc.read()
        except OSError as exc:
            self._answer(502, f"the Oxigraph server did not answer ({exc})")
            return
        self.send_response(status)
        self.send_header("Content-Type", kind.get("Content-Type", "text/plain"))
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
