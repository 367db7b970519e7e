"""The shipped model: file format, loading once per process, and scoring one post.

One vocabulary (word features and character n-grams) indexes one weight matrix
whose columns hold every linear head at once: sentiment heads for French,
English and the other languages, and the language identifier. A post is
scored with one hash per word feature, a search in a sorted array and one
gather-and-sum, so language and sentiment together cost a few tens of
microseconds on one core.

The French head adds the mean of the word vectors of the post's tokens, each
projected once onto its three columns when the model is loaded
(:mod:`comptoir.nlp.vectors`); the file keeps only that projection's weights.

Features are not kept as strings: each is stored as the CRC-32 of its UTF-8
bytes, in a sorted array (4 bytes a feature instead of a dictionary entry of
about a hundred), which keeps the loaded model near 20 MB. Two features of the
vocabulary sharing a hash have their weights added (a handful of the 360,000);
an unknown feature that happens to share a hash with a known one borrows its
weights, about once in 10,000 posts, a negligible noise for a linear model.

File layout (``MODEL_FILE``): zlib-compressed bytes of ``b"CNLP"`` + 4-byte
little-endian header length + JSON header + 4-byte feature count + sorted
uint32 hashes, stored as differences from the previous one + float16 matrix (one
row per hash, row-major), all little-endian.
"""

from __future__ import annotations

import json
import math
import struct
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .text import CACHE_LIMIT, char_ngrams, tokenise, word_features
from .vectors import VECTOR_KINDS, WordVectors, WordVectorsMissing, release_freed_memory
from .vectors import VERSION as VECTORS_VERSION

MODEL_FILE = Path(__file__).resolve().parent / "weights" / "comptoir-nlp.bin"
MAGIC = b"CNLP"
SENTIMENTS = ("negative", "neutral", "positive")
UNKNOWN = "unknown"

FloatArray = npt.NDArray[np.float32]
HashArray = npt.NDArray[np.uint32]
IndexArray = npt.NDArray[np.intp]

_crc32 = zlib.crc32


class ModelFileError(RuntimeError):
    """The model file is missing or is not a Comptoir NLP model."""


def feature_hashes(features: list[str]) -> HashArray:
    """CRC-32 of each feature's UTF-8 bytes, the key the model file stores."""
    return np.array([_crc32(f.encode()) for f in features], dtype=np.uint32)


def hash_rows(
    vocab: list[str], matrix: npt.NDArray[np.floating[Any]]
) -> tuple[HashArray, npt.NDArray[np.float16]]:
    """Sort a vocabulary's rows by feature hash, adding the rows of colliding features."""
    hashes = feature_hashes(vocab)
    order = np.argsort(hashes, kind="stable")
    unique, starts = np.unique(hashes[order], return_index=True)
    merged = np.add.reduceat(np.asarray(matrix, dtype=np.float64)[order], starts, axis=0)
    return unique.astype(np.uint32), merged.astype(np.float16)


def pack(header: dict[str, Any], vocab: list[str], matrix: npt.NDArray[np.floating[Any]]) -> bytes:
    """Serialise a model deterministically (same inputs, same bytes)."""
    hashes, rows = (
        hash_rows(vocab, matrix)
        if vocab
        else (
            np.zeros(0, dtype=np.uint32),
            np.zeros((0, matrix.shape[1]), dtype=np.float16),
        )
    )
    head = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    body = b"".join(
        [
            MAGIC,
            struct.pack("<I", len(head)),
            head,
            struct.pack("<I", len(hashes)),
            # Sorted hashes stored as differences: small numbers, which compress well.
            np.diff(hashes, prepend=np.uint32(0)).astype("<u4").tobytes(),
            np.ascontiguousarray(rows, dtype="<f2").tobytes(),
        ]
    )
    return zlib.compress(body, 9)


def unpack(blob: bytes) -> tuple[dict[str, Any], HashArray, npt.NDArray[np.float16]]:
    """Inverse of :func:`pack`: header, sorted feature hashes and their weight rows."""
    try:
        body = zlib.decompress(blob)
    except zlib.error as exc:
        raise ModelFileError("the model file is not compressed as expected") from exc
    if body[:4] != MAGIC:
        raise ModelFileError("the model file does not start with the expected marker")
    try:
        (hlen,) = struct.unpack_from("<I", body, 4)
        pos = 8 + hlen
        header: dict[str, Any] = json.loads(body[8:pos])
        (count,) = struct.unpack_from("<I", body, pos)
        pos += 4
        deltas = np.frombuffer(body, dtype="<u4", count=count, offset=pos)
        hashes = np.cumsum(deltas, dtype=np.uint64).astype(np.uint32)
        pos += 4 * count
        n_cols = int(header["n_columns"])
        matrix = np.frombuffer(body, dtype="<f2", offset=pos).reshape(count, n_cols)
    except (struct.error, ValueError, KeyError) as exc:
        raise ModelFileError(f"the model file is damaged: {exc}") from exc
    return header, hashes, matrix.astype(np.float16)


