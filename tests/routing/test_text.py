"""Words meet whatever their case, accents and simple plural."""

from __future__ import annotations

import pytest

from comptoir.routing.text import contains, matching, phrase, stem, words


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("gâteaux", "gateau"),
        ("Gâteau", "GATEAUX"),
        ("pains", "pain"),
        ("journaux", "journal"),
        ("deliveries", "delivery"),
        ("cakes", "cake"),
        ("crème", "CREME"),
    ],
)
def test_forms_of_a_word_meet(one, other):
    assert stem(words(one)[0]) == stem(words(other)[0])


def test_short_words_keep_their_end():
    assert words("os bus gaz") == ["os", "bus", "gaz"]


def test_whole_words_only():
    text = words("Un painting sur le mur, et du pain complet ?")
    assert contains(text, phrase("pain"))
    assert not contains(words("Un beau painting"), phrase("pain"))
    assert not contains(words("la copine"), phrase("pin"))


def test_phrases_match_consecutive_words():
    text = words("Avez-vous du pain SANS-GLUTEN ?")
    assert contains(text, phrase("sans gluten"))
    assert not contains(words("sans sucre, avec gluten"), phrase("sans gluten"))


def test_matching_returns_terms_as_written():
    text = words("Vos GÂTEAUX d'anniversaire sont superbes")
    assert matching(text, ["gâteau", "pain", "anniversaire"]) == ["gâteau", "anniversaire"]


def test_an_empty_term_never_matches():
    assert not contains(words("bonjour"), phrase("  !! "))
