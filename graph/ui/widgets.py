"""Small Streamlit helpers every page shares: deep links, downloads, colours, messages."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.sources import DATA_DIR
from graph.ui.data import Explorer, input_version, load_explorer

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "direct": "#0072B2",
    "inherited": "#56B4E9",
    "no-mapping": "#E69F00",
    "unmapped": "#D55E00",
}
FRAMEWORK_COLOURS = {
    "standard": "#000000",
    "highfield": "#0072B2",
    "ncfe": "#E69F00",
    "cityguilds": "#009E73",
    "highfield-textbook": "#56B4E9",
    "highfield-workbook": "#56B4E9",
    "highfield-activities": "#56B4E9",
    "cityguilds-manual": "#CC79A7",
    "epa": "#F0E442",
}


@st.cache_resource(show_spinner="Loading the crosswalk graph…")
def _explorer(version: tuple[float, ...]) -> Explorer:
    del version  # only the cache key: a new build or curation gives a new explorer
    return load_explorer(DATA_DIR)


def explorer() -> Explorer:
    """The app's one :class:`Explorer`, rebuilt only when the data changes."""
    return _explorer(input_version(DATA_DIR))


def page_intro(text: str) -> None:
    """The one-line explanation every page starts with."""
    st.caption(text)


def query_choice(name: str, options: list[str], default: str) -> str:
    """The value of query parameter ``name`` if it is one of ``options``, else ``default``."""
    value = st.query_params.get(name, default)
    return value if value in options else default


def csv_download(frame: pd.DataFrame, file_name: str, label: str = "Download CSV") -> None:
    """A download button for ``frame`` as CSV."""
    st.download_button(label, frame.to_csv(index=False).encode("utf-8"), file_name=file_name,
                       mime="text/csv", key=f"download-{file_name}")
