"""Overview: the frameworks and their counts, a module x qualification heatmap, the ranking."""

import altair as alt
import streamlit as st

from graph.ui.widgets import STATUS_COLOURS, explorer, page_intro

st.title("KSB Crosswalk")
page_intro("The Customer Service Practitioner standard (Level 2) and every qualification, "
           "learning resource and assessment that maps to it, with how well each covers it.")
ex = explorer()

counts = ex.counts.pivot_table(index="framework", columns="class", values="items",
                               aggfunc="sum", fill_value=0)
frameworks = ex.frameworks.set_index("framework")
frameworks = frameworks.join(counts, how="left").fillna(0)
st.subheader("Frameworks")
st.dataframe(frameworks.reset_index(), hide_index=True, use_container_width=True)

st.subheader("Module coverage by qualification")
st.caption("Each cell: the qualification's status for the module (colour) and how many of the "
           "module's criteria it covers directly. Highfield maps to criteria, NCFE to "
           "statements and City & Guilds to modules, so most module cells are inherited.")
modules = ex.coverage[(ex.coverage["level"] == "module")
                      & ex.coverage["framework"].isin(ex.qualifications)]
criteria = ex.coverage[(ex.coverage["level"] == "criterion")
                       & ex.coverage["framework"].isin(ex.qualifications)]
direct = (criteria.assign(direct=criteria["status"] == "direct")
          .groupby(["framework", "module"])["direct"].agg(["sum", "count"]).reset_index())
cells = modules.merge(direct, left_on=["framework", "notation"],
                      right_on=["framework", "module"], suffixes=("", "_c"))
cells["module_name"] = cells["notation"] + " " + cells["label"]
cells["criteria"] = cells["sum"].astype(int).astype(str) + "/" + cells["count"].astype(str)
order = list(dict.fromkeys(cells.sort_values("notation", key=lambda s: s.astype(int))
                           ["module_name"]))
base = alt.Chart(cells).encode(
    x=alt.X("framework:N", title="qualification", sort=ex.qualifications,
            axis=alt.Axis(orient="top", labelAngle=0)),
    y=alt.Y("module_name:N", title="module", sort=order, axis=alt.Axis(labelLimit=260)),
    tooltip=["module_name", "framework", "status", "criteria", "via"],
)
heat = base.mark_rect(stroke="white").encode(color=alt.Color(
    "status:N", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values())),
    legend=alt.Legend(title="status")))
text = base.mark_text(color="black").encode(text="criteria:N")

left, right = st.columns([3, 2])
with left:
    st.altair_chart((heat + text).properties(height=28 * len(order)),
                    use_container_width=True)
with right:
    st.markdown("**Qualification fit ranking**")
    st.dataframe(ex.ranking[["rank", "framework", "criteria_direct", "criteria_covered",
                             "distinction_covered", "reasons"]],
                 hide_index=True, use_container_width=True)
