"""Equivalent units: the sparse computation against a straightforward networkx/pandas one."""

from __future__ import annotations

import math
import time

import networkx as nx
import numpy as np
import pandas as pd

from benchmarks.harness import Report, median_seconds, ratio
from graph.analysis.equivalence import DEFAULT_MIN_SCORE, similarity_pairs
from graph.analysis.text import tfidf_rows

UNITS_PER_QUALIFICATION = 5
MODULES = 6
NAIVE_PAIRS = 200_000  # pairs the naive version is timed on beyond 1 k units
VOCABULARY = 20_000  # distinct words of the AC texts


def profiles(units: int, seed: int = 1) -> pd.DataFrame:
    """Unit profiles shaped like a national catalogue's: qualifications of five units, each
    mapping to one of a set of standards of six modules; AC texts of twelve words drawn from a
    vocabulary of :data:`VOCABULARY` words with Zipf frequencies, as words in text have."""
    rng = np.random.default_rng(seed)
    standards = max(1, units // 25)
    frequency = 1 / np.arange(1, VOCABULARY + 1)
    words = rng.choice(VOCABULARY, size=(units, 12), p=frequency / frequency.sum())
    rows = []
    for i in range(units):
        qualification, standard = i // UNITS_PER_QUALIFICATION, (i // 25) % standards
        picked = rng.choice(MODULES, size=1 + rng.poisson(1), replace=True)
        rows.append({"framework": f"q{qualification}", "unit": f"q{qualification}:unit/{i}",
                     "notation": str(i), "label": f"Unit {i}",
                     "modules": tuple(sorted({f"st{standard}:{m + 1}" for m in picked})),
                     "texts": " ".join(f"w{w}" for w in words[i])})
    return pd.DataFrame(rows)


def naive_pairs(frame: pd.DataFrame, pairs: int | None = None) -> int:
    """Every cross-framework pair in a Python double loop (sets for Jaccard, dicts for cosine),
    pairs scoring at least 0.3 collected in a networkx graph; stop after ``pairs`` pairs."""
    vectors = tfidf_rows(frame["texts"].tolist())
    rows = [dict(zip(vectors[i].indices, vectors[i].data, strict=True))
            for i in range(vectors.shape[0])]
    modules = [set(m) for m in frame["modules"]]
    frameworks = frame["framework"].tolist()
    kept, seen = nx.Graph(), 0
    for a in range(len(frame)):
        for b in range(a + 1, len(frame)):
            if frameworks[a] == frameworks[b]:
                continue
            union = len(modules[a] | modules[b])
            jaccard = len(modules[a] & modules[b]) / union if union else 0.0
            cosine = sum(w * rows[b].get(t, 0.0) for t, w in rows[a].items())
            if 0.5 * jaccard + 0.5 * cosine >= DEFAULT_MIN_SCORE:
                kept.add_edge(a, b)
            seen += 1
            if pairs is not None and seen >= pairs:
                return seen
    return seen


def bench_equivalence(report: Report, sizes: tuple[int, ...], runs: int) -> None:
    rows = []
    for units in sizes:
        frame = profiles(units)
        sparse_time = median_seconds(
            lambda f=frame: similarity_pairs(f, min_score=DEFAULT_MIN_SCORE), runs)
        total = units * (units - 1) // 2
        if total <= NAIVE_PAIRS * 3:
            naive_time, how = median_seconds(lambda f=frame: naive_pairs(f), 1), "measured"
        else:
            start = time.perf_counter()
            timed = naive_pairs(frame, NAIVE_PAIRS)
            naive_time = (time.perf_counter() - start) * total / timed
            how = f"extrapolated from {timed:,} pairs"
        rows.append([f"{units:,}", f"{total:,}", sparse_time, naive_time, how,
                     ratio(naive_time, sparse_time)])
        report.figures["equivalence"] = sparse_time
    report.table("Equivalent units: sparse matrices against a double loop, seconds",
                 ["units", "pairs", "sparse (`similarity_pairs`)", "double loop + networkx",
                  "double loop is", "speed-up"], rows,
                 f"Medians of {runs} runs of `similarity_pairs(min_score=0.3)` on profiles shaped "
                 "like a national catalogue's (five units per qualification, one to three "
                 "modules each, twelve words of AC text from a Zipf vocabulary of "
                 f"{VOCABULARY:,} words). The double loop computes the same "
                 "Jaccard and cosine per pair in Python; past "
                 f"{3 * NAIVE_PAIRS:,} pairs its time is extrapolated linearly in pairs "
                 f"(it is quadratic in units: {math.comb(30_000, 2):,} pairs at 30 k).")
