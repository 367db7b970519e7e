"""``{{ slug|network_label }}``: a network's translated name, never its code."""

from __future__ import annotations

from django import template

from comptoir.publishing import labels

register = template.Library()

register.filter("network_label", labels.network_label)
