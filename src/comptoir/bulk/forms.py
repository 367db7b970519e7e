"""Forms of the bulk tools: a feed rule, a CSV file to import, the link settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.bulk.models import FeedRule
from comptoir.networks.errors import NetworkError, PrivateAddressError
from comptoir.networks.http import check_public_url
from comptoir.publishing import composer
from comptoir.publishing.forms import AccountChoiceField
from comptoir.workspaces.models import Workspace

from .csv_import import MAX_BYTES


class FeedRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    url = forms.URLField(
        label=_("Feed address"),
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
        help_text=_("The address of an RSS or Atom feed, such as your blog's."),
    )
    accounts = AccountChoiceField(
        label=_("Post on"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FeedRule
        fields = ["url", "accounts", "template", "mode", "active"]
        widgets = {
            "template": forms.Textarea(attrs={"rows": 5}),
            "mode": forms.RadioSelect,
        }
        help_texts = {
            "template": _(
                "{title}, {link} and {summary} are replaced by the entry's title, address "
                "and summary. The summary is shortened when a network's limit requires it."
            ),
            "mode": _(
                "Scheduled posts take each account's next free queue slot, or go out at the next "
                "round hour when an account has no queue."
            ),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        accounts = self.fields["accounts"]
        assert isinstance(accounts, AccountChoiceField)
        accounts.queryset = composer.publishable_accounts(workspace)

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        try:
            check_public_url(url)
        except PrivateAddressError:
            raise ValidationError(
                _(
                    "This address leads to a private network or to this server: Comptoir "
                    "only reads public addresses."
                ),
                code="private",
            ) from None
        except NetworkError:
            raise ValidationError(
                _("No site answers to this name. Check the address."), code="unknown_host"
            ) from None
        return url

    def clean_template(self) -> str:
        template = str(self.cleaned_data["template"]).strip()
        if "{title}" not in template and "{link}" not in template:
            raise ValidationError(
                _("The text must contain {title} or {link}, or every post would be the same."),
                code="no_placeholder",
            )
        return template


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, columns separated by commas or semicolons, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is too large (%(size)s kB); the limit is %(limit)s kB."),
                params={"size": upload.size // 1000, "limit": MAX_BYTES // 1000},
                code="too_large",
            )
        return bytes(upload.read())


class LinksForm(forms.ModelForm):  # type: ignore[type-arg]
    utm_source = forms.CharField(label="utm_source", max_length=60, required=False)
    utm_medium = forms.CharField(label="utm_medium", max_length=60, required=False)
    utm_campaign = forms.CharField(label="utm_campaign", max_length=60, required=False)

    class Meta:
        model = Workspace
        fields = ["utm_enabled", "utm_source", "utm_medium", "utm_campaign"]
        help_texts = {
            "utm_enabled": _(
                "Adds utm_source, utm_medium and utm_campaign to every web link of your "
                "posts, so your site's statistics show which network brought each visitor."
            ),
            "utm_source": _("{network} is replaced by the network's name, such as mastodon."),
            "utm_medium": _("Leave a field empty to leave that parameter out."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("utm_source", "utm_medium", "utm_campaign"):
            data[name] = str(data.get(name) or "").strip()
        return data
