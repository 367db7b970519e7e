"""``{% options choices selected %}``: the ``<option>`` elements of a select, in one tag.

A filter form shows dozens of options; a template loop testing each one for the selected
value cost an inbox page more than the rest of its form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")


@register.simple_tag
def options(choices: Iterable[tuple[Any, Any]], selected: Any = "") -> SafeString:
    """One ``<option>`` per (value, label) pair, the one whose value is ``selected`` marked.

    Values compare as text, so a primary key matches the same number read from a URL.
    Labels and values are escaped.
    """
    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if str(value) == chosen else "", label) for value, label in choices),
    )
