"""The public entry point: ``analyse(text)`` for every message and mention.

Language, sentiment and intents in one call, so that the inbox can put what
needs an answer first. The model file shipped with the package is loaded once
per process, on first use; nothing is fetched from anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import intents as intent_rules
from .model import SENTIMENTS, get_model
from .onnx_backend import get_onnx_model

#: Weight of each intent in :attr:`Analysis.priority`.
PRIORITY_WEIGHTS = {
    intent_rules.URGENT: 4.0,
    intent_rules.COMPLAINT: 3.0,
    intent_rules.QUESTION: 2.0,
    intent_rules.PURCHASE: 2.0,
    intent_rules.PRAISE: 0.5,
    intent_rules.SPAM: -5.0,
}


@dataclass(frozen=True)
class Analysis:
    """What the product knows about one message.

    ``language`` is an ISO 639-1 code ("fr", "en", "es", "de", "it", "pt", "ar",
    "nl") or ``"unknown"``; ``sentiment`` is "negative", "neutral" or
    "positive"; ``sentiment_score`` runs from -1 (surely negative) to 1 (surely
    positive); ``intents`` are labels from :data:`comptoir.nlp.intents.INTENTS`.
    """

    language: str
    sentiment: str
    sentiment_score: float
    intents: tuple[str, ...]
    language_confidence: float = 0.0
    sentiment_confidence: float = 0.0

    @property
    def priority(self) -> float:
        """Higher means answer sooner: urgent and unhappy messages first, spam last."""
        score = sum(PRIORITY_WEIGHTS[i] for i in self.intents)
        if self.sentiment == "negative":
            score += 1.0 * self.sentiment_confidence
        return score


def analyse(text: str) -> Analysis:
    """Language, sentiment and intents of one message (a few tens of microseconds).

    When an ONNX sentiment model is configured (see :mod:`comptoir.nlp.onnx_backend`),
    it gives the sentiment; the shipped model still gives the language.
    """
    scores = get_model().scores(text)
    probs = scores.probabilities
    bigger = get_onnx_model()
    if bigger is not None:
        probs = bigger.probabilities(text)
    best = max(range(3), key=probs.__getitem__)
    return Analysis(
        language=scores.language,
        sentiment=SENTIMENTS[best],
        sentiment_score=round(probs[2] - probs[0], 4),
        intents=tuple(intent_rules.detect(text, probs)),
        language_confidence=round(scores.language_confidence, 4),
        sentiment_confidence=round(probs[best], 4),
    )
