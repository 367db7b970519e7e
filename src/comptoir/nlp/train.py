"""Training pipeline that rebuilds the shipped model file from the data folder.

Deterministic on purpose: the solver is deterministic, BLAS is held to one
thread, every list is sorted or in file order, and the file writer is byte
stable, so the same data gives the same file. Needs scikit-learn and scipy,
which the product itself never imports at run time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt

from comptoir.core.progress import ProgressBar

from . import corpora
from .features import FeatureLists, build_matrix, document_frequencies, idf_weights
from .model import UNKNOWN, pack
from .text import char_ngrams, extract, tokenise
from .vectors import PACKAGE, WIDTH, WordVectors, vector_tokens
from .vectors import VERSION as VECTORS_VERSION

#: The language samples file of an exported corrections folder.
LANGUAGE_SAMPLES = "language_samples.tsv"

FORMAT_VERSION = 1
#: Weights smaller than this fraction of a head's largest weights (its 99th
#: percentile, after idf scaling) are dropped from the file. Relative, because a
#: strongly regularised head has small weights throughout.
PRUNE_RELATIVE = 0.005
LID_THRESHOLD = 0.5


@dataclass
class HeadSpec:
    """One linear head: which corpora (with weights) and which regularisation.

    ``shared_lexicon``: read every text with the language-independent lexicon
    (emoji, emoticons), as the runtime does for the posts this head serves.
    ``vectors``: weight, in the head's logits, of a second logistic regression
    over the mean word vector of the post (:mod:`comptoir.nlp.vectors`, French);
    the sparse model gets ``1 - vectors``. ``vectors_c`` regularises that model.
    """

    name: str
    parts: list[tuple[str, float]]
    c: float
    shared_lexicon: bool = False
    vectors: float = 0.0
    vectors_c: float = 0.03


@dataclass
class TrainingSet:
    """Features of labelled documents, keyed by corpus name."""

    docs: dict[str, FeatureLists] = field(default_factory=dict)
    labels: dict[str, list[int]] = field(default_factory=dict)


#: Sentiment heads. "fr" and "en" serve posts identified as such; "*" the rest.
HEADS = (
    HeadSpec(
        "fr",
        [("umsab:fr", 1.0), ("deft2017_t1_fr", 0.3), ("domain:fr", 3.0)],
        c=1.0,
        # Word vectors, by 5-fold cross-validation on UMSAB French (train + val): the
        # sparse head alone 64.2 macro-F1, averaged with the word-vector model 66.8.
        vectors=0.5,
        vectors_c=0.03,
    ),
    HeadSpec(
        "en",
        [("umsab:en", 1.0), ("semeval2017_4a_en_trainpool", 1.0), ("domain:en", 3.0)],
        # Chosen by 3-fold cross-validation on UMSAB English (train + val): from C=1
        # (65.9 macro-F1) the score rises as regularisation grows, to 70.4 at 0.015.
        c=0.015,
    ),
    # Romanised Hindi is left out: its labels carry no signal (a model trained on
    # it scores chance level on its own validation split) and it taught the head
    # that English "love" is negative.
    HeadSpec(
        "*",
        [(f"umsab:{code}", 1.0) for code in ("ar", "de", "en", "es", "fr", "it", "pt")]
        + [("domain:fr", 1.0), ("domain:en", 1.0)],
        c=0.3,
        shared_lexicon=True,
    ),
)
LID_C = 10.0


@contextmanager
def single_thread() -> Iterator[None]:
    """Hold BLAS to one thread so sums happen in the same order on every run."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn depends on it
        yield
        return
    with threadpool_limits(limits=1):
        yield


DATA = Path(__file__).resolve().parent / "data"


def load_domain_sentiment(path: Path) -> dict[str, tuple[list[str], list[int], str]]:
    """Hand-written customer messages (shipped with the package), keyed ``domain:<lang>``."""
    out: dict[str, tuple[list[str], list[int], str]] = {}
    for line in corpora.read_lines(path)[1:]:
        if not line.strip():
            continue
        lang, label, text = line.split("\t", 2)
        texts, labels, _ = out.setdefault(f"domain:{lang}", ([], [], lang))
        texts.append(text)
        labels.append(int(label))
    return out


