"""What changed: the official standard's versions, and what changed between two of them."""

import streamlit as st

from graph.ui.data import version_diff
from graph.ui.widgets import csv_download, data_dir, explorer, page_intro, plain, version

KSB_HEADERS = {"change": "Change", "old_code": "Old code", "new_code": "New code",
               "ksb_type": "Type", "old_text": "Old wording", "new_text": "New wording",
               "diff": "Word by word ([-removed-] {+added+})"}
METADATA_HEADERS = {"field": "Detail", "old": "Before", "new": "After"}
STALE_HEADERS = {"framework": "Framework", "item": "Item", "predicate": "Edge",
                 "target": "Points at", "ksb": "KSB", "change": "Because the KSB was",
                 "source_file": "Document", "source_line": "Line"}


@st.cache_data(show_spinner=False)
def _diff(old: str, new: str, data_version: tuple[float, ...]):
    del data_version  # cache key only
    return version_diff(data_dir(), old, new)


st.title("What changed")
page_intro("The official standard as Skills England publishes it, version by version: the KSBs "
           "added, removed and reworded between two versions, the record's details that "
           "changed, and the mappings that now point at a changed KSB.")
ex = explorer()
versions = ex.versions
if versions.empty:
    st.info("No official standard version is in the data. Import one with "
            "`crosswalk import-standard FILE.json`.")
    st.stop()

st.dataframe(versions.drop(columns="framework").rename(columns={
    "title": "Title", "reference": "Reference", "version": "Version", "status": "Status",
    "status_date": "Status since"}), hide_index=True, use_container_width=True)
facts = versions.set_index("framework")


def version_words(key: str) -> str:
    """A version as its record names it: "version 1.1 (Approved for delivery, 2023-12-14)"."""
    row = facts.loc[key]
    return f"version {row['version']} ({row['status']}, {row['status_date']})"


titles = dict(zip(versions["reference"], versions["title"], strict=False))
references = sorted(titles)
reference = st.selectbox("Standard", references, format_func=lambda r: f"{r} — {titles[r]}")
keys = list(versions.loc[versions["reference"] == reference, "framework"])
if len(keys) < 2:
    st.info(f"Only one version of {reference} is in the data; import another to compare.")
    st.stop()
left, right = st.columns(2)
old = left.selectbox("Older version", keys, index=len(keys) - 2, format_func=version_words)
new = right.selectbox("Newer version", keys, index=len(keys) - 1, format_func=version_words)

diff = _diff(old, new, version())
if diff.note:
    st.warning(plain(diff.note))
st.subheader(f"KSBs ({len(diff.ksbs)} changed)")
if not diff.ksbs.empty:
    st.dataframe(diff.ksbs.rename(columns=KSB_HEADERS), hide_index=True,
                 use_container_width=True)
st.subheader(f"Record details ({len(diff.metadata)} changed)")
st.dataframe(diff.metadata.assign(field=diff.metadata["field"].str.replace("_", " "))
             .rename(columns=METADATA_HEADERS), hide_index=True, use_container_width=True)
st.subheader(f"Stale mappings ({len(diff.stale)})")
if diff.stale.empty:
    st.success("No mapping points at a removed or reworded KSB.")
else:
    st.dataframe(diff.stale.rename(columns=STALE_HEADERS), hide_index=True,
                 use_container_width=True)
csv_download(diff.flat(), f"standard-diff-{old}-{new}.csv")
