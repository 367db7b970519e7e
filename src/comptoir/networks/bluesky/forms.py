"""Connecting a Bluesky account: its handle, an app password, and (rarely) its server.

An app password has the shape ``xxxx-xxxx-xxxx-xxxx``; asking for exactly that shape
stops someone from typing the account's main password here, which Comptoir must never
hold. The connector checks it again against the session the server grants.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.networks.bluesky.api import DEFAULT_SERVICE
from comptoir.networks.errors import NetworkError
from comptoir.networks.http import check_public_url

APP_PASSWORD = re.compile(r"[a-z0-9]{4}(-[a-z0-9]{4}){3}")
# A handle, or the e-mail address of the account (the server accepts both).
IDENTIFIER = re.compile(r"[^\s@]+(\.[^\s@.]+)+|[^\s@]+@[^\s@]+\.[^\s@]+")


def normalise_handle(value: str, service: str) -> str:
    """``@Boulangerie.bsky.social`` -> ``boulangerie.bsky.social``; on bsky.social a bare
    name gets the ``.bsky.social`` suffix everyone there has."""
    handle = value.strip().removeprefix("@").strip()
    if "@" in handle:
        return handle  # an e-mail address
    handle = handle.lower()
    if "." not in handle and urlsplit(service).hostname == "bsky.social":
        handle += ".bsky.social"
    return handle


def normalise_service(value: str) -> str:
    url = value.strip() or DEFAULT_SERVICE
    if "://" not in url:
        url = f"https://{url}"
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        raise ValueError(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class BlueskyConnectForm(forms.Form):
    handle = forms.CharField(
        label=_("Your Bluesky handle"),
        max_length=253,
        help_text=_("For example boulangerie-martin.bsky.social, as shown on your profile."),
        widget=forms.TextInput(
            attrs={
                "placeholder": "boulangerie-martin.bsky.social",
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
    app_password = forms.CharField(
        label=_("App password"),
        max_length=19,
        help_text=_(
            "Four groups of four letters or digits, for example abcd-1234-efgh-5678. Never "
            "your main password."
        ),
        widget=forms.PasswordInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    server = forms.CharField(
        label=_("Server"),
        max_length=300,
        required=False,
        initial=DEFAULT_SERVICE,
        help_text=_("Leave as it is, unless your account is hosted on your own server."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_server(self) -> str:
        try:
            service = normalise_service(self.cleaned_data.get("server") or "")
        except ValueError:
            raise forms.ValidationError(
                _("This is not a server address. Leave https://bsky.social if unsure.")
            ) from None
        try:
            check_public_url(service)
        except NetworkError as error:
            raise forms.ValidationError(error.user_message) from None
        return service

    def clean_app_password(self) -> str:
        password: str = self.cleaned_data["app_password"].strip().lower()
        if not APP_PASSWORD.fullmatch(password):
            raise forms.ValidationError(
                _(
                    "This does not look like an app password (four groups of four characters "
                    "separated by dashes). Create one in Bluesky's settings, under Privacy and "
                    "security, then App passwords."
                )
            )
        return password

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        handle = cleaned.get("handle")
        if isinstance(handle, str) and "server" in cleaned:
            normalised = normalise_handle(handle, str(cleaned["server"]))
            if not IDENTIFIER.fullmatch(normalised):
                self.add_error(
                    "handle",
                    _("Type your full handle, for example boulangerie-martin.bsky.social."),
                )
            else:
                cleaned["handle"] = normalised
        return cleaned
