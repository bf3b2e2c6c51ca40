"""The text similarities of graph.analysis.text: TF-IDF as scikit-learn computes it (without
importing it), BM25 as Lucene scores it, and the stems both read."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from graph.analysis.text import STOP_WORDS, bm25_scores, stems, tfidf_rows
from graph.ingest.sources import DATA_DIR
from graph.model.tables_io import read_table


def test_the_stop_words_are_scikit_learns():
    assert STOP_WORDS == ENGLISH_STOP_WORDS


@pytest.mark.parametrize("ngram_range, sublinear_tf", [((1, 1), False), ((1, 2), True),
                                                        ((1, 3), False)])
def test_cosines_equal_scikit_learns_on_every_label(ngram_range, sublinear_tf):
    texts = read_table(DATA_DIR, "items")["label"].tolist() + ["", "the a"]
    ours = tfidf_rows(texts, ngram_range, sublinear_tf)
    theirs = TfidfVectorizer(stop_words="english", ngram_range=ngram_range,
                             sublinear_tf=sublinear_tf).fit_transform(texts)
    assert ours.shape == theirs.shape
    assert np.abs((ours @ ours.T - theirs @ theirs.T).toarray()).max() < 1e-12


def test_stems_are_snowball_stems_of_the_words_less_stop_words():
    assert stems("Describe the needs of customers, explaining their expectations") == [
        "need", "custom", "explain", "expect"]  # "describe", "the", "of", "their": stop words
    assert stems("") == [] and stems("the a") == []


def lucene_bm25(query: list[str], documents: list[list[str]], k1: float = 1.5,
                b: float = 0.75) -> list[float]:
    """BM25 as Lucene scores it, written out term by term."""
    average = sum(map(len, documents)) / len(documents)
    scores = []
    for document in documents:
        total = 0.0
        for term in query:
            df = sum(term in d for d in documents)
            tf = document.count(term)
            idf = math.log(1 + (len(documents) - df + 0.5) / (df + 0.5))
            total += idf * tf / (tf + k1 * (1 - b + b * len(document) / average))
        scores.append(total)
    return scores


def test_bm25_scores_are_lucenes_on_the_acs_of_a_qualification():
    items = read_table(DATA_DIR, "items")
    documents = items[(items["framework"] == "ncfe")
                      & (items["kind"] == "AssessmentCriterion")]["label"].tolist()
    queries = ["Understand who customers are.", "Know the appropriate legislation",
               "nothing matches zzz", ""]
    ours = bm25_scores(queries, documents)
    assert ours.shape == (4, len(documents))
    for row, query in zip(ours, queries, strict=True):
        known = {t for d in documents for t in stems(d)}
        expected = lucene_bm25([t for t in stems(query) if t in known],
                               [stems(d) for d in documents])
        assert np.abs(row - expected).max() < 1e-5  # bm25s computes in float32
    assert ours[2].max() == ours[3].max() == 0
    assert bm25_scores(["customers"], ["", "the"]).tolist() == [[0.0, 0.0]]