def load_sentiment_corpora(data_dir: Path) -> dict[str, tuple[list[str], list[int], str]]:
    """Every labelled sentiment corpus found under ``data_dir``, keyed by name.

    The hand-written customer messages shipped in the package's data folder
    are added as ``domain:fr`` and ``domain:en``: the public tweets are about
    climate, politics and TV, far from what customers write to a bakery.
    """
    out = load_domain_sentiment(DATA / "domain_sentiment.tsv")
    umsab = data_dir / "umsab"
    for folder, code in sorted(corpora.UMSAB_LANGUAGES.items()):
        if (umsab / folder / "train_text.txt").exists():
            texts, labels = corpora.read_split(umsab / folder, "train")
            out[f"umsab:{code}"] = (texts, labels, code)
    extra = data_dir / "extra"
    pool = extra / "semeval2017_4a_en_trainpool"
    if (pool / "train_text.txt").exists():
        texts, labels = corpora.read_split(pool, "train")
        meta = corpora.read_lines(pool / "meta.tsv")
        # Rows also present in UMSAB's English train would count twice.
        keep = [i for i, row in enumerate(meta) if not row.endswith("\t1")]
        out[pool.name] = ([texts[i] for i in keep], [labels[i] for i in keep], "en")
    deft = extra / "deft2017_t1_fr"
    if (deft / "train_text.txt").exists():
        texts, labels = corpora.read_split(deft, "train")
        out[deft.name] = (texts, labels, "fr")
    return out


#: Weight of a workspace's corrected texts: like the hand-written customer
#: messages, they are what the model serves, unlike the public tweets.
EXTRA_WEIGHT = 3.0


def load_extra_sentiment(extra: Path) -> dict[str, tuple[list[str], list[int], str]]:
    """Sentiment folders exported from corrections (``comptoir nlp export-corrections``).

    Each ``<folder>/train_text.txt`` becomes a corpus ``extra:<language code>``; the
    folder is named after UMSAB's language names ("french") or a language code.
    """
    out: dict[str, tuple[list[str], list[int], str]] = {}
    for folder in sorted(p for p in extra.iterdir() if (p / "train_text.txt").is_file()):
        code = corpora.UMSAB_LANGUAGES.get(folder.name, folder.name)
        texts, labels = corpora.read_split(folder, "train")
        if any(label not in (0, 1, 2) for label in labels):
            raise ValueError(f"{folder}: sentiment labels must be 0, 1 or 2")
        out[f"extra:{code}"] = (texts, labels, code)
    return out


def with_extra(
    heads: Sequence[HeadSpec], names: Sequence[str], weight: float = EXTRA_WEIGHT
) -> list[HeadSpec]:
    """The heads with each extra corpus added to the head that serves its language."""
    named = {head.name for head in heads}
    out = []
    for head in heads:
        parts = list(head.parts)
        for name in names:
            code = name.split(":", 1)[1]
            if head.name == code or (head.name == "*" and code not in named):
                parts.append((name, weight))
        out.append(replace(head, parts=parts))
    return out


