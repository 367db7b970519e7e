"""Accuracy and speed of the shipped model on a UMSAB-format folder.

Speed is measured the way the product calls the model: one text per call, on
one core, after a warm-up pass over the same texts (the steady state of a
long-running worker, whose per-word caches are warm). The first, cold pass is
reported too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .corpora import read_split
from .model import NlpModel, get_model
from .onnx_backend import OnnxSentiment


@dataclass(frozen=True)
class EvalResult:
    lang: str
    n: int
    macro_f1: float
    accuracy: float
    texts_per_s: float
    cold_texts_per_s: float
    split: str

    def as_json(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "n": self.n,
            "macro_f1": round(self.macro_f1, 2),
            "accuracy": round(self.accuracy, 2),
            "texts_per_s": round(self.texts_per_s),
            "cold_texts_per_s": round(self.cold_texts_per_s),
            "split": self.split,
        }


def macro_f1(gold: list[int], pred: list[int], n_classes: int = 3) -> float:
    """Unweighted mean of per-class F1, in percent (a class never seen counts 0)."""
    total = 0.0
    for c in range(n_classes):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        total += 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return 100.0 * total / n_classes


def find_split(folder: Path) -> str:
    """``test`` when the folder has a test split, else ``val``."""
    for split in ("test", "val"):
        if (folder / f"{split}_text.txt").exists() and (folder / f"{split}_labels.txt").exists():
            return split
    raise FileNotFoundError(
        f"{folder} holds neither test_text.txt/test_labels.txt nor val_text.txt/val_labels.txt"
    )


def sentiment_label(
    model: NlpModel, text: str, lang: str | None, onnx: OnnxSentiment | None = None
) -> int:
    probs = model.scores(text, lang).probabilities
    if onnx is not None:
        probs = onnx.probabilities(text)
    return max(range(3), key=probs.__getitem__)


def evaluate(
    folder: Path, lang: str, model: NlpModel | None = None, onnx: OnnxSentiment | None = None
) -> EvalResult:
    """Score one folder; ``lang`` is the language the texts are known to be in.

    With ``onnx``, the sentiment comes from that model (the shipped model still runs,
    as it does in the product, for the language).
    """
    model = model or get_model()
    split = find_split(folder)
    texts, gold = read_split(folder, split)
    if not texts:
        raise ValueError(f"{folder}: no texts in the {split} split")
    start = time.perf_counter()
    for text in texts:
        sentiment_label(model, text, lang, onnx)
    cold = time.perf_counter() - start
    rounds = max(1, 2000 // len(texts))
    start = time.perf_counter()
    for _ in range(rounds):
        pred = [sentiment_label(model, text, lang, onnx) for text in texts]
    warm = time.perf_counter() - start
    correct = sum(1 for g, p in zip(gold, pred, strict=True) if g == p)
    return EvalResult(
        lang=lang,
        n=len(texts),
        macro_f1=macro_f1(gold, pred),
        accuracy=100.0 * correct / len(texts),
        texts_per_s=rounds * len(texts) / warm,
        cold_texts_per_s=len(texts) / cold,
        split=split,
    )


CUSTOMER_MESSAGES = Path(__file__).resolve().parent / "data" / "customer_messages.tsv"
HELDOUT_MESSAGES = CUSTOMER_MESSAGES.with_name("customer_messages_heldout.tsv")


@dataclass(frozen=True)
class IntentReport:
    """Precision and recall of each intent, and sentiment accuracy, on a labelled TSV."""

    n: int
    per_intent: dict[str, tuple[float | None, float | None, int, int]]
    sentiment_accuracy: float
    sentiment_macro_f1: float
    language_accuracy: float

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "intents": {
                name: {"precision": p, "recall": r, "predicted": n_pred, "gold": n_gold}
                for name, (p, r, n_pred, n_gold) in self.per_intent.items()
            },
            "sentiment_accuracy": round(self.sentiment_accuracy, 1),
            "sentiment_macro_f1": round(self.sentiment_macro_f1, 1),
            "language_accuracy": round(self.language_accuracy, 1),
        }


def evaluate_intents(path: Path = CUSTOMER_MESSAGES) -> IntentReport:
    """Run :func:`comptoir.nlp.analyse` on a hand-labelled TSV (lang, sentiment, intents, text)."""
    from .api import analyse
    from .corpora import read_lines
    from .intents import INTENTS
    from .model import SENTIMENTS

    rows = [line.split("\t", 3) for line in read_lines(path)[1:] if line.strip()]
    predicted: list[set[str]] = []
    gold: list[set[str]] = []
    gold_sent: list[int] = []
    pred_sent: list[int] = []
    lang_ok = 0
    for lang, sentiment, intents, text in rows:
        result = analyse(text)
        predicted.append(set(result.intents))
        gold.append({i for i in intents.split(",") if i})
        gold_sent.append(SENTIMENTS.index(sentiment))
        pred_sent.append(SENTIMENTS.index(result.sentiment))
        lang_ok += result.language == lang
    per: dict[str, tuple[float | None, float | None, int, int]] = {}
    for name in INTENTS:
        tp = sum(1 for p, g in zip(predicted, gold, strict=True) if name in p and name in g)
        n_pred = sum(1 for p in predicted if name in p)
        n_gold = sum(1 for g in gold if name in g)
        per[name] = (
            round(100.0 * tp / n_pred, 1) if n_pred else None,
            round(100.0 * tp / n_gold, 1) if n_gold else None,
            n_pred,
            n_gold,
        )
    n = len(rows)
    correct = sum(1 for g, p in zip(gold_sent, pred_sent, strict=True) if g == p)
    return IntentReport(
        n=n,
        per_intent=per,
        sentiment_accuracy=100.0 * correct / n if n else 0.0,
        sentiment_macro_f1=macro_f1(gold_sent, pred_sent),
        language_accuracy=100.0 * lang_ok / n if n else 0.0,
    )
