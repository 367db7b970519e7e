"""Sparse feature matrices for training, built with exactly the runtime's arithmetic.

A post's vector has two groups, word features and character n-grams. Each
feature counts ``count * idf``, and each group is divided by the square root of
the number of features the post produced in that group (known or not). That
"count norm" is additive over words, which lets the runtime cache one summed
vector per word for the character group, and it does not change when rarely
useful features are pruned from the shipped vocabulary.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

FeatureLists = list[tuple[list[str], list[str]]]


def document_frequencies(docs: Iterable[tuple[list[str], list[str]]]) -> Counter[str]:
    """In how many documents each feature (word or char) occurs."""
    df: Counter[str] = Counter()
    for words, chars in docs:
        df.update(set(words))
        df.update(set(chars))
    return df


def idf_weights(df: Counter[str], n_docs: int, vocab: Sequence[str]) -> list[float]:
    """Smoothed inverse document frequency, as scikit-learn computes it."""
    return [math.log((1 + n_docs) / (1 + df[f])) + 1.0 for f in vocab]


def build_matrix(docs: FeatureLists, index: dict[str, int], idf: Sequence[float]) -> csr_matrix:
    """The (n_docs x n_vocab) matrix the runtime would compute for these posts."""
    from scipy.sparse import csr_matrix

    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for words, chars in docs:
        row: dict[int, float] = {}
        for group in (words, chars):
            if not group:
                continue
            scale = 1.0 / math.sqrt(len(group))
            for f in group:
                j = index.get(f)
                if j is not None:
                    row[j] = row.get(j, 0.0) + idf[j] * scale
        for j in sorted(row):
            indices.append(j)
            values.append(row[j])
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(docs), len(index)), dtype="float64")