@dataclass(frozen=True)
class Scores:
    """Raw model output for one post."""

    language: str
    language_confidence: float
    probabilities: tuple[float, float, float]


class NlpModel:
    """Language identification and sentiment for one post at a time."""

    def __init__(
        self, header: dict[str, Any], hashes: HashArray, matrix: npt.NDArray[np.float16]
    ) -> None:
        self.header = header
        if len(hashes) == 0 or matrix.shape[0] != len(hashes):
            raise ModelFileError("the model has no features, or not one row per feature")
        self.hashes = hashes
        self.matrix = matrix
        n_cols = self.matrix.shape[1]
        self.bias: FloatArray = np.asarray(header["bias"], dtype=np.float32)
        if self.bias.shape != (n_cols,):
            raise ModelFileError("the model's bias does not match its matrix")
        self.heads: dict[str, int] = {k: int(v) for k, v in header["heads"].items()}
        self.lid_labels: list[str] = list(header["lid_labels"])
        self.lid_start = int(header["lid_start"])
        self.lid_threshold = float(header["lid_threshold"])
        self.lexicons: dict[str, dict[str, str]] = header["lexicons"]
        self._last = len(hashes) - 1
        self._chunks: dict[str, tuple[tuple[int, str], ...]] = {}
        # Per-word cache: summed character n-gram rows live in ``_word_rows``,
        # ``_words`` maps a word to (row in that table, number of n-grams).
        self._words: dict[str, tuple[int, int]] = {}
        self._word_rows: FloatArray = np.zeros((CACHE_LIMIT, n_cols), dtype=np.float32)
        self._cache_lock = threading.Lock()
        self._generation = 0
        self._next_slot = 0
        self._vectors: WordVectors | None = None
        self._vector_heads: dict[str, tuple[int, FloatArray]] = {}
        self._vector_rows: dict[str, int] = {}
        self._projected: FloatArray = np.zeros((0, 0), dtype=np.float32)
        if header.get("word_vectors"):
            self._load_vectors(header["word_vectors"])

    def _load_vectors(self, spec: dict[str, Any]) -> None:
        """Project the package's word vectors onto the heads that use them (see vectors.py)."""
        if spec.get("version") != VECTORS_VERSION:
            raise ModelFileError(
                f"the model was trained with word vectors {spec.get('version')}, "
                f"this version of Comptoir reads {VECTORS_VERSION}"
            )
        try:
            vectors = WordVectors()
        except WordVectorsMissing as exc:
            raise ModelFileError(str(exc)) from exc
        names = sorted(spec["heads"])
        weights = np.hstack(
            [np.asarray(spec["heads"][n]["weights"], dtype=np.float64) for n in names]
        )
        self._projected = vectors.project(weights)
        for i, name in enumerate(names):
            bias = np.asarray(spec["heads"][name]["bias"], dtype=np.float32)
            self._vector_heads[name] = (3 * i, bias)
        self._vectors = vectors
        release_freed_memory()

    def _vector_logits(self, toks: list[tuple[int, str]], column: int) -> FloatArray:
        """Mean of the projected word vectors of a post's tokens, for one head."""
        assert self._vectors is not None
        cache = self._vector_rows
        found: list[int] = []
        for kind, tok in toks:
            if kind in VECTOR_KINDS:
                row = cache.get(tok)
                if row is None:
                    if len(cache) >= CACHE_LIMIT:
                        cache.clear()
                    row = cache[tok] = self._vectors.row(tok)
                if row >= 0:
                    found.append(row)
        if not found:
            return np.zeros(3, dtype=np.float32)
        mean: FloatArray = self._projected[found, column : column + 3].mean(axis=0)
        return mean

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> NlpModel:
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise ModelFileError(f"cannot read the model file {path}: {exc}") from exc
        return cls(*unpack(blob))

    def _cache_words(self, new_words: list[str]) -> None:
        """Cache the summed character n-gram rows of words not seen yet.

        All the new words of a post are hashed and looked up together: one
        search and one gather for the post rather than for each word.
        """
        grams: list[str] = []
        bounds: list[int] = []
        for word in new_words:
            bounds.append(len(grams))
            grams.extend(char_ngrams(word))
        keys = np.array([_crc32(g.encode()) for g in grams], dtype=np.uint32)
        pos = np.searchsorted(self.hashes, keys)
        np.minimum(pos, self._last, out=pos)
        rows = self.matrix[pos].astype(np.float32)
        rows[self.hashes[pos] != keys] = 0.0
        sums = np.add.reduceat(rows, bounds, axis=0)
        counts = [*bounds[1:], len(grams)]
        with self._cache_lock:
            for i, word in enumerate(new_words):
                if word in self._words:
                    # Another thread cached it meanwhile: keep one slot per word.
                    continue
                if self._next_slot >= CACHE_LIMIT:
                    self._words.clear()
                    self._next_slot = 0
                    self._generation += 1
                slot = self._next_slot
                self._next_slot += 1
                self._word_rows[slot] = sums[i]
                self._words[word] = (slot, counts[i] - bounds[i])

    @staticmethod
    def _lookup(
        toks: list[tuple[int, str]], words: dict[str, tuple[int, int]]
    ) -> tuple[list[int], int, int, list[str]]:
        """Cached rows of a post's words: (slots, n-grams, letters, words not cached)."""
        slots: list[int] = []
        missing: list[str] = []
        n_grams = 0
        n_letters = 0
        for kind, tok in toks:
            if kind == 3 and tok[0] > "9":
                n_letters += len(tok)
                entry = words.get(tok)
                if entry is None:
                    missing.append(tok)
                else:
                    slots.append(entry[0])
                    n_grams += entry[1]
        return slots, n_grams, n_letters, missing

    def scores(self, text: str, language: str | None = None) -> Scores:
        """Language and sentiment probabilities of one post.

        ``language`` forces the sentiment head and lexicon (when the language
        is known from elsewhere, as in an evaluation); the identifier still runs.
        """
        toks = tokenise(text, self._chunks)
        generation = self._generation
        words = self._words
        slots, n_grams, n_letters, missing = self._lookup(toks, words)
        if missing:
            self._cache_words(list(dict.fromkeys(missing)))
            slots, n_grams, n_letters, missing = self._lookup(toks, words)
            if missing:
                generation = -1  # recycled out of the cache already: read uncached below
        if slots:
            total = self._word_rows[slots].sum(axis=0)
            total *= 1.0 / math.sqrt(n_grams)
            total += self.bias
        else:
            total = self.bias
        if generation != self._generation:
            # The word cache was recycled while this post was read (by another
            # thread, or because the post has more distinct words than the cache
            # holds): the rows summed above may belong to other words by now.
            total = self._char_total_uncached(toks)
        detected, confidence = self._language(total, n_letters)
        if language is None:
            language = detected
        else:
            confidence = 1.0
        lexicon = self.lexicons.get(language) or self.lexicons["*"]
        feats, _ = word_features(toks, lexicon)
        head = language if language in self.heads else "*"
        start = self.heads[head]
        logits = total[start : start + 3]
        if feats:
            rows = self._rows(feats)
            logits = logits + self.matrix[rows, start : start + 3].sum(axis=0, dtype=np.float32) * (
                1.0 / math.sqrt(len(feats))
            )
        vector_head = self._vector_heads.get(head)
        if vector_head is not None:
            logits = logits + vector_head[1] + self._vector_logits(toks, vector_head[0])
        neg, neu, pos = softmax(logits.tolist())
        return Scores(language, confidence, (neg, neu, pos))

    def _rows(self, features: list[str]) -> IndexArray:
        """Matrix rows of the known features among ``features`` (repeats kept)."""
        keys = np.array([_crc32(f.encode()) for f in features], dtype=np.uint32)
        pos = np.searchsorted(self.hashes, keys)
        np.minimum(pos, self._last, out=pos)
        found: IndexArray = pos[self.hashes[pos] == keys]
        return found

    def _char_total_uncached(self, toks: list[tuple[int, str]]) -> FloatArray:
        grams: list[str] = []
        for kind, tok in toks:
            if kind == 3 and tok[0] > "9":
                grams.extend(char_ngrams(tok))
        if not grams:
            return self.bias
        total: FloatArray = self.matrix[self._rows(grams)].sum(axis=0, dtype=np.float32)
        total *= 1.0 / math.sqrt(len(grams))
        return total + self.bias

    def _language(self, total: FloatArray, n_letters: int) -> tuple[str, float]:
        if n_letters < 3:
            return UNKNOWN, 0.0
        start = self.lid_start
        probs = softmax(total[start : start + len(self.lid_labels)].tolist())
        confidence = max(probs)
        label = self.lid_labels[probs.index(confidence)]
        if label == UNKNOWN or confidence < self.lid_threshold:
            return UNKNOWN, confidence
        return label, confidence


def softmax(logits: list[float]) -> list[float]:
    """Softmax of a few values in plain Python (cheaper than numpy at this size)."""
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    return [v / total for v in exps]


_lock = threading.Lock()
_model: NlpModel | None = None


def model_file() -> Path:
    """The model file in use: the one ``COMPTOIR_NLP_MODEL`` names, else the shipped one.

    A model retrained with a workspace's corrections lives outside the installed
    package, so that upgrading Comptoir does not silently put the shipped one back.
    """
    from django.conf import settings

    configured = str(getattr(settings, "COMPTOIR_NLP_MODEL", "") or "")
    return Path(configured) if configured else MODEL_FILE


def get_model() -> NlpModel:
    """The process-wide model, loaded on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = NlpModel.load(model_file())
    return _model
