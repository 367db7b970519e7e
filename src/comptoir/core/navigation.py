"""The main navigation: one entry per area of the product, in the order people use them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import Workspace


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    icon: str
    active: bool


AREAS = [
    ("workspaces:dashboard", _("Home"), "⌂"),
    ("inbox:index", _("Inbox"), "✉"),
    ("publishing:index", _("Publish"), "✎"),
    ("listening:index", _("Listening"), "◉"),
    ("contacts:index", _("Contacts"), "☺"),
    ("insights:index", _("Results"), "▤"),
    ("coach:index", _("Coach"), "★"),
    ("workspaces:settings", _("Settings"), "⚙"),
]


def navigation_for(request: HttpRequest, workspace: Workspace) -> list[NavItem]:
    items = []
    for url_name, label, icon in AREAS:
        url = reverse(url_name, args=[workspace.slug])
        home = url_name == "workspaces:dashboard"
        active = request.path == url if home else request.path.startswith(url)
        items.append(NavItem(label=label, url=url, icon=icon, active=active))
    return items
