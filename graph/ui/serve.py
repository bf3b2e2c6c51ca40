"""Start the explorer ready to answer: ``python -m graph.ui.serve [streamlit options]``.

``streamlit run app.py`` imports the app's modules and computes the analyses when the first
visitor arrives. This launcher does both first, in the server's own process, from the built
cache (``make run`` builds it before; a stale cache is rebuilt here, before the server
listens, never while a visitor waits), then hands over to ``streamlit run app.py`` with the
options given.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

from graph.ingest.sources import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"
# What the pages import: loaded once here, so the first page run only finds them.
PAGE_MODULES = ("altair", "graph.ui.tables", "graph.ui.exports", "graph.analysis.verdict",
                "graph.analysis.register", "graph.store.incremental", "graph.analysis.trace",
                "graph.ui.network_map", "graph.store.library", "graph.store.safety",
                "graph.interop.importer")


def warm() -> None:
    """Import the pages' modules, compute the explorer of the data folder and the landing
    page's answers for its default weights."""
    import importlib

    for name in PAGE_MODULES:
        importlib.import_module(name)
    from graph.analysis.fit import rescore
    from graph.ui.widgets import explorer

    ex = explorer()
    ranking = rescore(ex.ranking)
    ex.order_changes(ranking)
    ex.unit_choices(ranking.iloc[0]["framework"])


@contextlib.contextmanager
def serving(env: dict[str, str] | None = None, timeout: float = 120) -> Iterator[str]:
    """Run the explorer as ``make run`` does, in a subprocess on a free local port with
    ``env`` added to its environment; yield its URL once it answers, stop it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "graph.ui.serve", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the explorer's server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def main(argv: list[str] | None = None) -> None:
    """Warm up, then run Streamlit on ``app.py`` with ``argv`` as its options."""
    from streamlit.web import cli

    warm()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
