"""How often the suggested mappings find what the mapping documents assert: held-out recall@5.

``python -m benchmarks.suggestions`` measures, on the bundled data, every qualification with
mappings: each mapped item in turn is taken as a gap, its mappings (and those of the items
above and below it) are removed from everything the ranking learns from, the fitted weight
included, and its asserted ACs are looked for among the five suggestions
(:func:`graph.analysis.suggest.evaluate_recall`). The ranking (BM25 words and neighbours), its
word part alone and the earlier TF-IDF ranking are measured in the same run, beside the recall
of a random ranking, the recall of words told which blocks hold the answer (a bound) and the
highest recall possible. It writes its section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
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
        bound = evaluate_recall(view, key, k=K, method="blocks-known")
        weights = Counter(ours.weights.values())
        seconds = median_seconds(lambda q=key: suggest_mappings(view, q, k=K), runs)
        fitted = "; ".join(f"{block:g} and {unit:g} ({n} item{'s' * (n > 1)})"
                           for (block, unit), n in sorted(weights.items()))
        rows.append([QUALIFICATIONS[key], ours.items["level"].iloc[0], ours.candidates,
                     ours.pairs, ours.recall, words.recall, tfidf.recall, ours.baseline,
                     bound.recall, ours.ceiling, GOALS[key], fitted, seconds, evaluation])
        report.figures[f"recall_{key}"] = ours.recall
    report.table(TITLE, [
        "qualification", "grain", "ACs", "asserted pairs", f"recall@{K}: words + neighbours",
        "words alone", "TF-IDF (earlier)", "random", "words told the right blocks (bound)",
        "highest possible", "goal", "neighbour weights fitted (block and unit)", "suggest, s",
        "evaluate, s"], rows,
        "Leave-one-item-out: each item the qualification maps to, at its own grain, is taken "
        "as a gap; its mappings and those of the items above and below it are removed from "
        "what the ranking learns (the neighbours and the fitted weights), and a hit is an "
        f"asserted AC among the top {K}. *Words* is BM25 over word stems of the item (with the "
        "items below it) against each AC, its LO or block of ACs and its unit; *neighbours* "
        "are the mappings of the item's siblings (else of its cousins in the module) made by "
        "the AC's LO or block, and by its unit, each part weighted by the weight fitted on the "
        "other items (the pairs chosen across the held-out items are listed, with how many "
        "items chose each). *Random* is the expected recall of a random order; *highest "
        f"possible* counts at most {K} hits per item. *Words told the right blocks* is not a "
        "ranking but a bound: it is told which LOs (or blocks) hold the item's asserted ACs, "
        "ranks their ACs first and orders them by words, so it shows what finding the right "
        "LO alone could give. Highfield's ACs have no wording in its mapping, so only the "
        "neighbours rank them; its TF-IDF and words-alone figures are the order of the "
        "candidates, no better than random. City & Guilds' row for module 6 references "
        "unit 203 LO2 but quotes the words of unit 204 LO2 (a suspect reference in the "
        "audit): held out, module 6 gets unit 204 LO2, and its five asserted ACs are misses. "
        "`suggest` is the median time of "
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
