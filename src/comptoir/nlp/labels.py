"""The labels every received text carries: language, sentiment and one intent.

Inbox messages and listening mentions keep the same four fields (``language``,
``sentiment``, ``intent``, ``labelled_by``), so one function labels both. The model
labels a text when it arrives; once a colleague has corrected it (``labelled_by`` is
"person"), the model never touches it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from comptoir.nlp.intents import INTENTS

#: Values of ``labelled_by`` (the choices live with the inbox's models).
BY_MODEL = "model"
BY_PERSON = "person"


class Labelled(Protocol):
    """A row with a text and the four label fields."""

    text: str
    language: str
    sentiment: str
    intent: str
    labelled_by: str


def label(items: Iterable[Labelled], *, only_new: bool = False) -> None:
    """Fill the labels of ``items`` in place from the model (no database write).

    ``only_new`` leaves alone what the model has already labelled, for callers that
    label on every save.
    """
    from comptoir.nlp.api import analyse  # numpy and the model: only once texts arrive

    for item in items:
        if item.labelled_by == BY_PERSON or (only_new and item.labelled_by):
            continue
        analysis = analyse(item.text)
        item.language = "" if analysis.language == "unknown" else analysis.language
        item.sentiment = analysis.sentiment
        item.intent = main_intent(analysis.intents)
        item.labelled_by = BY_MODEL


def main_intent(intents: Iterable[str]) -> str:
    """The one intent shown and filtered on: the one that calls for the fastest answer."""
    from comptoir.nlp.api import PRIORITY_WEIGHTS

    known = [i for i in intents if i in INTENTS]
    if not known:
        return ""
    return max(known, key=lambda i: PRIORITY_WEIGHTS.get(i, 0.0))
