"""Small Streamlit helpers every page shares: deep links, downloads, colours, messages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.ingest.sources import DATA_DIR
from graph.ui.colours import FRAMEWORK_COLOURS, STATUS_COLOURS  # noqa: F401 (re-exported)
from graph.ui.data import Explorer, input_version, load_explorer

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$~|])")  # markup, links, images, HTML, maths


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


@st.cache_resource(show_spinner="Loading the crosswalk graph…")
def _explorer(folder: Path, version: tuple[float, ...], store: str | None) -> Explorer:
    del version, store  # only the cache key: new data, or another store, a new explorer
    return load_explorer(folder)


def explorer() -> Explorer:
    """The app's one :class:`Explorer`, rebuilt only when the data changes: from the triple
    store of ``CROSSWALK_ENDPOINT`` / ``CROSSWALK_GRAPH`` when set, else the data folder."""
    return _explorer(data_dir(), version(), remote_store())


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


def query_choice(name: str, options: list[str], default: str) -> str:
    """The value of query parameter ``name`` if it is one of ``options``, else ``default``."""
    value = st.query_params.get(name, default)
    return value if value in options else default


def query_choices(name: str, options: list[str], default: list[str]) -> list[str]:
    """The options query parameter ``name`` names (comma-separated or repeated, any case),
    or ``default`` when it names none."""
    by_case = {o.lower(): o for o in options}
    wanted = [by_case[v.strip().lower()] for raw in st.query_params.get_all(name)
              for v in raw.split(",") if v.strip().lower() in by_case]
    return list(dict.fromkeys(wanted)) or default


def keep_choices(name: str, chosen: list[str], default: list[str]) -> None:
    """Write a filter back to the URL; left out while it is the default."""
    if chosen == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = ",".join(chosen)


def csv_download(frame: pd.DataFrame, file_name: str, label: str = "Download CSV") -> None:
    """A download button for ``frame`` as CSV, safe to open in a spreadsheet (text that starts
    like a formula gets a leading quote: :func:`graph.interop.spreadsheet.spreadsheet_csv`)."""
    from graph.interop.spreadsheet import spreadsheet_csv

    st.download_button(label, spreadsheet_csv(frame).encode("utf-8"), file_name=file_name,
                       mime="text/csv", key=f"download-{file_name}")
