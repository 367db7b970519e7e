"""Words as routing compares them: without case, accents or simple plurals.

A customer writes "Vos GÂTEAUX sont-ils sans gluten ?", a colleague's expertise says
"gâteau", a rule's keyword says "sans gluten": all three must meet. Words are folded
(lower case, no accents), then reduced by a deliberately small set of French and English
plural endings. Both sides go through the same reduction, so an over-eager cut ("bus" ->
"bu") still matches itself; only a few irregular plurals ("boxes") are missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from comptoir.networks.rss.text import fold

WORD = re.compile(r"[^\W_]+")
# Words this short keep their final "s" or "x" ("os", "gaz", "bus" are not plurals).
MIN_STEM = 3


def stem(word: str) -> str:
    """The singular-ish form of one folded word: gateaux -> gateau, cookies -> cooky...

    "-ies" -> "-y" (deliveries, delivery), a final "s" or "x" is dropped (pains, gâteaux),
    and "-al" is written "-au" so that journal and journaux meet.
    """
    if len(word) > MIN_STEM + 1 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > MIN_STEM and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > MIN_STEM and word.endswith("al"):
        word = word[:-2] + "au"
    return word


def words(text: str) -> list[str]:
    """The reduced words of a text, in order."""
    return [stem(w) for w in WORD.findall(fold(text))]


def phrase(term: str) -> tuple[str, ...]:
    """A keyword or tag as the sequence of reduced words it must match."""
    return tuple(words(term))


def contains(text_words: Sequence[str], term: tuple[str, ...]) -> bool:
    """Whether ``term`` appears in the text as whole consecutive words."""
    if not term:
        return False
    size = len(term)
    first = term[0]
    return any(
        text_words[i] == first and tuple(text_words[i : i + size]) == term
        for i in range(len(text_words) - size + 1)
    )


def matching(text_words: Sequence[str], terms: Iterable[str]) -> list[str]:
    """The terms (as written) found in the text."""
    return [term for term in terms if contains(text_words, phrase(term))]
