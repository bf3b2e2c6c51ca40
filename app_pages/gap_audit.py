"""Gap register: every standard item against every qualification, what else covers each gap,
suggested mappings, and the review of each gap with a confirmed, undoable decision."""

import streamlit as st

from graph.analysis.coverage import ancestors, describe
from graph.analysis.register import FILTERS, decisions_on, filter_register, gap_register, gaps_of
from graph.analysis.trace import resolve_notation, trace
from graph.errors import InputError
from graph.ingest.sources import SOURCES
from graph.model.curation import standing_decisions
from graph.store.incremental import decide
from graph.ui.data import refresh_explorer
from graph.ui.labels import PLURALS, TIER_NAMES, TIER_PHRASES
from graph.ui.tables import (
    HISTORY_WIDTHS,
    QUALIFICATION_WIDTH,
    REGISTER_WIDTHS,
    decisions_table,
    defects_table,
    register_table,
    subject_name,
    suggestions_table,
)
from graph.ui.widgets import (
    data_dir,
    explorer,
    needs_local_data,
    page_intro,
    plain,
    replace_explorer,
    url_select,
    version,
    xlsx_download,
)

DECISION_WORDS = {"accept": "Accept the suggested mapping", "reject": "Reject the suggestion",
                  "accept-risk": "Accept the risk", "mitigated": "Mitigated by a resource"}
LEVELS = ("criterion", "statement", "module")

@st.cache_data(show_spinner=False, max_entries=200)
def traced_item(item: str, version: tuple[float, ...]):
    """The trace of ``item`` in the current data (``version`` is the cache key)."""
    del version
    return trace(explorer().view, item)


@st.cache_data(show_spinner=False, max_entries=4)
def defects(version: tuple[float, ...]):
    """The source documents' defects in words, once per data version."""
    del version
    documents = {doc.file_name: doc.title for doc in SOURCES.values()}
    return defects_table(explorer().audit, explorer().names, documents)


@st.cache_data(show_spinner=False, max_entries=12)
def register_of(level: str, version: tuple[float, ...]):
    """The gap register of ``level`` in the current data (``version`` is the cache key)."""
    del version
    ex = explorer()
    return gap_register(ex.coverage, ex.qualifications, level, ex.resources,
                        ex.names.framework)


st.title("Gap register")
page_intro("Every item of the standard against every qualification: its evidence tier in each, "
           "what else covers it, suggested mappings, and the quality lead's decisions.")
ex = explorer()
name = ex.names.framework
quals = ex.qualifications

left, right = st.columns(2)
level = url_select("Items", LEVELS, "level", "criterion", container=left,
                   format_func=lambda lv: f"{PLURALS[lv]} of the standard".capitalize())
show = url_select("Show", list(FILTERS), "show", "no qualification covers it at criterion level",
                  container=right, format_func=lambda f: f.capitalize())
register = register_of(level, version())
rows = filter_register(register, quals, show)
st.markdown(f"**{len(rows)}** of the standard's {len(register)} {PLURALS[level]}.")
widths = REGISTER_WIDTHS | {name(q): QUALIFICATION_WIDTH for q in quals}  # hover for the rest
st.dataframe(register_table(rows, quals, level, ex.names), hide_index=True,
             column_config={column: st.column_config.Column(width=width)
                            for column, width in widths.items()})
xlsx_download(lambda: {"Register": register_table(register, quals, level, ex.names),
                       "Decisions": decisions_table(ex.curation, ex.names)},
              f"gap-register-{level}.xlsx", "Download the register and its decisions (Excel)")

st.subheader("Review a gap")
gaps = gaps_of(rows, quals)
if gaps.empty:
    st.info("No gap among these items: every qualification evidences them at criterion level.")
    st.stop()
with_gaps = [q for q in quals if q in set(gaps["framework"])]
chosen = url_select("Qualification", with_gaps, "qualification", with_gaps[0], format_func=name,
                    radio=True)
mine = gaps[gaps["framework"] == chosen].set_index("notation")
item = url_select("Gap", list(mine.index), "item", mine.index[0],
                  format_func=lambda n: f"{ex.names.standard(n, level)} "
                                        f"({TIER_NAMES[mine.at[n, 'evidence']]})")
tier = mine.at[item, "evidence"]
node = resolve_notation(ex.view, item)
st.markdown(f"**{name(chosen)}** evidences this {level} **{TIER_PHRASES[tier]}**.")

traced = traced_item(item, version())
others = traced[traced["framework"].isin(ex.resources)]
resource_items = list(dict.fromkeys(f"{f}:{i}" for f, i in
                                    zip(others["framework"], others["item"], strict=True)))
st.markdown("**What else covers it:** " + (
    "; ".join(plain(ex.names.item(r, framework=True)) for r in resource_items[:12])
    + (f" and {len(resource_items) - 12} more" if len(resource_items) > 12 else "")
    if resource_items else "no resource and no end-point assessment method."))

scope = {(describe(ex.view, n).split(" ")[0], ex.view.nodes[n]["notation"])
         for n in [node, *ancestors(ex.view, node)]}
in_scope = [(lv, n) in scope for lv, n in zip(ex.suggestions["level"],
                                               ex.suggestions["notation"], strict=True)]
