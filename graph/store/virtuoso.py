"""A private Virtuoso for the tests and the benchmarks: Debian's ``virtuoso-opensource``.

:func:`private_virtuoso` writes a ``virtuoso.ini`` into a folder of its own, starting from
the package's (``/etc/virtuoso-opensource-7/virtuoso.ini``, so its query limits are a stock
install's) with every file in that folder and both ports free loopback ports: ``[Parameters]
ServerPort`` (the SQL port) and ``[HTTPServer] ServerPort`` (``/sparql``,
``/sparql-graph-crud-auth``). It runs ``virtuoso-t +foreground``, waits until ``/sparql``
answers and stops the server afterwards. A new database keeps Virtuoso's default account,
``dba`` with password ``dba``: throwaway here, bound to 127.0.0.1; on a real server change it
first (the README's "Run on your own triple store").
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.store.remote import EndpointError
from graph.store.server import DEFAULT_HOST, free_port, wait_until_ready

VIRTUOSO_COMMAND = "virtuoso-t"
DEBIAN_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DEFAULT_LOGIN = ("dba", "dba")  # a new database's administrator; change it on a real server
START_SECONDS = 120.0  # a new database takes about 12 s to create on two cores


def virtuoso_command() -> str | None:
    """The path of ``virtuoso-t``, or None when Virtuoso is not installed."""
    return shutil.which(VIRTUOSO_COMMAND)


def private_ini(folder: Path, sql_port: int, http_port: int,
                base: Path = DEBIAN_INI, host: str = DEFAULT_HOST) -> Path:
    """Write ``folder/virtuoso.ini``: ``base`` (the package's ini) with every file in
    ``folder`` and the two ports on ``host`` (Virtuoso's defaults where ``base`` is
    missing); return its path."""
    ini = configparser.ConfigParser(strict=False, interpolation=None,
                                    inline_comment_prefixes=(";",), comment_prefixes=(";", "#"))
    ini.optionxform = str  # Virtuoso's keys are case-sensitive
    ini.read(base, encoding="utf-8")  # nothing when the file is missing
    files = {
        "Database": {"DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log",
                     "LockFile": "virtuoso.lck", "TransactionFile": "virtuoso.trx",
                     "xa_persistent_file": "virtuoso.pxa"},
        "TempDatabase": {"DatabaseFile": "virtuoso-temp.db",
                         "TransactionFile": "virtuoso-temp.trx"},
    }
    for section, keys in files.items():
        ini[section] = {**(dict(ini[section]) if ini.has_section(section) else {}),
                        **{key: str(folder / name) for key, name in keys.items()}}
    settings = {
        "Database": {"TempStorage": "TempDatabase"},
        "Parameters": {"ServerPort": f"{host}:{sql_port}", "DisableUnixSocket": "1",
                       "DirsAllowed": f"., {folder}"},
        "HTTPServer": {"ServerPort": f"{host}:{http_port}"},
        "URIQA": {"DefaultHost": f"{host}:{http_port}"},
    }
    for section, keys in settings.items():
        if not ini.has_section(section):
            ini.add_section(section)
        ini[section].update(keys)
    ini.remove_section("Plugins")  # wiki and mail plug-ins: nothing here uses them
    path = folder / "virtuoso.ini"
    with path.open("w", encoding="utf-8") as out:
        ini.write(out)
    return path


@contextmanager
def private_virtuoso(folder: Path, host: str = DEFAULT_HOST) -> Iterator[str]:
    """Run a new Virtuoso database in ``folder``; yield its HTTP base URL (``/sparql``
    answers queries, ``/sparql-graph-crud-auth`` takes graphs with the ``dba`` login); stop
    it after."""
    command = virtuoso_command()
    if command is None:
        raise EndpointError(f"{VIRTUOSO_COMMAND} is not installed: apt-get install "
                            "virtuoso-opensource")
    folder.mkdir(parents=True, exist_ok=True)
    http_port = free_port(host)
    ini = private_ini(folder, free_port(host), http_port, host=host)
    base = f"http://{host}:{http_port}"
    process = subprocess.Popen([command, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        try:
            wait_until_ready(f"{base}/sparql", process, START_SECONDS, "Virtuoso")
        except EndpointError as exc:
            log = folder / "virtuoso.log"
            tail = log.read_text("utf-8", "replace").strip().splitlines()[-3:] \
                if log.is_file() else []
            raise EndpointError(f"{exc} ({' / '.join(tail)})") from None
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
