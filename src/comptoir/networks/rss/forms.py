"""The one question asked to follow a feed: its address, or the website's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class FeedConnectForm(forms.Form):
    url = forms.URLField(
        label=_("Address of the feed or of the website"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "For example https://www.larep.fr/orleans-45000/rss or simply the address of a "
            "blog: Comptoir finds the feed the site announces."
        ),
    )
