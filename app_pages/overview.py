"""Choose a qualification: the verdict in words, the ranking's rule and weights, module by
module evidence, optional units, remaining gaps and what else covers them, downloads."""

import streamlit as st

from graph.analysis.fit import rescore
from graph.analysis.tiers import DEFAULT_WEIGHTS, EVIDENCE_TIERS, ranking_rule, reasonable_weights
from graph.analysis.verdict import module_shares, remaining_gaps, verdict
from graph.ui.exports import printable_html
from graph.ui.heatmap import heatmap_html
from graph.ui.labels import TIER_NAMES
from graph.ui.tables import choices_table, gaps_table, heat_cells, ranking_table
from graph.ui.widgets import explorer, page_intro, url_select, url_slider, xlsx_download

st.title("Choose a qualification")
ex = explorer()
criteria = ex.coverage[ex.coverage["level"] == "criterion"]
page_intro("Which qualification fits the Customer Service Practitioner standard (Level 2), "
           "and why: how finely each one's mapping evidences the standard's "
           f"{criteria['notation'].nunique()} criteria.")
name = ex.names.framework

with st.expander("Weights of the evidence tiers (adjust to see whether the order changes)"):
    columns = st.columns(len(EVIDENCE_TIERS))
    weights = {tier: url_slider(TIER_NAMES[tier].capitalize(),
                                f"w_{tier.replace('-', '_')}", DEFAULT_WEIGHTS[tier], column)
               for tier, column in zip(EVIDENCE_TIERS, columns, strict=True)}
ranking = rescore(ex.ranking, weights)
best = ranking.iloc[0]["framework"]
choices = ex.unit_choices(best)
text = verdict(ranking, lambda f: ex.framework_title(f), choices)
st.success(text, icon=":material/verified:")

changes = ex.order_changes(ranking)
tried = len(reasonable_weights())
order = ", ".join(name(f) for f in ranking["framework"])
if changes.empty:
    stability = (f"The order ({order}) stays the same under all {tried} other reasonable "
                 "weightings (criterion-level 1, then statement-level above module-level "
                 "above 0, in steps of 0.1).")
else:
    first = changes.iloc[0]
    stability = (f"The order ({order}) changes under {len(changes)} of {tried} other "
                 f"reasonable weightings: for example statement-level {first['statement']:g} "
                 f"and module-level {first['module']:g} give "
                 + ", ".join(name(f) for f in first["order"].split(", ")) + ".")
st.markdown(f"**The rule.** {ranking_rule(weights)} {stability}")
st.dataframe(ranking_table(ranking, ex.names), hide_index=True)

st.subheader("Module by module")
st.caption("Each cell: the share of the module's criteria the qualification evidences at "
           "criterion level (colour, darker is more) and the count behind it; where most of "
           "the module's criteria have weaker evidence, the tier is named after the count.")
shares = module_shares(criteria[criteria["framework"].isin(ex.qualifications)])
cells = heat_cells(shares, ex.names)
modules = list(dict.fromkeys(cells["Module"]))
st.markdown(heatmap_html(cells, modules, [name(q) for q in ex.qualifications]),
            unsafe_allow_html=True)

st.subheader("Each qualification in detail")
chosen = url_select("Qualification", ex.qualifications, "q", best, format_func=name,
                    radio=True)
for reason in ranking.loc[ranking["framework"] == chosen, "reasons"]:
    st.caption(f"In numbers: {reason}.")
options = ex.unit_choices(chosen)
st.markdown("**Optional units and what they add**")
if options.empty:
    st.write(f"{name(chosen)}: the source marks no unit optional, so there is no choice "
             "to weigh.")
else:
    st.dataframe(choices_table(options), hide_index=True)
gaps = remaining_gaps(criteria, chosen, criteria[criteria["framework"].isin(ex.resources)],
                      name)
st.markdown(f"**Criteria {name(chosen)} does not evidence at criterion level ({len(gaps)})**, "
            "and the resources and end-point assessment methods that cover them")
gap_rows = gaps_table(gaps, ex.names)
st.dataframe(gap_rows, hide_index=True)

ranking_rows = ranking_table(ranking, ex.names)


def sheets() -> dict:
    """The verdict with its evidence, as the Excel download's sheets."""
    blank = [""] * (len(ranking_rows) - 1)
    return {"Verdict": ranking_rows.assign(Verdict=[text, *blank],
                                           Rule=[ranking_rule(weights), *blank]),
            "Modules": cells[["Module", "Qualification", "Criterion-level", "Evidence"]],
            f"Optional units {name(chosen)}": choices_table(options),
            f"Gaps {name(chosen)}": gap_rows}


left, right = st.columns(2)
with left:
    xlsx_download(sheets, "qualification-verdict.xlsx", "Download the verdict (Excel)")
with right:
    st.download_button(
        "Download a printable page", lambda: printable_html(
            "Which qualification fits the Customer Service Practitioner standard",
            [text, ranking_rule(weights), stability],
            {"Ranking": ranking_rows, f"Optional units: {name(chosen)}": choices_table(options),
             f"Gaps: {name(chosen)}": gap_rows}),
        file_name="qualification-verdict.html", mime="text/html",
        icon=":material/print:")
