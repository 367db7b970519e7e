from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.replies.models import SavedReply
from comptoir.workspaces.models import Workspace


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=10_000,
        required=False,
        strip=True,
    )
    # The message answered (the customer's latest by default) and, when rewriting a reply
    # that was sent back, that reply.
    answers = forms.IntegerField(required=False, widget=forms.HiddenInput)
    rewrite = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class SignatureForm(forms.ModelForm[Workspace]):
    class Meta:
        model = Workspace
        fields = ["reply_signature"]

    def clean_reply_signature(self) -> str:
        value: str = self.cleaned_data["reply_signature"].strip()
        return value


class SavedReplyForm(forms.ModelForm[SavedReply]):
    class Meta:
        model = SavedReply
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        others = SavedReply.objects.for_workspace(self.workspace).filter(title__iexact=title)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A saved reply already has this title."))
        return title
