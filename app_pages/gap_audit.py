"""Gap audit: one framework's gaps, the sources' defects, and suggestions to accept or reject."""

import tempfile
from pathlib import Path

import streamlit as st

from graph.analysis.coverage import LEVEL_KINDS
from graph.interop.report import write_report
from graph.model.curation import record_decision
from graph.ui.data import report_sheets
from graph.ui.widgets import (
    csv_download,
    data_dir,
    explorer,
    needs_local_data,
    page_intro,
    plain,
    query_choice,
)

st.title("Gap audit")
page_intro("What a framework leaves uncovered (its own \"No mapping\" rows and the gaps found "
           "here), the source documents' defects, and suggested mappings for a human to judge.")
ex = explorer()

keys = [k for k in ex.keys if k in set(ex.coverage["framework"])]
left, right = st.columns(2)
framework = left.selectbox("Framework", keys, index=keys.index(query_choice(
    "framework", keys, "ncfe")), format_func=ex.framework_title)
levels = list(LEVEL_KINDS)
level = right.selectbox("Level", levels, index=levels.index(query_choice(
    "level", levels, "statement")))
st.query_params.update({"framework": framework, "level": level})

rows = ex.coverage[(ex.coverage["framework"] == framework) & (ex.coverage["level"] == level)]
gaps = rows[rows["status"].isin(["no-mapping", "unmapped"])]
counts = rows["status"].value_counts()
st.write(" · ".join(f"**{counts.get(s, 0)}** {s}" for s in
                    ("direct", "inherited", "no-mapping", "unmapped")))
st.subheader(f"Gaps ({len(gaps)})")
if gaps.empty:
    st.success(f"{plain(ex.framework_title(framework))} leaves no {level} unmapped.")
else:
    st.dataframe(gaps.drop(columns=["framework", "level", "covered_by"]), hide_index=True,
                 use_container_width=True)
    csv_download(gaps, f"gaps-{framework}-{level}.csv")

st.subheader("Suggested mappings")
st.caption("Suggestions are computed by text similarity and are not asserted by any source. "
           "Accepting one records it in data/curation.csv; the next build asserts it as a "
           "mapping curated by hand. A rejected suggestion is not shown again.")
suggestions = ex.suggestions[ex.suggestions["framework"] == framework]
if suggestions.empty:
    st.info("No suggestions: either nothing is unmapped at this framework's own grain, or "
            "its source gives no AC texts to compare (Highfield).")
curating = not needs_local_data("Accepting or rejecting a suggestion")
for notation, part in suggestions.groupby("notation", sort=False):
    with st.expander(f"{notation} — {plain(part['label'].iloc[0])} ({part['status'].iloc[0]})"):
        for row in part.itertuples(index=False):
            text, accept, reject = st.columns([6, 1, 1])
            text.markdown(f"{row.rank}. `{row.candidate}` {plain(row.candidate_label)} "
                          f"(score {row.score:.2f})")
            key = f"{framework}|{row.candidate}|{notation}"
            target = f"{row.level}/{notation}"  # criterion/K1.1, statement/1.2, module/1
            for column, decision in ((accept, "accept"), (reject, "reject")):
                if curating and column.button(decision.title(), key=f"{decision}|{key}"):
                    record_decision(data_dir(), framework, row.candidate, target, decision,
                                    "from the app's gap audit")
                    st.toast(f"{decision}ed {row.candidate} for {notation}; rebuilding")
                    st.cache_resource.clear()
                    st.rerun()

st.subheader(f"Source defects ({len(ex.audit)})")
kinds = sorted(ex.audit["kind"].unique())
chosen = st.multiselect("Defect kinds", kinds, placeholder="all kinds")
defects = ex.audit[ex.audit["kind"].isin(chosen)] if chosen else ex.audit
st.dataframe(defects, hide_index=True, use_container_width=True)
csv_download(defects, "defects.csv", "Download defects CSV")

if st.button("Prepare the Excel report"):
    with tempfile.TemporaryDirectory() as folder:
        out = write_report(ex.view, ex.graph, Path(folder) / "report.xlsx",
                           extra=report_sheets(ex))
        st.session_state["report"] = out.read_bytes()
if "report" in st.session_state:
    st.download_button("Download the Excel report", st.session_state["report"],
                       file_name="ksb-crosswalk-report.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
