"""Text normalisation and features: what the model sees of a post."""

from comptoir.nlp.text import char_ngrams, decode_escapes, extract, prepare, tokenise


def test_literal_escapes_are_decoded():
    assert decode_escapes(r"I\u2019m fine\u002c thanks") == "I\u2019m fine, thanks"
    assert decode_escapes("no escape") == "no escape"


def test_links_and_mentions_become_the_training_placeholders():
    prepared = prepare("@Boulangerie_Martin voyez https://exemple.fr/a?b=1 et www.x.fr")
    assert prepared.split() == ["@user", "voyez", "http", "et", "http"]


def test_tokens_keep_emoji_and_squeeze_repeated_letters():
    toks = [tok for _, tok in tokenise("Sooooo bon!!!!! 😍😍 :)")]
    assert toks == ["soo", "bon", "!!!", "😍", "😍", ":)"]


def test_skin_tones_and_variation_selectors_are_dropped():
    toks = [tok for _, tok in tokenise("top 👍🏽 ❤️")]
    assert toks == ["top", "👍", "❤"]


def test_french_elisions_are_split():
    toks = [tok for _, tok in tokenise("L'hôtel, c'est j'adore")]
    assert toks == ["l", "hôtel", ",", "c", "est", "j", "adore"]


def test_negation_marks_following_words_and_flips_lexicon_buckets():
    words, _, _ = extract("je n'aime pas ce pain. Bon", {"aime": "+2", "bon": "+2"})
    assert "!aime" in words
    assert "L-2" in words  # "aime" inside the negation scope
    assert "_bon" in words and "L+2" in words  # after the full stop the scope is closed
    words_en, _, _ = extract("I don't like it", {"like": "+2"})
    assert "!like" in words_en and "L-2" in words_en


def test_char_ngrams_are_padded_and_sized_two_to_five():
    grams = char_ngrams("pain")
    assert " p" in grams and "ain " in grams and " pain" in grams
    assert all(2 <= len(g) <= 5 for g in grams)
    assert len(grams) == 5 + 4 + 3 + 2


def test_features_do_not_collide_between_words_and_ngrams():
    words, chars, letters = extract("ai ai", {})
    assert "_ai" in words and "ai" in chars
    assert letters == ["ai", "ai"]