def language_samples(
    data_dir: Path, hand_written: Path, limit: int | None = None, more: Sequence[Path] = ()
) -> tuple[list[str], list[str]]:
    """Texts and language labels for the language identifier.

    ``limit`` keeps only the first texts of each source (for quick tests); ``more``
    are further ``lang<TAB>text`` files (a workspace's corrections).
    """
    texts: list[str] = []
    labels: list[str] = []
    umsab = data_dir / "umsab"
    for folder, code in sorted(corpora.UMSAB_LANGUAGES.items()):
        # Romanised Hindi tweets are half English: they would blur English.
        if code in corpora.LID_LANGUAGES and (umsab / folder / "train_text.txt").exists():
            got, _ = corpora.read_split(umsab / folder, "train")
            got = got[:limit]
            texts.extend(got)
            labels.extend([code] * len(got))
    extra = data_dir / "extra"
    for name, code, size in (
        ("semeval2017_4a_en_trainpool", "en", 6000),
        ("deft2017_t1_fr", "fr", 2000),
    ):
        if (extra / name / "train_text.txt").exists():
            got, _ = corpora.read_split(extra / name, "train")
            got = got[: min(size, limit or size)]
            texts.extend(got)
            labels.extend([code] * len(got))
    for code in corpora.LID_LANGUAGES:
        got = corpora.django_catalogue_messages(code)[:limit]
        texts.extend(got)
        labels.extend([code] * len(got))
    for locale, code in (("nl_BE", "nl"), ("la", UNKNOWN), ("pl_PL", UNKNOWN), ("da_DK", UNKNOWN)):
        got = corpora.word_list_sentences(corpora.faker_words(locale))[:limit]
        texts.extend(got)
        labels.extend([code] * len(got))
    for code in corpora.LID_OTHER_CATALOGUES:
        got = corpora.django_catalogue_messages(code)[: min(300, limit or 300)]
        texts.extend(got)
        labels.extend([UNKNOWN] * len(got))
    for path in (hand_written, *more):
        if not path.exists():
            continue
        for line in corpora.read_lines(path)[1:]:
            if line.strip():
                code, text = line.split("\t", 1)
                texts.append(text)
                # A language the identifier does not name is one it must call unknown.
                labels.append(code if code in corpora.LID_LANGUAGES else UNKNOWN)
    return texts, labels


def fit_linear(
    docs: FeatureLists, labels: Sequence[Any], weights: Sequence[float], c: float, min_df: int
) -> tuple[list[str], npt.NDArray[np.float64], npt.NDArray[np.float64], list[Any]]:
    """Fit a multinomial logistic regression; return vocab, idf-scaled weights, bias, classes."""
    from sklearn.linear_model import LogisticRegression

    df = document_frequencies(docs)
    vocab = sorted(f for f, n in df.items() if n >= min_df)
    index = {f: i for i, f in enumerate(vocab)}
    idf = idf_weights(df, len(docs), vocab)
    x = build_matrix(docs, index, idf)
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", tol=1e-6)
    with single_thread():
        model.fit(x, list(labels), sample_weight=np.asarray(weights, dtype=np.float64))
    coef = np.asarray(model.coef_, dtype=np.float64).T * np.asarray(idf)[:, None]
    return vocab, coef, np.asarray(model.intercept_, dtype=np.float64), list(model.classes_)


