"""`crosswalk serve` under hostile queries: no internal port, no network, queries stopped at
their time limit and memory cap with their CPU freed, a crashed query's engine replaced, slow
clients cut off."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph.ingest.sources import PROJECT_ROOT
from graph.store import server as endpoint_module
from graph.store.remote import remote_query
from graph.store.server import ensure_store, oxigraph_server
from tests.test_sparql_safety import Listener

LIMIT = 2.0  # seconds
MEMORY_MB = 256
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMUGGLED = "SELECT * WHERE {{ # note\r SERVICE <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} \n}}"


def doubling(times: int = 34) -> str:
    """A 36-line query whose string doubles on each line: 16 * 2**34 characters at the end."""
    binds = "\n".join(f"  BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return (f'SELECT (STRLEN(?a{times}) AS ?n) WHERE {{\n  BIND("xxxxxxxxxxxxxxxx" AS ?a0)\n'
            f"{binds}\n}}")


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.socket.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A thousand triples (a three-way cartesian product of a billion rows), served with a
    2 s limit, a 256 MB cap and a 1 s read timeout."""
    folder = tmp_path_factory.mktemp("limits")
    lines = [f"<urn:s{i}> <urn:p> <urn:o{i}> ." for i in range(1000)]
    (folder / "g.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with oxigraph_server(ensure_store(folder / "g.nt", folder / "store"), timeout=LIMIT,
                         memory_mb=MEMORY_MB, read_timeout=1.0) as url:
        yield url


