"""``{{ slug|network_label }}``: a network's translated name, never its code."""

from __future__ import annotations

from django import template

from comptoir.core.networks import network_label

register = template.Library()

register.filter("network_label", network_label)
