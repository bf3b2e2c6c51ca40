"""Text helpers shared by the importers: cleaning converted-PDF text and fuzzy matching."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

# Numbers the sources write as words ("all six mandatory units").
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^[\s•·■\-–]+")


def strip_html(cell: str) -> str:
    """Remove HTML tags and entities from a converted table cell, keeping the words apart.

    >>> strip_html('<p>Unit 1</p> <p>2.1 Explain</p>')
    'Unit 1 2.1 Explain'
    """
    return squash(html.unescape(_TAG.sub(" ", cell)))


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim the ends."""
    return _SPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Return ``text`` reduced for comparison: lower case, plain quotes and dashes, no bullets
    or trailing full stop, single spaces.

    >>> normalise("• Know the ‘brand promise’ – today. ")
    "know the 'brand promise' - today"
    """
    text = text.replace("‘", "'").replace("’", "'").replace("–", "-").replace("—", "-")
    text = _BULLET.sub("", squash(text)).lower()
    return text.rstrip(" .;:")


def similarity(a: str, b: str) -> float:
    """Similarity of two texts in [0, 100], insensitive to case, quotes and word order."""
    return fuzz.token_set_ratio(normalise(a), normalise(b))


def best_match(text: str, choices: Sequence[str], cutoff: float = 60.0) -> tuple[int, float] | None:
    """Index and score of the choice most similar to ``text``, or None below ``cutoff``.

    >>> best_match("Knowing your customer", ["Systems and resources", "Knowing your customers"])
    (1, 97.6...)
    """
    found = process.extractOne(
        normalise(text),
        [normalise(c) for c in choices],
        scorer=fuzz.WRatio,
        score_cutoff=cutoff,
    )
    if found is None:
        return None
    _, score, index = found
    return index, float(score)


def is_prefix_of(cut: str, full: str) -> bool:
    """True when ``cut`` is ``full`` cut off part-way: a strict prefix once normalised.

    >>> is_prefix_of("Take ownership for keeping your service knowledge and skills up-to-",
    ...              "Take ownership for keeping your service knowledge and skills up-to-date.")
    True
    """
    a, b = normalise(cut), normalise(full)
    return len(a) < len(b) and b.startswith(a)


STOP_WORDS = frozenset({"about", "also", "been", "from", "have", "into", "that", "their",
                        "them", "they", "this", "what", "when", "where", "which", "will",
                        "with", "your"})


def shared_words(a: str, b: str) -> set[str]:
    """The content words two texts share, compared by their first five letters (so
    "organisation" and "organisational" are one word); words under four letters and
    common function words do not count.

    >>> sorted(shared_words("the organisational policies and procedures",
    ...                     "Know the internal policies and procedures of your organisation"))
    ['organ', 'polic', 'proce']
    """
    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[a-z]+", normalise(text))
                if len(w) >= 4 and w not in STOP_WORDS}
    return stems(a) & stems(b)


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, without punctuation, markup or quote style.

    >>> words("Keep **up-to-date**; the 'brand promise'?")
    ['keep', 'up', 'to', 'date', 'the', 'brand', 'promise']
    """
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", normalise(strip_html(text)).replace("'s", "s"))


IRREGULAR_PAST = {"keep": "kept", "show": "shown"}


def _past(word: str) -> str:
    """The regular past tense of a verb: work -> worked, share -> shared, keep -> kept."""
    if word in IRREGULAR_PAST:
        return IRREGULAR_PAST[word]
    return word + ("d" if word.endswith("e") else "ed")


def _singular(word: str) -> str:
    return re.sub(r"(\(s\)|(?<=ch|sh|ss)es|(?<=x)es|s)$", "", word) if len(word) > 3 else word


def wording_difference(a: str, b: str) -> tuple[str | None, str]:
    """What kind of difference lies between two wordings of one text, and which words differ.

    Kinds: ``None`` (the same words, or one wording cut off from or contained in the other),
    ``swapped-words`` (the same words in another order), ``spelling-variant`` (the same
    letters split or joined differently: "sign-posting", "signposting"), ``singular-plural``
    (words that differ only by a plural ending), ``tense-differs`` (a verb in the past tense:
    "Work", "Worked"), ``typo`` (words that differ by one or two letters), else
    ``wording-differs``.

    >>> wording_difference("Knowing your customers", "Knowing your customer")
    ('singular-plural', "'customers' -> 'customer'")
    >>> wording_difference("regulations and legislation", "legislation and regulations")
    ('swapped-words', 'the same words in another order')
    >>> wording_difference("in all customer handling", "in all customer handing")
    ('typo', "'handling' -> 'handing'")
    >>> wording_difference("Keep customers informed", "Kept customers informed")
    ('tense-differs', "'keep' -> 'kept'")
    >>> wording_difference("Take ownership.", "take ownership")
    (None, '')
    """
    x, y = words(a), words(b)
    if x == y or not x or not y:
        return None, ""
    short, long_ = sorted((x, y), key=len)
    if any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1)):
        return None, ""
    if sorted(x) == sorted(y):
        return "swapped-words", "the same words in another order"
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=x, b=y, autojunk=False).get_opcodes():
        if tag != "equal":
            changes.append((" ".join(x[i1:i2]), " ".join(y[j1:j2])))
    detail = "; ".join(f"{old!r} -> {new!r}" for old, new in changes)
    if "".join(x) == "".join(y):
        return "spelling-variant", detail
    kinds = {_pair_kind(old, new) for old, new in changes}
    return (kinds.pop() if len(kinds) == 1 else "wording-differs"), detail


def _pair_kind(old: str, new: str) -> str:
    """The kind of one replaced run of words (see :func:`wording_difference`)."""
    a, b = old.split(), new.split()
    if not a or len(a) != len(b):
        return "wording-differs"
    pairs = list(zip(a, b, strict=True))
    if all(_singular(o) == _singular(n) for o, n in pairs):
        return "singular-plural"
    if all(o == n or _past(o) == n or _past(n) == o for o, n in pairs):
        return "tense-differs"
    if all(Levenshtein.distance(o, n) <= 2 and min(len(o), len(n)) >= 4 for o, n in pairs):
        return "typo"
    return "wording-differs"


def numbers(text: str) -> list[int]:
    """Every whole number in ``text``, in order.

    >>> numbers("3,4,5, 6, 7,")
    [3, 4, 5, 6, 7]
    """
    return [int(n) for n in re.findall(r"\d+", text)]


def unique(values: Iterable[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))
