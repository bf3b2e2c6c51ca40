"""KSB Crosswalk explorer: `streamlit run app.py` (or `make run`). Pages live in app_pages/."""

import streamlit as st

from graph.ui.widgets import glossary_popover

st.set_page_config(page_title="KSB Crosswalk", page_icon=":material/hub:", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Choose a qualification", icon=":material/verified:",
            url_path="overview", default=True),
    st.Page("app_pages/gap_audit.py", title="Gap register", icon=":material/rule:",
            url_path="gap-register"),
    st.Page("app_pages/trace.py", title="Trace", icon=":material/account_tree:",
            url_path="trace"),
    st.Page("app_pages/compare.py", title="Compare qualifications", icon=":material/compare:",
            url_path="compare"),
    st.Page("app_pages/coverage_map.py", title="Coverage map", icon=":material/hub:",
            url_path="coverage-map"),
    st.Page("app_pages/standard.py", title="What changed", icon=":material/difference:",
            url_path="what-changed"),
    st.Page("app_pages/sparql.py", title="SPARQL", icon=":material/terminal:",
            url_path="sparql"),
    st.Page("app_pages/import.py", title="Import", icon=":material/upload_file:",
            url_path="import"),
]

page = st.navigation(PAGES)
glossary_popover()
page.run()
