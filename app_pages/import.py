"""Import: bring your own qualification, checked in full before anything is written."""

import hashlib

import pandas as pd
import streamlit as st

from graph.ingest.sources import DATA_DIR
from graph.ingest.template import EXAMPLE
from graph.ingest.upload import MAX_UPLOAD_BYTES, Upload
from graph.interop.importer import ImportResult, import_files
from graph.ui.widgets import data_dir, needs_local_data, page_intro, version

EXAMPLES = DATA_DIR / "examples"
DOWNLOADS = {  # label -> shipped file; fixed paths, never chosen by a visitor
    "the Excel template": EXAMPLES / "template.xlsx",
    "the filled-in example (Excel)": EXAMPLES / f"{EXAMPLE}.xlsx",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def check(uploads: list[Upload], framework: str | None) -> ImportResult:
    """The dry run of ``uploads``, kept for as long as the files and the data are the same."""
    digest = hashlib.sha256(repr((framework, version())).encode())
    for upload in uploads:
        digest.update(upload.name.encode() + b"\0" + upload.data)
    key = digest.hexdigest()
    stored = st.session_state.get("import_check")
    if stored is None or stored[0] != key:
        stored = (key, import_files(uploads, data_dir(), framework, dry_run=True))
        st.session_state["import_check"] = stored
    return stored[1]


st.title("Import a qualification")
page_intro("Add another awarding body's qualification or a provider's own programme, or "
           "correct an imported one's mapping: fill in the template, upload it, check it, "
           "import it. Every row is checked first; if any is wrong nothing is written.")
if needs_local_data("Importing a qualification"):
    st.stop()
columns = st.columns(len(DOWNLOADS))
for column, (label, path) in zip(columns, DOWNLOADS.items(), strict=True):
    column.download_button(f"Download {label}", path.read_bytes(), file_name=path.name,
                           mime=XLSX)
st.caption("The template has three tables (sheets of one workbook, or three CSV files in "
           "UTF-8): qualification, units and mapping. SSSOM TSV files (as `crosswalk export "
           "--format sssom` writes them) are accepted too. The README's \"Bring your own "
           "qualification\" section explains every column.")

limit = MAX_UPLOAD_BYTES // (1024 * 1024)
files = st.file_uploader(f"Files to import (CSV, XLSX or TSV, at most {limit} MB each)",
                         type=["csv", "xlsx", "tsv"], accept_multiple_files=True,
                         max_upload_size=limit,
                         key=f"upload-{st.session_state.get('imports', 0)}")
framework = st.text_input(
    "Framework key to replace (--framework)",
    help="Only to replace a qualification imported before, or for a mapping table imported "
         "on its own: its framework key, e.g. northbridge-l2.").strip() or None

if done := st.session_state.pop("import_done", None):
    st.success(done)
if not files:
    st.stop()

uploads = [Upload(f.name, f.getvalue()) for f in files]
result = check(uploads, framework)
if result.problems:
    st.error(f"{len(result.problems)} problem(s); nothing will be written. Correct the files "
             "and upload them again.")
    st.dataframe(pd.DataFrame([vars(p) for p in result.problems],
                              columns=["file", "row", "column", "message"]),
                 hide_index=True, use_container_width=True)
    st.stop()

st.info(result.summary())
if st.button("Import", type="primary"):
    written = import_files(uploads, data_dir(), framework)
    if written.problems:
        st.session_state.pop("import_check", None)
        st.error("The data changed meanwhile and the files no longer fit; check them again.")
        st.stop()
    st.cache_resource.clear()
    st.session_state.pop("import_check", None)
    st.session_state["imports"] = st.session_state.get("imports", 0) + 1  # a fresh uploader
    st.session_state["import_done"] = (f"{written.summary()}. The overview's fit ranking and "
                                       "every page now include it.")
    st.rerun()
