"""``{% reply_box %}``: the reply box of the conversation in the template's context.

The conversation page belongs to the inbox; this tag lets it show the box with one line,
while everything the box needs is computed here.
"""

from __future__ import annotations

from typing import Any

from django import template

from comptoir.replies.context import reply_box as box_context

register = template.Library()


@register.inclusion_tag("replies/reply_box.html", takes_context=True)
def reply_box(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    data = box_context(
        context["conversation"],
        request.membership,
        rewrite=request.GET.get("rewrite"),
        thread=context.get("thread"),
    )
    data.update(
        request=request,
        csrf_token=context.get("csrf_token"),
        current_workspace=context.get("current_workspace"),
    )
    return data
