"""What a colleague may set as a text's labels."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from comptoir.inbox.models import Intent, Sentiment

#: Languages a person can choose: those the model names ("" is "unknown").
LANGUAGES = ("fr", "en", "es", "de", "it", "pt", "ar", "nl")


def language_choices() -> list[tuple[str, str]]:
    """The languages the model names, in the reader's language, then "unknown"."""
    named = [(code, str(get_language_info(code)["name_translated"])) for code in LANGUAGES]
    return [*sorted(named, key=lambda c: c[1]), ("", str(_("Other or unknown")))]


class LabelsForm(forms.Form):
    """Each field is optional: a click sends only the label it changes."""

    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=Sentiment.choices, required=False)
    intent = forms.ChoiceField(
        label=_("Intent"), choices=[("", _("No intent")), *Intent.choices], required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)

    def clean_sentiment(self) -> str:
        value: str = self.cleaned_data["sentiment"]
        if "sentiment" in self.data and not value:
            raise forms.ValidationError(_("Choose negative, neutral or positive."))
        return value

    def changes(self) -> dict[str, str]:
        """The labels the request carried, with their cleaned values."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.data}
