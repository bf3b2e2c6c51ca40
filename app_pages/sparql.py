"""SPARQL: the project's example queries, run read-only and time-limited on the graph."""

import streamlit as st

from graph.errors import CrosswalkError
from graph.store.library import library
from graph.store.safety import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, run_query
from graph.ui.widgets import csv_download, explorer, page_intro, url_select

st.title("SPARQL")
page_intro("Query the crosswalk graph in SPARQL: start from one of the project's example "
           f"queries. Queries are read-only, never reach another host, and stop after "
           f"{DEFAULT_TIMEOUT:g} seconds or {DEFAULT_MEMORY_MB} MB of memory; the cw:, skos:, "
           "dcterms:, owl:, rdfs:, xsd: and sssom: prefixes are declared.")
ex = explorer()
queries = library()
names = list(queries)
name = url_select("Example query", names, "query", names[0],
                  format_func=lambda n: f"{n}: {queries[n].question}")
text = st.text_area("Query", queries[name].text, height=260, key=f"text-{name}")
st.caption(f"Parameters: {queries[name].parameters}")
if st.button("Run query", type="primary"):
    try:
        st.session_state["sparql_result"] = (name, run_query(ex.graph, text))
    except CrosswalkError as exc:
        st.session_state.pop("sparql_result", None)
        st.error(str(exc))
if (stored := st.session_state.get("sparql_result")) and stored[0] == name:
    frame = stored[1]
    st.write(f"{len(frame)} rows")
    st.dataframe(frame, hide_index=True, use_container_width=True)
    csv_download(frame, f"{name}.csv")