def ask(url: str, query: str, method: str = "GET") -> tuple[int, str]:
    """Status and body of one query (GET, POST as a form, or POST as sparql-query)."""
    if method == "GET":
        request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}")
    elif method == "form":
        request = urllib.request.Request(url, data=urllib.parse.urlencode(
            {"query": query}).encode(), headers={"Content-Type":
                                                 "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(url, data=query.encode(), headers={
            "Content-Type": "application/sparql-query"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` listens on (its sockets in /proc/net/tcp*)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent]
        found += children
        frontier += children
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds used so far by the processes ``pids`` (that still live)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def test_no_port_but_the_endpoint_and_no_engine_process(tmp_path):
    (tmp_path / "g.nt").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    before = listening_ports(os.getpid())
    with oxigraph_server(ensure_store(tmp_path / "g.nt", tmp_path / "store")) as url:
        public = urllib.parse.urlsplit(url).port
        assert listening_ports(os.getpid()) - before == {public}
        assert ask(url, "ASK { <urn:a> ?p ?o }") == (200, '{"head":{},"boolean":true}')
        assert not [pid for pid in descendants(os.getpid())
                    if b"oxigraph" in Path(f"/proc/{pid}/cmdline").read_bytes()]


@pytest.mark.parametrize("method", ["GET", "form", "query"])
def test_service_smuggled_in_a_comment_is_refused(served, listener, method):
    heard = listener.received(0)
    assert ask(served, SMUGGLED.format(port=listener.port), method) == (
        400, "SERVICE is not allowed: queries run on this graph only\n")
    assert listener.received() == heard


def test_service_finds_no_network_even_past_the_check(served, listener, monkeypatch):
    """With the text check switched off, the engine itself still reaches no host."""
    monkeypatch.setattr(endpoint_module, "check_read_only", lambda text: "SelectQuery")
    heard = listener.received(0)
    status, body = ask(served, SMUGGLED.format(port=listener.port))
    assert (status, "unreachable" in body) == (400, True)
    assert listener.received() == heard


def test_a_runaway_query_is_stopped_and_the_next_is_answered(served):
    others = set(descendants(os.getpid()))  # other tests' servers and browsers live on
    start = time.monotonic()
    status, body = ask(served, CARTESIAN)
    assert (status, body) == (503, f"the query ran longer than {LIMIT:g} s and was stopped\n")
    assert time.monotonic() - start < LIMIT + 2
    assert set(descendants(os.getpid())) <= others  # its engine process is gone
    assert remote_query(served, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")["n"].tolist() == [
        "1000"]


def test_a_quick_query_is_answered_while_a_runaway_one_runs(served):
    runaway = threading.Thread(target=ask, args=(served, CARTESIAN))
    runaway.start()
    time.sleep(0.3)
    start = time.monotonic()
    assert ask(served, "ASK { <urn:s1> ?p ?o }") == (200, '{"head":{},"boolean":true}')
    assert time.monotonic() - start < LIMIT / 2
    runaway.join(timeout=30)


def test_a_memory_bomb_is_stopped_with_a_clear_error_and_the_next_is_answered(served):
    assert ask(served, doubling(), "query") == (
        503, f"the query needed more than {MEMORY_MB} MB of memory and was stopped\n")
    assert ask(served, "ASK { <urn:s1> ?p ?o }")[0] == 200


def test_a_slow_client_is_cut_off_and_others_are_served(served):
    url = urllib.parse.urlsplit(served)
    with socket.create_connection((url.hostname, url.port), timeout=10) as slow:
        slow.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                     b"\r\nContent-Length: 1000\r\n\r\nSELEC")
        assert ask(served, "ASK { <urn:s1> ?p ?o }")[0] == 200  # served meanwhile
        start = time.monotonic()
        answer = b""
        while chunk := slow.recv(4096):  # until the server closes the connection
            answer += chunk
        assert answer.startswith(b"HTTP/1.0 408")
        assert answer.endswith(b"the request was not sent within 1 s\n")
        assert time.monotonic() - start < 3


def test_serve_frees_the_cpu_within_the_limit_plus_two_seconds(tmp_path):
    """`crosswalk serve --timeout-s 2`: a cartesian COUNT on the bundled data is stopped, and
    two seconds after the limit the server's processes use no CPU; a memory bomb gets a
    clear error; the endpoint answers the next query; nothing reaches the terminal."""
    from graph.store.server import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", str(port), "--timeout-s",
         f"{LIMIT:g}", "--memory-mb", str(MEMORY_MB)], cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        ready = process.stdout.readline()
        assert ready.startswith(f"SPARQL endpoint: {url}"), process.stderr.read()
        results = {}
        start = time.monotonic()
        worker = threading.Thread(target=lambda: results.update(runaway=ask(url, CARTESIAN)))
        worker.start()
        time.sleep(LIMIT + 2)
        tree = [process.pid, *descendants(process.pid)]
        used = cpu_seconds(tree)
        time.sleep(1.0)
        assert cpu_seconds(tree) - used < 0.1  # less than a tenth of a core
        worker.join(timeout=30)
        assert results["runaway"][0] == 503
        assert time.monotonic() - start < LIMIT + 4
        assert ask(url, doubling(), "query") == (
            503, f"the query needed more than {MEMORY_MB} MB of memory and was stopped\n")
        assert ask(url, "ASK { ?s ?p ?o }") == (200, '{"head":{},"boolean":true}')
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "backtrace" not in stderr and "panicked" not in stderr


def test_the_cli_reports_a_memory_bomb_in_one_line():
    result = subprocess.run([sys.executable, "-m", "graph", "sparql", "--memory-mb",
                             str(MEMORY_MB), doubling()], capture_output=True, text=True,
                            check=False, timeout=120, cwd=PROJECT_ROOT)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"crosswalk: error: the query needed more than {MEMORY_MB} MB "
                             "of memory and was stopped\n")


def test_the_cli_stops_a_runaway_query_at_its_limit():
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "graph", "sparql", "--timeout-s", "1",
                             CARTESIAN], capture_output=True, text=True, check=False,
                            timeout=120, cwd=PROJECT_ROOT)
    assert result.stderr == "crosswalk: error: the query ran longer than 1 s and was stopped\n"
    assert time.monotonic() - start < 1 + 10  # includes starting Python and opening the graph
