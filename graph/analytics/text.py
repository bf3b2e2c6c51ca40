"""The wording of qualification items and its TF-IDF vectors, for text similarity.

An item's *wording* is its label when the label says something, and the empty string when the
label is only a reference (``Unit 1 LO1 AC1.2``: Highfield's mapping names its ACs but never
gives their texts). Text similarity is the cosine of TF-IDF vectors (scikit-learn) of
wordings; an empty wording has the zero vector and so no similarity to anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import networkx as nx
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

REFERENCE_ONLY = re.compile(r"(?:(?:Unit|LO|AC)\s*[\d.]+\s*)+")


def wording(view: nx.MultiDiGraph, node: str) -> str:
    """The label of ``node``, or ``""`` when the label is only a reference to the item.

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("q:unit/1/lo/1/ac/1.2", label="Unit 1 LO1 AC1.2")
    >>> v.add_node("r:unit/2/ac/1.1", label="Explain who customers are")
    >>> wording(v, "q:unit/1/lo/1/ac/1.2"), wording(v, "r:unit/2/ac/1.1")
    ('', 'Explain who customers are')
    """
    label = view.nodes[node].get("label", "")
    return "" if REFERENCE_ONLY.fullmatch(label.strip()) else label


def tfidf_rows(texts: Sequence[str], ngram_range: tuple[int, int] = (1, 1),
               sublinear_tf: bool = False) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of ``texts`` (English stop words dropped), fitted on them.

    A text with no word left is a zero row; when no text has a word left, every row is zero
    (zero columns), so the cosine ``rows @ rows.T`` is 0 for it rather than an error.

    >>> rows = tfidf_rows(["greet the customer", "greet a customer", "", "the a"])
    >>> (rows @ rows.T).toarray()[0].round(2).tolist()
    [1.0, 1.0, 0.0, 0.0]
    >>> tfidf_rows(["", "the"]).shape
    (2, 0)
    """
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=ngram_range,
                                 sublinear_tf=sublinear_tf)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # scikit-learn's "empty vocabulary": no text has a word left
        return sparse.csr_matrix((len(texts), 0))
