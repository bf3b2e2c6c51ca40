"""How often the suggested mappings find what the mapping documents assert: held-out recall@5.

``python -m benchmarks.suggestions`` measures, on the bundled data, every qualification with
mappings: each mapped item in turn is taken as a gap, its mappings (and those of the items
above and below it) are removed from everything the ranking learns from, the fitted weight
included, and its asserted ACs are looked for among the five suggestions
(:func:`graph.analysis.suggest.evaluate_recall`). The ranking (BM25 words and neighbours), its
word part alone and the earlier TF-IDF ranking are measured in the same run, beside the recall
of a random ranking and the highest recall possible. It writes its section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from benchmarks.harness import Report, machine, median_seconds, replace_section
from graph.analysis.network import to_networkx
from graph.analysis.suggest import evaluate_recall, suggest_mappings
from graph.store.cache import load_graph

RESULTS = Path(__file__).parent / "RESULTS.md"
QUALIFICATIONS = {"ncfe": "NCFE", "cityguilds": "City & Guilds", "highfield": "Highfield"}
GOALS = {"ncfe": "≥ 0.30", "cityguilds": "≥ 0.65", "highfield": "–"}
K = 5
TITLE = f"Suggested mappings: held-out recall@{K} on the bundled data"


def bench_suggestions(report: Report, runs: int, smoke: bool = False) -> None:
    """Add the recall table (and the time to suggest) to ``report``; with ``smoke``, only for
    City & Guilds, the quickest to evaluate."""
    view = to_networkx(load_graph())
    rows = []
    for key in ("cityguilds",) if smoke else QUALIFICATIONS:
        started = time.perf_counter()
        ours = evaluate_recall(view, key, k=K)
        evaluation = time.perf_counter() - started
        words = evaluate_recall(view, key, k=K, method="words")
        tfidf = evaluate_recall(view, key, k=K, method="tfidf")
        weights = sorted(set(ours.weights.values()))
        seconds = median_seconds(lambda q=key: suggest_mappings(view, q, k=K), runs)
        rows.append([QUALIFICATIONS[key], ours.items["level"].iloc[0], ours.candidates,
                     ours.pairs, ours.recall, words.recall, tfidf.recall, ours.baseline,
                     ours.ceiling, GOALS[key], ", ".join(f"{w:g}" for w in weights),
                     seconds, evaluation])
        report.figures[f"recall_{key}"] = ours.recall
    report.table(TITLE, [
        "qualification", "grain", "ACs", "asserted pairs", f"recall@{K}: words + neighbours",
        "words alone", "TF-IDF (earlier)", "random", "highest possible", "goal",
        "neighbour weight fitted", "suggest, s", "evaluate, s"], rows,
        "Leave-one-item-out: each item the qualification maps to, at its own grain, is taken "
        "as a gap; its mappings and those of the items above and below it are removed from "
        "what the ranking learns (the neighbours and the fitted weight), and a hit is an "
        f"asserted AC among the top {K}. *Words* is BM25 over word stems of the item (with the "
        "items below it) against each AC, its LO or block of ACs and its unit; *neighbours* "
        "are the mappings of the item's siblings (else of its cousins in the module) made by "
        "the AC's LO or block, weighted by the "
        "weight fitted on the other items (the weights chosen across the held-out items are "
        "listed). *Random* is the expected recall of a random order; *highest possible* counts "
        f"at most {K} hits per item. Highfield's ACs have no wording in its mapping, so only the "
        "neighbours rank them; its TF-IDF and words-alone figures are the order of the "
        "candidates, no better than random. `suggest` is the median time of "
        f"`suggest_mappings` over {runs} runs; `evaluate` one held-out evaluation.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    report = Report(args.runs)
    bench_suggestions(report, args.runs)
    section = "\n".join([report.sections[0], "", "Machine:", *machine()])
    replace_section(args.out, section)
    print(f"wrote its section of {args.out}")


if __name__ == "__main__":
    main()
