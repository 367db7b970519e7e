"""The one question asked before going to the instance: which server the account is on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.networks.mastodon.oauth import instance_url


class InstanceForm(forms.Form):
    instance = forms.CharField(
        label=_("Your Mastodon server"),
        max_length=300,
        help_text=_("For example piaille.fr or mastodon.social."),
        widget=forms.TextInput(
            attrs={
                "placeholder": "piaille.fr",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_instance(self) -> str:
        try:
            return instance_url(self.cleaned_data["instance"])
        except ValueError:
            raise forms.ValidationError(
                _("This is not a server address. Type only its name, for example piaille.fr.")
            ) from None
