"""Small Streamlit helpers every page shares: the explorer, URL-kept widgets, downloads,
the glossary, messages."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from graph.ingest.sources import DATA_DIR
from graph.ui.colours import FRAMEWORK_COLOURS, STATUS_COLOURS  # noqa: F401 (re-exported)
from graph.ui.data import Explorer, input_version, load_explorer
from graph.ui.exports import xlsx_bytes
from graph.ui.labels import glossary

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|])")  # markup, links, images, HTML, maths
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_dir() -> Path:
    """The data folder the app reads and writes: ``CROSSWALK_DATA`` when the operator sets it
    (as for the command line), else ``data/``. Nothing a visitor sends chooses it."""
    return Path(os.environ.get("CROSSWALK_DATA", DATA_DIR))


def remote_store() -> str | None:
    """The SPARQL endpoint the app reads from (``CROSSWALK_ENDPOINT``, with the named graph
    ``CROSSWALK_GRAPH``), or None when it reads the local data folder. Set by the operator,
    like ``CROSSWALK_DATA``; on a store every page reads the same content, and the pages that
    write (import, curation) need the local data folder instead."""
    from graph.store.backends import chosen_endpoint

    return chosen_endpoint()


def needs_local_data(action: str) -> bool:
    """On a remote store, say that ``action`` needs the local data folder; True when it does."""
    if remote_store() is None:
        return False
    st.info(f"{action} writes into the local data folder; this app reads a triple store "
            "(CROSSWALK_ENDPOINT), so it is not available here. Run the app without "
            "CROSSWALK_ENDPOINT to use it, then publish the graph again.")
    return True


def version() -> tuple[float, ...]:
    """The cache key of the data folder's current content."""
    return input_version(data_dir())


class _Explorers:
    """The server's explorers by (data folder, input version): one per version, shared by
    every session; a curation decision puts its updated explorer in directly."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_key: dict[tuple[Path, tuple], Explorer] = {}

    def get(self, folder: Path, key: tuple) -> Explorer:
        with self.lock:
            if (folder, key) not in self.by_key:
                self.by_key = {(folder, key): load_explorer(folder)}
            return self.by_key[(folder, key)]

    def put(self, folder: Path, key: tuple, explorer: Explorer) -> None:
        with self.lock:
            self.by_key = {(folder, key): explorer}


EXPLORERS = _Explorers()  # one per server process (this module is imported once)


def _key() -> tuple:
    """The explorer's key: the data folder's content and the store the app reads."""
    return (*version(), remote_store() or "")


def explorer() -> Explorer:
    """The app's one :class:`Explorer`, recomputed only when the data changes: from the triple
    store of ``CROSSWALK_ENDPOINT`` / ``CROSSWALK_GRAPH`` when set, else the data folder."""
    return EXPLORERS.get(data_dir(), _key())


def replace_explorer(explorer_after: Explorer) -> None:
    """Make ``explorer_after`` the explorer of the data folder's current content."""
    EXPLORERS.put(data_dir(), _key(), explorer_after)


