"""The wording of qualification items, and two text similarities: TF-IDF cosines and BM25.

An item's *wording* is its label when the label says something, and the empty string when the
label is only a reference (``Unit 1 LO1 AC1.2``, ``Unit 1 D/615/6236``: Highfield's mapping
names its units and ACs by reference but never gives their texts). Text similarity is the
cosine of TF-IDF vectors of wordings; an empty wording has the zero vector and so no similarity
to anything. :func:`bm25_scores` ranks documents for a query with BM25 (``bm25s``) over
:func:`stems`: the same words, less stop words, reduced to their Snowball stems (PyStemmer), so
that "customer" meets "customers" and "explain" meets "explaining".

The vectors are scikit-learn's ``TfidfVectorizer(stop_words="english")`` computed here with
scipy.sparse: the same tokens, stop words, smoothed IDF and L2 norm, so the same numbers, without
importing scikit-learn, which alone takes longer than any command is allowed to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import bm25s
import networkx as nx
import numpy as np
import Stemmer
from scipy import sparse

# references only: "Unit 1 LO1 AC1.2", "Unit 1 D/615/6236" (an Ofqual unit reference number)
REFERENCE_ONLY = re.compile(r"(?:(?:Unit|LO|AC)\s*[\d.]+\s*|[A-Z]/\d{3}/\d{4}\s*)+")
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern
# scikit-learn's English stop words (sklearn.feature_extraction.text.ENGLISH_STOP_WORDS)
STOP_TEXT = (
    "a about above across after afterwards again against all almost alone along already also "
    "although always am among amongst amoungst amount an and another any anyhow anyone anything "
    "anyway anywhere are around as at back be became because become becomes becoming been before "
    "beforehand behind being below beside besides between beyond bill both bottom but by call can "
    "cannot cant co con could couldnt cry de describe detail do done down due during each eg "
    "eight either eleven else elsewhere empty enough etc even ever every everyone everything "
    "everywhere except few fifteen fifty fill find fire first five for former formerly forty "
    "found four from front full further get give go had has hasnt have he hence her here "
    "hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in "
    "inc indeed interest into is it its itself keep last latter latterly least less ltd made many "
    "may me meanwhile might mill mine more moreover most mostly move much must my myself name "
    "namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere "
    "of off often on once one only onto or other others otherwise our ours ourselves out over own "
    "part per perhaps please put rather re same see seem seemed seeming seems serious several she "
    "should show side since sincere six sixty so some somehow someone something sometime "
    "sometimes somewhere still such system take ten than that the their them themselves then "
    "thence there thereafter thereby therefore therein thereupon these they thick thin third this "
    "those though three through throughout thru thus to together too top toward towards twelve "
    "twenty two un under until up upon us very via was we well were what whatever when whence "
    "whenever where whereafter whereas whereby wherein whereupon wherever whether which while "
    "whither who whoever whole whom whose why will with within without would yet you your yours "
    "yourself yourselves "
)
STOP_WORDS = frozenset(STOP_TEXT.split())


def wording(view: nx.MultiDiGraph, node: str) -> str:
    """The label of ``node``, or ``""`` when the label is only a reference to the item.

    >>> v = nx.MultiDiGraph()
    >>> v.add_node("q:unit/1/lo/1/ac/1.2", label="Unit 1 LO1 AC1.2")
    >>> v.add_node("r:unit/2/ac/1.1", label="Explain who customers are")
    >>> v.add_node("q:unit/1", label="Unit 1 D/615/6236")
    >>> wording(v, "q:unit/1/lo/1/ac/1.2"), wording(v, "r:unit/2/ac/1.1"), wording(v, "q:unit/1")
    ('', 'Explain who customers are', '')
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
    documents = [_terms(text, ngram_range) for text in texts]
    vocabulary = {term: j for j, term in enumerate(sorted({t for d in documents for t in d}))}
    rows = [i for i, d in enumerate(documents) for _ in d]
    cols = [vocabulary[t] for d in documents for t in d]
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                               shape=(len(texts), len(vocabulary)))
    counts.sum_duplicates()
    if sublinear_tf:
        counts.data = np.log(counts.data) + 1
    frequency = np.bincount(counts.indices, minlength=len(vocabulary))
    weighted = counts @ sparse.diags(np.log((len(texts) + 1) / (frequency + 1)) + 1)
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ weighted)


def stems(text: str) -> list[str]:
    """The words of ``text`` as :func:`tfidf_rows` reads them, reduced to English stems.

    >>> stems("Explaining the needs of customers")
    ['explain', 'need', 'custom']
    """
    return _STEMMER.stemWords(_terms(text, (1, 1)))


def bm25_scores(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
    """BM25 scores (Lucene's variant, k1 = 1.5, b = 0.75) of every document for every query,
    over :func:`stems`: an array of ``len(queries)`` rows and ``len(documents)`` columns, 0
    where a query and a document share no stem (and for empty texts).

    >>> bm25_scores(["customer needs", "the"], ["needs of customers", "legislation", ""]
    ...             ).round(2).tolist()
    [[0.54, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    tokens = [stems(d) for d in documents]
    vocabulary = {t for d in tokens for t in d}
    scores = np.zeros((len(queries), len(documents)))
    if not vocabulary:
        return scores
    index = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    index.index(tokens, show_progress=False)
    for i, query in enumerate(queries):
        known = [t for t in stems(query) if t in vocabulary]
        if known:
            scores[i] = index.get_scores(known)
    return scores


_STEMMER = Stemmer.Stemmer("english")


def _terms(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """The terms of ``text``: lower-case words of two or more characters less stop words, and
    their n-grams in ``ngram_range``, as scikit-learn's word analyser makes them."""
    words = [w for w in TOKEN.findall(text.lower()) if w not in STOP_WORDS]
    low, high = ngram_range
    return [" ".join(words[i:i + n]) for n in range(low, high + 1)
            for i in range(len(words) - n + 1)]
