"""Running one query in a child process that cannot reach the network, with a time limit and a
memory cap.

:func:`run_limited` forks a child that runs ``work()`` and sends its result back through a
pipe. In the child, before ``work`` starts:

* the network is cut: the child enters a new, empty network namespace (Linux
  ``unshare(CLONE_NEWUSER | CLONE_NEWNET)``), where every connection fails with "network is
  unreachable", so a ``SERVICE`` the read-only check missed still reaches nothing;
* its address space may grow by at most ``memory_mb`` (``RLIMIT_AS`` on top of what the fork
  inherited), so a query that builds ever longer strings fails instead of exhausting the
  machine;
* its standard error goes to a pipe the parent reads, so an engine's crash report (a Rust
  panic, an allocation failure) never reaches the user's terminal.

The parent waits at most ``seconds``; then it kills the child (``SIGKILL``) and reaps it, so
the CPU the query held is free at once. A child that dies without an answer is reported as
out of memory (an allocation failure, ``SIGABRT`` or ``SIGKILL``) or as a crash, in one line.
The child is also killed if the parent dies first.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import pickle
import resource
import select
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.errors import CrosswalkError

DEFAULT_SECONDS = 10.0  # a query from the command line or the app
SERVED_SECONDS = 30.0  # a query to ``crosswalk serve``
DEFAULT_MEMORY_MB = 1024
MAX_RESULT_BYTES = 256 * 1024 * 1024  # a bigger answer is refused
STDERR_KEPT = 64 * 1024
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
OUT_OF_MEMORY_SIGNALS = (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS)
_FORKING = threading.Lock()


class QueryTimeout(CrosswalkError):
    """The query ran longer than its time limit and was stopped."""


class QueryTooBig(CrosswalkError):
    """The query needed more memory than its cap, or its answer is too big to send."""


class QueryFailed(CrosswalkError):
    """The query was refused by the engine (a syntax error, a type error ...)."""


class EngineCrashed(CrosswalkError):
    """The engine stopped without an answer for another reason."""


@dataclass(frozen=True)
class Limits:
    """What one query may use: wall-clock ``seconds``, ``memory_mb`` of address space beyond
    the process it forks from, and whether it may reach the ``network`` (only a query sent on
    to a remote endpoint needs it)."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    network: bool = False

    def too_long(self) -> QueryTimeout:
        return QueryTimeout(f"the query ran longer than {self.seconds:g} s and was stopped")

    def too_big(self) -> QueryTooBig:
        return QueryTooBig(f"the query needed more than {self.memory_mb} MB of memory and "
                           "was stopped")


def cut_network() -> bool:
    """Move this process into a new, empty network namespace; True when that worked.

    Unprivileged processes can do this where the kernel allows user namespaces (Debian and
    most distributions do); elsewhere the read-only check is the only guard.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.unshare(CLONE_NEWNET) == 0 or libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0


def _cap_memory(memory_mb: int) -> None:
    with open("/proc/self/statm", encoding="ascii") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    cap = used + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _child(work: Callable[[], Any], limits: Limits, out: int, err: int) -> None:
    """The forked child's whole life; it never returns."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        faulthandler.disable()  # its dumps would go to the parent's terminal
        os.dup2(err, 2)
        if not limits.network:
            cut_network()
        _cap_memory(limits.memory_mb)
        try:
            payload: tuple[str, Any] = ("ok", work())
        except MemoryError:
            payload = ("memory", "")
        except CrosswalkError as exc:
            payload = ("failed", str(exc))
        except Exception as exc:  # the engine's own errors, reported as one line
            payload = ("failed", first_line(exc))
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot be sent back
            data = pickle.dumps(("failed", f"the answer cannot be sent back ({exc})"))
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
    except MemoryError:
        pass
    finally:
        os._exit(0)


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def run_limited(work: Callable[[], Any], limits: Limits = Limits()) -> Any:
    """``work()`` run in a forked child within ``limits`` (module docstring); its result.

    Raises :class:`QueryTimeout`, :class:`QueryTooBig`, :class:`QueryFailed` (with the
    engine's message) or :class:`EngineCrashed`.

    >>> run_limited(lambda: sum(range(10)))
    45
    """
    with _FORKING:  # no other child may inherit this child's write ends (its EOF would wait)
        out_read, out_write = os.pipe()
        err_read, err_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover (the child; coverage cannot see it)
            os.close(out_read)
            os.close(err_read)
            _child(work, limits, out_write, err_write)
        os.close(out_write)
        os.close(err_write)
    state = "late"
    try:
        answer, stderr, state = _collect(out_read, err_read, limits.seconds)
    finally:
        os.close(out_read)
        os.close(err_read)
        if state != "done":
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if state == "late":
        raise limits.too_long()
    if state == "big":
        raise QueryTooBig(f"the answer is larger than {MAX_RESULT_BYTES // 2**20} MB; "
                          "ask for fewer rows (LIMIT)")
    if answer:
        kind, value = pickle.loads(answer)
        if kind == "ok":
            return value
        if kind == "memory":
            raise limits.too_big()
        raise QueryFailed(value)
    if b"memory allocation" in stderr or b"MemoryError" in stderr or (
            os.WIFSIGNALED(status) and os.WTERMSIG(status) in OUT_OF_MEMORY_SIGNALS):
        raise limits.too_big()
    raise EngineCrashed("the query engine stopped without an answer "
                        f"(exit status {os.waitstatus_to_exitcode(status)})")


def _collect(out: int, err: int, seconds: float) -> tuple[bytes, bytes, str]:
    """Read the child's answer and standard error until both close or ``seconds`` pass:
    the answer, the first :data:`STDERR_KEPT` bytes of standard error, and ``done``,
    ``late`` (the time is up) or ``big`` (the answer passed :data:`MAX_RESULT_BYTES`)."""
    deadline = time.monotonic() + seconds
    answer, stderr = bytearray(), bytearray()
    open_pipes = {out, err}
    while open_pipes:
        left = deadline - time.monotonic()
        if left <= 0:
            return bytes(answer), bytes(stderr), "late"
        ready, _, _ = select.select(list(open_pipes), [], [], left)
        for pipe in ready:
            chunk = os.read(pipe, 1 << 20)
            if not chunk:
                open_pipes.discard(pipe)
            elif pipe == out:
                answer += chunk
                if len(answer) > MAX_RESULT_BYTES:
                    return bytes(answer), bytes(stderr), "big"
            elif len(stderr) < STDERR_KEPT:
                stderr += chunk
    return bytes(answer), bytes(stderr), "done"