def plain(text: str) -> str:
    r"""``text`` with Markdown's punctuation escaped, so that a label from a document or an
    upload shows as written in ``st.markdown`` and never becomes a link, image or markup.

    >>> print(plain("![x](y.png) <b>*Customer's* needs</b>"))
    !\[x\](y.png) \<b\>\*Customer's\* needs\</b\>
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def page_intro(text: str) -> None:
    """The one-line explanation every page starts with."""
    st.caption(text)


def glossary_popover() -> None:
    """The evidence tiers in words, one click away (the sidebar of every page)."""
    with st.sidebar.popover("Evidence tiers explained", icon=":material/help:"):
        st.markdown(glossary())
        st.caption("A qualification's evidence for a criterion is the finest of these its "
                   "mapping document gives.")


def unknown_choice(key: str, options: Sequence[Any],
                   format_func: Callable[[Any], str] = str) -> str | None:
    """The value of query parameter ``key`` when it names none of ``options`` (neither an
    option nor its shown text, in any case)."""
    wanted = st.query_params.get(key)
    if wanted is None or _option_named(wanted, options, format_func) is not None:
        return None
    return wanted


def url_select(label: str, options: Sequence[Any], key: str, default: Any = None,
               format_func: Callable[[Any], str] = str, container: Any = None,
               radio: bool = False) -> Any:
    """A select box (or radio buttons) whose choice is kept in the URL as ``?key=option``: the
    option itself (``?item=K1.2``), never its shown text, and left out while it is the
    default.

    The choice lives in the session state under ``key``. The URL is read only when that
    holds no option (a page just opened, a shared link, options that changed), so a page
    never computes its widget from the address it rewrites, and every change takes. A query
    value that names an option in another case or by its shown text (``?item=k1.2``) picks
    that option and the address is rewritten to its code; one naming no option is dropped
    (:func:`unknown_choice` tells which).
    """
    choices = list(options)
    fallback = default if default in choices else choices[0]
    if st.session_state.get(key) not in choices:
        wanted = st.query_params.get(key)
        found = None if wanted is None else _option_named(wanted, choices, format_func)
        st.session_state[key] = fallback if found is None else found
    place = container or st
    if radio:
        value = place.radio(label, choices, key=key, format_func=format_func, horizontal=True)
    else:
        value = place.selectbox(label, choices, key=key, format_func=format_func)
    if value == fallback:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)
    return value


def url_multiselect(label: str, options: Sequence[Any], key: str, default: Sequence[Any],
                    format_func: Callable[[Any], str] = str, **extra: Any) -> list[Any]:
    """A multiselect kept in the URL as ``?key=a&key=b`` (Streamlit's binding)."""
    return st.multiselect(label, options, default=[o for o in default if o in options],
                          key=key, format_func=format_func, bind="query-params", **extra)


def url_slider(label: str, key: str, value: float, container: Any = None) -> float:
    """A slider from 0 to 1 in steps of 0.05 kept in the URL as ``?key=value``."""
    return (container or st).slider(label, 0.0, 1.0, value, step=0.05, key=key,
                                    bind="query-params")


def query_choices(name: str, options: list[str], default: list[str]) -> list[str]:
    """The options query parameter ``name`` names (comma-separated or repeated, any case),
    or ``default`` when it names none. For pages that keep a filter in the URL by hand; a
    widget kept in the URL uses :func:`url_multiselect` instead."""
    by_case = {o.lower(): o for o in options}
    wanted = [by_case[v.strip().lower()] for raw in st.query_params.get_all(name)
              for v in raw.split(",") if v.strip().lower() in by_case]
    return list(dict.fromkeys(wanted)) or default


def keep_choices(name: str, chosen: list[str], default: list[str]) -> None:
    """Write a filter back to the URL by hand; left out while it is the default."""
    if chosen == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = ",".join(chosen)


def _option_named(wanted: str, options: Sequence[Any],
                  format_func: Callable[[Any], str]) -> Any:
    """The option ``wanted`` names as the option itself or its shown text, in any case."""
    text = wanted.strip().lower()
    return next((o for o in options
                 if text in (str(o).lower(), format_func(o).lower())), None)


def csv_download(frame: pd.DataFrame, file_name: str, label: str = "Download CSV") -> None:
    """A download button for ``frame`` as CSV, safe to open in a spreadsheet (text that starts
    like a formula gets a leading quote: :func:`graph.interop.spreadsheet.spreadsheet_csv`)."""
    from graph.interop.spreadsheet import spreadsheet_csv

    st.download_button(label, spreadsheet_csv(frame).encode("utf-8"), file_name=file_name,
                       mime="text/csv", key=f"download-{file_name}")


def xlsx_download(sheets: Callable[[], dict[str, pd.DataFrame]], file_name: str,
                  label: str) -> None:
    """A download button for the sheets ``sheets()`` gives as an Excel workbook, written
    only when the button is clicked (never on a page run)."""
    st.download_button(label, lambda: xlsx_bytes(sheets()), file_name=file_name, mime=XLSX,
                       key=f"download-{file_name}", icon=":material/download:")
