"""A real Streamlit server and a real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ingest.sources import PROJECT_ROOT
from graph.ui.serve import serving

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The app on the bundled data."""
    with serving() as url:
        yield url


@pytest.fixture(scope="session")
def scratch_app_url(tmp_path_factory) -> Iterator[str]:
    """The app on a copy of the bundled tables (decisions go there, never into data/)."""
    import shutil

    from graph.ingest.sources import DATA_DIR
    from graph.model.tables import TABLES
    from graph.store.cache import cached_store

    folder = tmp_path_factory.mktemp("data")
    for name in TABLES:
        shutil.copy(DATA_DIR / f"{name}.csv", folder / f"{name}.csv")
    cached_store(folder)  # built before the server starts, as `make run` does
    with serving({"CROSSWALK_DATA": str(folder)}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; in CI a missing browser fails the run instead of skipping."""
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def screenshot(page, name: str, full_page: bool = True, height: int | None = None) -> Path:
    """Save a screenshot under tests/artifacts/ (gitignored); `make screenshots` copies the
    README's from there into docs/. ``height``: take it in a window that tall (Streamlit
    scrolls inside the page, so a full-page shot alone stops at the window's edge), then
    give the window its size back."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    if height:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(1500)  # the page and the map's frame draw again at that size
    page.screenshot(path=str(path), full_page=full_page)
    if height:
        page.set_viewport_size(size)
    return path
