"""Text helpers shared by the importers: cleaning converted-PDF text and fuzzy matching."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

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


def numbers(text: str) -> list[int]:
    """Every whole number in ``text``, in order.

    >>> numbers("3,4,5, 6, 7,")
    [3, 4, 5, 6, 7]
    """
    return [int(n) for n in re.findall(r"\d+", text)]


def unique(values: Iterable[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))
