"""What the label editor needs, so that a page only has to include it with its item."""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from comptoir.nlp.forms import LabelsForm
from comptoir.workspaces.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def label_editor(context: template.Context, message: Any = None, mention: Any = None) -> Any:
    """The item, its form address and choices, and whether the viewer may correct it.

    Empty when the include names no item (a template variable that does not exist
    arrives as an empty string) or the page is outside a workspace.
    """
    request = context.get("request")
    workspace = getattr(request, "workspace", None)
    membership = getattr(request, "membership", None)
    item = message or mention
    if not item or workspace is None or membership is None:
        return None
    kind = "message" if message else "mention"
    choices = choices_in(get_language())
    return {
        "item": item,
        "key": f"{kind}-{item.pk}",
        "url": reverse(f"nlp:{kind}_labels", args=[workspace.slug, item.pk]),
        "can_edit": membership.has_role(Role.MEMBER),
        **choices,
        "language_name": dict(choices["languages"]).get(item.language, ""),
    }


@functools.cache
def choices_in(language: str | None) -> dict[str, list[tuple[str, str]]]:
    """The editor's choices, worked out once per language: a page shows one per message."""
    fields = LabelsForm().fields
    return {
        name: [(value, str(label)) for value, label in fields[field].choices]  # type: ignore[attr-defined]
        for name, field in (
            ("sentiments", "sentiment"),
            ("intents", "intent"),
            ("languages", "language"),
        )
    }
