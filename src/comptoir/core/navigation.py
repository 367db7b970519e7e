"""The main navigation: one entry per area of the product, in the order people use them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comptoir.workspaces.models import Workspace


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    icon: str
    active: bool
    # Phones show seven areas side by side: each needs a label of a few letters.
    short_label: str | Promise
    on_phone: bool


@dataclass(frozen=True)
class Area:
    url_name: str
    label: str | Promise
    short_label: str | Promise
    icon: str
    # On phones the brand link already leads home, so Home leaves room for the others.
    on_phone: bool = True


AREAS = [
    Area(
        "workspaces:dashboard",
        _("Home"),
        pgettext_lazy("short navigation label", "Home"),
        "⌂",
        on_phone=False,
    ),
    Area("inbox:index", _("Inbox"), pgettext_lazy("short navigation label", "Inbox"), "✉"),
    Area("publishing:index", _("Publish"), pgettext_lazy("short navigation label", "Publish"), "✎"),
    Area(
        "listening:index", _("Listening"), pgettext_lazy("short navigation label", "Listening"), "◉"
    ),
    Area("contacts:index", _("Contacts"), pgettext_lazy("short navigation label", "Contacts"), "☺"),
    Area("insights:index", _("Results"), pgettext_lazy("short navigation label", "Results"), "▤"),
    Area("coach:index", _("Coach"), pgettext_lazy("short navigation label", "Coach"), "★"),
    Area(
        "workspaces:settings",
        _("Settings"),
        pgettext_lazy("short navigation label", "Settings"),
        "⚙",
    ),
]


@functools.lru_cache(maxsize=4096)
def area_urls(workspace_slug: str) -> tuple[str, ...]:
    """The address of each area in one workspace: the same on every page of it."""
    return tuple(reverse(area.url_name, args=[workspace_slug]) for area in AREAS)


def navigation_for(request: HttpRequest, workspace: Workspace) -> list[NavItem]:
    items = []
    for area, url in zip(AREAS, area_urls(workspace.slug), strict=True):
        home = area.url_name == "workspaces:dashboard"
        active = request.path == url if home else request.path.startswith(url)
        items.append(
            NavItem(
                label=area.label,
                url=url,
                icon=area.icon,
                active=active,
                short_label=area.short_label,
                on_phone=area.on_phone,
            )
        )
    return items


def navigation_key(workspace: Workspace, items: list[NavItem]) -> str:
    """What the drawn navigation depends on, besides the language: a key to keep it under."""
    active = next((n for n, item in enumerate(items) if item.active), -1)
    return f"{workspace.slug}:{active}"
