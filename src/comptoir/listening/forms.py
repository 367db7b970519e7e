"""The form that says what to listen to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.listening.models import Topic, TopicKind, lines
from comptoir.networks.rss.text import terms
from comptoir.workspaces.models import Workspace

# Enough for a business name, its products and a few spellings; more would only slow the
# searches (each line is one request per connected account, every run).
MAX_TERMS = 20
MAX_LINE = 100


class TopicForm(forms.ModelForm[Topic]):
    class Meta:
        model = Topic
        fields = ["name", "kind", "terms", "excluded", "active"]
        widgets = {
            "terms": forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
            "excluded": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        # Every topic has a kind: no empty choice, and most businesses start with their name.
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = TopicKind.choices
        kind.initial = TopicKind.BRAND

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = Topic.objects.for_workspace(self.workspace).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A topic already has this name."))
        return name

    def clean_terms(self) -> str:
        return "\n".join(self._lines("terms", required=True))

    def clean_excluded(self) -> str:
        return "\n".join(self._lines("excluded", required=False))

    def _lines(self, field: str, *, required: bool) -> list[str]:
        found = lines(self.cleaned_data.get(field) or "")
        if required and not found:
            raise forms.ValidationError(_("Write at least one word to look for."))
        if len(found) > MAX_TERMS:
            raise forms.ValidationError(
                _("At most %(count)d lines, please.") % {"count": MAX_TERMS}
            )
        for line in found:
            if len(line) > MAX_LINE:
                raise forms.ValidationError(
                    _("“%(line)s” is too long: at most %(count)d characters per line.")
                    % {"line": line[:30] + "…", "count": MAX_LINE}
                )
            if not terms(line):
                raise forms.ValidationError(
                    _("“%(line)s” has no word to look for.") % {"line": line}
                )
        return found