suggested = ex.suggestions[(ex.suggestions["framework"] == chosen).to_numpy() & in_scope]
st.markdown("**Suggested mappings** (ranked by words in common and by the LOs that cover "
            "neighbouring items; not asserted by any source)")
if suggested.empty:
    st.write(f"{name(chosen)} has no suggestion for this {level}, its statement or its "
             "module: suggestions need the qualification's own criterion texts and a gap at "
             "the grain it maps to.")
for target, rows in suggestions_table(suggested, ex.names).groupby("For", sort=False):
    st.markdown(f"For {target}:\n\n" + "\n".join(
        f"{row.Rank}. {plain(row.Suggested)} (score {row.Score:.2f}). {plain(row.Why)}."
        for row in rows.itertuples(index=False)))

object_id = f"{level}/{item}"
log = ex.curation
mapping_ids = {f"{lv}/{n}" for lv, n in scope}
standing = decisions_on(standing_decisions(log), chosen, mapping_ids)
history = log[(log["framework"] == chosen) & log["object_id"].isin(mapping_ids)]

if needs_local_data("Recording a decision"):
    st.stop()
st.markdown("**Decide**")
kinds = [*(("accept", "reject") if not suggested.empty else ()), "accept-risk",
         *(("mitigated",) if resource_items else ())]
if st.session_state.pop("fresh_form", False):  # a decision was just recorded: start afresh
    # set, not deleted: a deleted widget value would stay on screen and be sent back
    st.session_state.update(decision=kinds[0], suggestion=0, note="")
    if resource_items:
        st.session_state["resource"] = resource_items[0]
with st.container(border=True):
    kind = st.radio("Decision", kinds, format_func=DECISION_WORDS.get, horizontal=True,
                    key="decision")
    subject, target = "", object_id
    if kind in ("accept", "reject"):
        pick = st.selectbox("Suggestion", range(len(suggested)), key="suggestion",
                            format_func=lambda i: suggestions_table(
                                suggested.iloc[[i]], ex.names).iloc[0]["Suggested"])
        row = suggested.iloc[pick]
        subject, target = row["candidate"], f"{row['level']}/{row['notation']}"
    elif kind == "mitigated":
        subject = st.selectbox("Resource", resource_items, key="resource",
                               format_func=lambda r: ex.names.item(r, framework=True))
    reviewer = st.text_input("Reviewer", key="reviewer", placeholder="your name")
    note = st.text_input("Note", key="note", placeholder="why")
    if st.button("Record the decision…", icon=":material/gavel:"):
        if not reviewer.strip():
            st.error("Name the reviewer first.")
        else:
            st.session_state["pending"] = {
                "framework": chosen, "subject_id": subject, "object_id": target,
                "decision": kind, "note": note.strip(), "reviewer": reviewer.strip()}

for decision in standing.itertuples(index=False):
    about = subject_name(ex.names, chosen, decision.subject_id, decision.decision)
    if st.button(f"Undo “{DECISION_WORDS[decision.decision].lower()}” ({about}, "
                 f"{decision.date})", key=f"undo-{decision.row}", icon=":material/undo:"):
        st.session_state["pending"] = {
            "framework": chosen, "subject_id": decision.subject_id,
            "object_id": decision.object_id, "decision": "undo", "note": "",
            "reviewer": st.session_state.get("reviewer", "")}

pending = st.session_state.get("pending")
if pending:
    about = subject_name(ex.names, pending["framework"], pending["subject_id"],
                         pending["decision"])
    words = ("Undo the standing decision" if pending["decision"] == "undo"
             else DECISION_WORDS[pending["decision"]])
    changes = pending["decision"] == "accept" or pending["decision"] == "undo" and any(
        standing["decision"] == "accept")
    with st.container(border=True):
        st.warning(f"Confirm: {words} for {name(pending['framework'])}, "
                   f"{ex.names.standard(item, level, wording=False)} ({about})."
                   + (" This changes the qualification's coverage." if changes else ""))
        yes, no = st.columns(2)
        if yes.button("Confirm", type="primary", key="confirm"):
            try:
                view = decide(data_dir(), ex.view, **pending)
            except InputError as error:
                st.error(str(error))
            else:
                replace_explorer(refresh_explorer(ex, data_dir(), view, pending["framework"]))
                st.session_state.pop("pending")
                st.session_state["fresh_form"] = True  # the reviewer's name stays
                st.toast(f"Recorded: {words.lower()}.")
                st.rerun()
        if no.button("Cancel", key="cancel"):
            st.session_state.pop("pending")
            st.rerun()

st.markdown(f"**History of this gap** ({len(history)} decisions)")
if history.empty:
    st.write("No decision yet.")
else:
    # one qualification's: its name would only take the room the note needs
    st.dataframe(decisions_table(history, ex.names).drop(columns="Qualification"),
                 hide_index=True, column_config={
                     column: st.column_config.Column(width=width) for column, width in
                     HISTORY_WIDTHS.items()})

st.subheader(f"The source documents' own defects ({len(ex.audit)})")
st.caption("Where a mapping document is wrong, garbled or contradicts itself: kept as it "
           "says, and listed here.")
st.dataframe(defects(version()), hide_index=True,
             column_config={"Message": st.column_config.TextColumn(width="large")})
