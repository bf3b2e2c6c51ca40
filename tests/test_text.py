"""The TF-IDF of graph.analysis.text gives scikit-learn's numbers without importing it."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from graph.analysis.text import STOP_WORDS, tfidf_rows
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
