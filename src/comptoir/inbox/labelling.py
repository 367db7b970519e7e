"""Language, sentiment and intent on received messages, set by the model as they arrive.

A colleague may correct a label later; the model never overwrites a person's choice.
"""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.inbox.models import Intent, LabelledBy, Message
from comptoir.nlp import analyse
from comptoir.nlp.api import PRIORITY_WEIGHTS


def label_messages(messages: Iterable[Message]) -> None:
    """Fill the labels of unsaved received messages in place (no database write)."""
    for message in messages:
        if message.labelled_by == LabelledBy.PERSON:
            continue
        analysis = analyse(message.text)
        message.language = "" if analysis.language == "unknown" else analysis.language
        message.sentiment = analysis.sentiment
        message.intent = main_intent(analysis.intents)
        message.labelled_by = LabelledBy.MODEL


def main_intent(intents: Iterable[str]) -> str:
    """The one intent shown and filtered on: the one that calls for the fastest answer."""
    known = [i for i in intents if i in Intent.values]
    if not known:
        return ""
    return max(known, key=lambda i: PRIORITY_WEIGHTS.get(i, 0.0))
