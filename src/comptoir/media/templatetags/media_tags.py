"""Pieces of the media library shown inside the publishing pages."""

from __future__ import annotations

from typing import Any

from django import forms, template

from comptoir.media import compose
from comptoir.media.checks import ALT_MISSING, max_images
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.composer import account_label

register = template.Library()


@register.inclusion_tag("media/composer_images.html", takes_context=True)
def composer_images(context: template.Context, form: forms.Form) -> dict[str, Any]:
    return {
        "rows": compose.choices(form),
        "errors": form[compose.FIELD].errors,
        "alt_missing": ALT_MISSING,
        "current_workspace": context.get("current_workspace"),
    }


@register.inclusion_tag("media/account_images.html")
def account_images(form: forms.Form | None, account: ConnectedAccount) -> dict[str, Any]:
    """How many images go to this account and what its network refuses in them (counters)."""
    if form is None:
        return {"count": 0}
    chosen = compose.chosen_now(form)
    return {
        "count": len(chosen),
        "limit": max_images(account),
        "problems": compose.image_problems(account, account_label(account), chosen),
    }


@register.inclusion_tag("media/script.html")
def media_script() -> dict[str, Any]:
    return {}


@register.inclusion_tag("media/library_link.html", takes_context=True)
def media_library_link(context: template.Context) -> dict[str, Any]:
    return {"current_workspace": context.get("current_workspace")}
