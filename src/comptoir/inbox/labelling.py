"""Language, sentiment and intent on received messages, set by the model as they arrive.

A colleague may correct a label later; the model never overwrites a person's choice.
The labelling itself is shared with listening (:mod:`comptoir.nlp.labels`).
"""

from __future__ import annotations

from collections.abc import Iterable

from comptoir.inbox.models import Message
from comptoir.nlp.labels import label, main_intent

__all__ = ["label_messages", "main_intent"]


def label_messages(messages: Iterable[Message]) -> None:
    """Fill the labels of unsaved received messages in place (no database write)."""
    label(messages)
