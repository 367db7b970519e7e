"""The shipped model: file format, loading once, language identification, sentiment."""

from pathlib import Path

import numpy as np
import pytest

from comptoir.nlp import model as model_module
from comptoir.nlp.corpora import read_lines
from comptoir.nlp.model import (
    MODEL_FILE,
    ModelFileError,
    NlpModel,
    feature_hashes,
    get_model,
    hash_rows,
    pack,
    unpack,
)

POSTS = Path(__file__).with_name("language_posts.tsv")


def test_shipped_model_is_small_and_loads():
    assert MODEL_FILE.exists()
    assert MODEL_FILE.stat().st_size < 8_000_000
    m = NlpModel.load()
    assert set(m.lid_labels) >= {"fr", "en", "es", "de", "it", "pt", "ar", "nl", "unknown"}
    assert {"fr", "en", "*"} <= set(m.heads)


def test_model_is_a_process_wide_singleton():
    assert get_model() is get_model()


def test_pack_and_unpack_round_trip():
    matrix = np.arange(12, dtype=np.float16).reshape(3, 4)
    header = {"n_columns": 4, "x": "é"}
    vocab = ["a", "b c", "é"]
    blob = pack(header, vocab, matrix)
    assert pack(header, vocab, matrix) == blob  # byte-stable
    got_header, hashes, got = unpack(blob)
    assert got_header == header
    assert list(hashes) == sorted(hashes)
    for feature, row in zip(vocab, matrix, strict=True):
        (i,) = np.flatnonzero(hashes == feature_hashes([feature])[0])
        assert np.array_equal(got[i], row)


def test_colliding_features_add_their_weights():
    hashes, rows = hash_rows(["x", "y", "x"], np.array([[1.0], [2.0], [3.0]]))
    assert len(hashes) == 2
    assert sorted(rows[:, 0].tolist()) == [2.0, 4.0]


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelFileError):
        NlpModel.load(bad)
    with pytest.raises(ModelFileError):
        NlpModel.load(tmp_path / "missing.bin")


def test_language_of_short_social_posts():
    """Hand-written posts with mentions, hashtags, links and emoji (none used in training)."""
    rows = [line.split("\t", 1) for line in read_lines(POSTS)[1:] if line]
    m = get_model()
    wrong = [(lang, text) for lang, text in rows if m.scores(text).language != lang]
    assert len(rows) >= 40
    assert len(wrong) <= 3, wrong


@pytest.mark.parametrize(
    "text",
    ["ok", "👍👍", "http @user", "Привет, как дела?", "Dzień dobry, czy jest pan dostępny jutro?"],
)
def test_unknown_when_unsure_or_another_language(text):
    assert get_model().scores(text).language == "unknown"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Merci pour ce gâteau délicieux, toute la famille a adoré !", 2),
        ("Très déçu, commande jamais livrée et personne ne répond.", 0),
        ("Vous êtes ouverts à quelle heure samedi ?", 1),
        ("Absolutely loved the room and the staff were wonderful", 2),
        ("Terrible service, the worst hotel I have ever stayed in", 0),
    ],
)
def test_sentiment_of_clear_customer_messages(text, expected):
    probs = get_model().scores(text).probabilities
    assert max(range(3), key=probs.__getitem__) == expected
    assert abs(sum(probs) - 1.0) < 1e-6


def test_forced_language_picks_that_head():
    m = get_model()
    assert m.scores("Le pain est bon", "fr").language == "fr"
    assert m.scores("Le pain est bon", "fr").language_confidence == 1.0


def test_word_cache_recycles_without_changing_scores(monkeypatch):
    m = NlpModel.load()
    before = m.scores("Le meilleur croissant de Paris, bravo !").probabilities
    monkeypatch.setattr(model_module, "CACHE_LIMIT", 3)
    for word in ("alpha", "beta", "gamma", "delta", "epsilon"):
        m.scores(word)
    after = m.scores("Le meilleur croissant de Paris, bravo !").probabilities
    assert before == pytest.approx(after, abs=1e-6)


def test_concurrent_threads_get_the_same_scores_as_one_thread(monkeypatch):
    """The word cache is shared; small enough here to be recycled while threads read."""
    from concurrent.futures import ThreadPoolExecutor

    rows = [line.split("\t", 1)[1] for line in read_lines(POSTS)[1:] if line]
    alone = NlpModel.load()
    expected = [alone.scores(text).probabilities for text in rows]
    monkeypatch.setattr(model_module, "CACHE_LIMIT", 100)
    shared = NlpModel.load()
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda text: shared.scores(text).probabilities, rows * 3))
    for want, have in zip(expected * 3, got, strict=True):
        assert have == pytest.approx(want, abs=1e-5)
