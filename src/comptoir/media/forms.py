"""Adding an image to the library and describing it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Image"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB."),
    )
    alt_text = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the image shows, for people who cannot see it."),
    )


class AltForm(forms.Form):
    alt_text = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
