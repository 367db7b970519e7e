"""Connecting the practice account asks for nothing but the name customers will see."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SandboxConnectForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name of the practice account"),
        max_length=100,
        help_text=_("The name your simulated customers see, usually your business's name."),
    )

    def clean_display_name(self) -> str:
        name: str = self.cleaned_data["display_name"].strip()
        if not any(c.isalnum() for c in name):
            raise forms.ValidationError(_("Use at least one letter or digit."))
        return name
