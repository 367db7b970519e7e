"""What the team edits about a person: name, tags, notes, consent, and notes in time."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.contacts.models import Consent, Person, Tag

MAX_TAGS = 20
MAX_TAG_LENGTH = Tag._meta.get_field("name").max_length or 50


class PersonForm(forms.ModelForm[Person]):
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, for example: regular, wholesale."),
    )

    class Meta:
        model = Person
        fields = ["display_name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # ModelForm's own signature
        if self.instance.pk and not self.is_bound:
            self.initial["tag_names"] = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tag_names(self) -> list[str]:
        names: dict[str, str] = {}
        for raw in self.cleaned_data["tag_names"].split(","):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > MAX_TAG_LENGTH:
                raise forms.ValidationError(
                    _("A tag has at most %(limit)d characters: %(tag)s"),
                    params={"limit": MAX_TAG_LENGTH, "tag": name},
                )
            names.setdefault(name.casefold(), name)
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(limit)d tags per person."), params={"limit": MAX_TAGS}
            )
        return list(names.values())

    def save_tags(self) -> None:
        """Reuse the workspace's tags whatever their case; add the new ones."""
        person = self.instance
        existing = {t.name.casefold(): t for t in Tag.objects.for_workspace(person.workspace)}
        tags = []
        for name in self.cleaned_data["tag_names"]:
            tag = existing.get(name.casefold())
            if tag is None:
                tag, _created = Tag.objects.get_or_create(workspace=person.workspace, name=name)
            tags.append(tag)
        person.tags.set(tags)


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the team only, dated in the timeline."),
    )