def fit_vectors(
    x: npt.NDArray[np.float64], labels: Sequence[int], weights: Sequence[float], c: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Logistic regression over mean word vectors; return (300 x 3 weights, bias).

    The columns are standardised for the fit (weighted mean and deviation of the
    training texts) and the standardisation is folded into the returned weights,
    so the runtime multiplies the raw mean vector.
    """
    from sklearn.linear_model import LogisticRegression

    w = np.asarray(weights, dtype=np.float64)
    mean = np.average(x, axis=0, weights=w)
    scale = np.sqrt(np.average((x - mean) ** 2, axis=0, weights=w)) + 1e-9
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced", tol=1e-6)
    with single_thread():
        model.fit((x - mean) / scale, list(labels), sample_weight=w)
    if list(model.classes_) != [0, 1, 2]:
        raise ValueError(f"expected labels 0, 1, 2, got {list(model.classes_)}")
    coef = np.asarray(model.coef_, dtype=np.float64).T / scale[:, None]
    bias = np.asarray(model.intercept_, dtype=np.float64) - mean @ coef
    return coef, bias


def mean_vectors(
    texts: Sequence[str], vectors: WordVectors, bar: ProgressBar
) -> npt.NDArray[np.float64]:
    out = np.zeros((len(texts), WIDTH), dtype=np.float64)
    for i, text in enumerate(texts):
        out[i] = vectors.mean(vector_tokens(tokenise(text)))
        bar.advance()
    return out


def featurise(texts: Sequence[str], lexicon: dict[str, str], bar: ProgressBar) -> FeatureLists:
    out: FeatureLists = []
    for text in texts:
        words, chars, _ = extract(text, lexicon)
        out.append((words, chars))
        bar.advance()
    return out


SHORT_WINDOW = 3


def lid_features(
    texts: Sequence[str], labels: Sequence[str], bar: ProgressBar
) -> tuple[FeatureLists, list[str]]:
    """Character n-grams only: the identifier sees no word features.

    Every text longer than a few words also gives a short sample made of its
    first three words, so that the identifier learns to be careful with posts
    as short as "love it" or "trop bien".
    """
    out: FeatureLists = []
    out_labels: list[str] = []
    for text, label in zip(texts, labels, strict=True):
        words = [tok for kind, tok in tokenise(text) if kind == 3 and tok[0] > "9"]
        chars: list[str] = []
        for word in words:
            chars.extend(char_ngrams(word))
        out.append(([], chars))
        out_labels.append(label)
        if len(words) > SHORT_WINDOW + 1:
            short: list[str] = []
            for word in words[:SHORT_WINDOW]:
                short.extend(char_ngrams(word))
            out.append(([], short))
            out_labels.append(label)
        bar.advance()
    return out, out_labels


def train(
    data_dir: Path,
    out_path: Path,
    *,
    heads: Sequence[HeadSpec] = HEADS,
    lid_c: float = LID_C,
    min_df: int = 2,
    hand_written: Path | None = None,
    lid_limit: int | None = None,
    extra: Path | None = None,
    log: Callable[[str], None] = lambda _msg: None,
    stream: IO[str] | None = None,
) -> dict[str, Any]:
    """Train every head from ``data_dir`` and write the model file to ``out_path``.

    ``extra`` adds a folder written by ``comptoir nlp export-corrections``; without it
    the shipped model is reproduced exactly.
    """
    if hand_written is None:
        hand_written = DATA / "language_samples.tsv"
    lexicons = corpora.load_lexicons(data_dir / "extra")
    sentiment = load_sentiment_corpora(data_dir)
    more_languages: list[Path] = []
    if extra is not None:
        if not extra.is_dir():
            raise FileNotFoundError(f"{extra} is not a folder")
        added = load_extra_sentiment(extra)
        sentiment.update(added)
        heads = with_extra(heads, sorted(added))
        more_languages.append(extra / LANGUAGE_SAMPLES)
        log(f"extra: {sum(len(t) for t, _, _ in added.values())} corrected texts")
    needed = sorted({(name, head.shared_lexicon) for head in heads for name, _ in head.parts})
    missing = sorted({name for name, _ in needed if name not in sentiment})
    if missing:
        raise FileNotFoundError(f"missing training corpora under {data_dir}: {', '.join(missing)}")
    total = sum(len(sentiment[name][0]) for name, _ in needed)
    bar = ProgressBar(total, "sentiment features", stream)
    feats: dict[tuple[str, bool], FeatureLists] = {}
    for name, shared in needed:
        texts, _, lang = sentiment[name]
        lexicon = lexicons["*"] if shared else lexicons.get(lang, lexicons["*"])
        feats[(name, shared)] = featurise(texts, lexicon, bar)

    lid_texts, lid_labels = language_samples(data_dir, hand_written, lid_limit, more_languages)
    lid_docs, lid_labels = lid_features(
        lid_texts, lid_labels, ProgressBar(len(lid_texts), "language features", stream)
    )

    dense: dict[str, npt.NDArray[np.float64]] = {}
    vector_names = sorted({name for head in heads if head.vectors for name, _ in head.parts})
    if vector_names:
        vectors = WordVectors()
        bar = ProgressBar(sum(len(sentiment[n][0]) for n in vector_names), "word vectors", stream)
        for name in vector_names:
            dense[name] = mean_vectors(sentiment[name][0], vectors, bar)
        del vectors

    fitted: list[tuple[str, list[str], npt.NDArray[np.float64], npt.NDArray[np.float64]]] = []
    vector_heads: dict[str, dict[str, Any]] = {}
    steps = ProgressBar(len(heads) + 1, "fitting models", stream)
    for head in heads:
        docs: FeatureLists = []
        labels: list[int] = []
        weights: list[float] = []
        for name, weight in head.parts:
            got = feats[(name, head.shared_lexicon)]
            docs.extend(got)
            labels.extend(sentiment[name][1])
            weights.extend([weight] * len(got))
        vocab, coef, bias, classes = fit_linear(docs, labels, weights, head.c, min_df)
        if classes != [0, 1, 2]:
            raise ValueError(f"head {head.name}: expected labels 0, 1, 2, got {classes}")
        if head.vectors:
            # Late fusion: the head's logits are the weighted sum of both models' logits.
            x = np.vstack([dense[name] for name, _ in head.parts])
            v_coef, v_bias = fit_vectors(x, labels, weights, head.vectors_c)
            coef, bias = coef * (1.0 - head.vectors), bias * (1.0 - head.vectors)
            vector_heads[head.name] = {
                "weights": [[round(float(v), 8) for v in row] for row in v_coef * head.vectors],
                "bias": [round(float(v), 8) for v in v_bias * head.vectors],
            }
        fitted.append((head.name, vocab, coef, bias))
        log(f"head {head.name}: {len(docs)} texts, {len(vocab)} features")
        steps.advance()
    lid_vocab, lid_coef, lid_bias, lid_classes = fit_linear(
        lid_docs, lid_labels, [1.0] * len(lid_docs), lid_c, min_df
    )
    log(f"language identifier: {len(lid_docs)} texts, {Counter(lid_labels)}")
    steps.advance()

    header, vocab, matrix = assemble(fitted, (lid_vocab, lid_coef, lid_bias, lid_classes))
    header["lexicons"] = lexicons
    if vector_heads:
        header["word_vectors"] = {
            "package": PACKAGE,
            "version": VECTORS_VERSION,
            "heads": vector_heads,
        }
    header["format"] = FORMAT_VERSION
    blob = pack(header, vocab, matrix)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(blob)
    return {
        "features": len(vocab),
        "bytes": len(blob),
        "lid_classes": [str(c) for c in lid_classes],
    }


def assemble(
    heads: list[tuple[str, list[str], npt.NDArray[np.float64], npt.NDArray[np.float64]]],
    lid: tuple[list[str], npt.NDArray[np.float64], npt.NDArray[np.float64], list[str]],
) -> tuple[dict[str, Any], list[str], npt.NDArray[np.float16]]:
    """Merge every head into one vocabulary and one float16 matrix, pruning tiny weights."""
    blocks = [(vocab, coef) for _, vocab, coef, _ in heads] + [(lid[0], lid[1])]
    n_cols = sum(coef.shape[1] for _, coef in blocks)
    keep: set[str] = set()
    pruned: list[tuple[list[str], npt.NDArray[np.float64]]] = []
    for vocab, coef in blocks:
        magnitude = np.abs(coef)
        floor = PRUNE_RELATIVE * float(np.percentile(magnitude, 99)) if magnitude.size else 0.0
        coef = np.where(magnitude >= floor, coef, 0.0)
        pruned.append((vocab, coef))
        strong = np.abs(coef).max(axis=1) > 0.0
        keep.update(f for f, s in zip(vocab, strong, strict=True) if s)
    blocks = pruned
    merged = sorted(keep)
    index = {f: i for i, f in enumerate(merged)}
    matrix = np.zeros((len(merged), n_cols), dtype=np.float64)
    col = 0
    starts: list[int] = []
    for vocab, coef in blocks:
        starts.append(col)
        for i, f in enumerate(vocab):
            j = index.get(f)
            if j is not None:
                matrix[j, col : col + coef.shape[1]] = coef[i]
        col += coef.shape[1]
    bias = np.concatenate([b for _, _, _, b in heads] + [lid[2]])
    header: dict[str, Any] = {
        "n_columns": n_cols,
        "heads": {name: starts[i] for i, (name, _, _, _) in enumerate(heads)},
        "lid_start": starts[-1],
        "lid_labels": [str(label) for label in lid[3]],
        "lid_threshold": LID_THRESHOLD,
        "bias": [round(float(v), 6) for v in bias],
    }
    return header, merged, matrix.astype(np.float16)
