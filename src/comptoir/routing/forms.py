"""Forms of the routing settings: a rule, and the response target."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.inbox.models import Intent
from comptoir.routing import text
from comptoir.routing.engine import eligible_members, has_tag
from comptoir.routing.models import Action, Language, RoutingRule
from comptoir.workspaces.forms import parse_tags
from comptoir.workspaces.models import Membership, Workspace

MAX_KEYWORDS = 30
MAX_KEYWORD_LENGTH = 60
# A week of opening hours is already far longer than any customer waits.
MAX_TARGET_MINUTES = 7 * 24 * 60


class KeywordsField(forms.CharField):
    """Words or phrases typed as a comma-separated list, kept as a list."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(keyword) for keyword in value)
        return value

    def clean(self, value: Any) -> list[str]:
        keywords = parse_tags(super().clean(value) or "")
        if len(keywords) > MAX_KEYWORDS:
            raise ValidationError(
                _("Keep it to %(count)d keywords at most."),
                params={"count": MAX_KEYWORDS},
                code="too_many",
            )
        if any(len(keyword) > MAX_KEYWORD_LENGTH for keyword in keywords):
            raise ValidationError(
                _("Each keyword takes %(count)d characters at most."),
                params={"count": MAX_KEYWORD_LENGTH},
                code="too_long",
            )
        if any(not text.phrase(keyword) for keyword in keywords):
            raise ValidationError(
                _("A keyword needs at least one letter or digit."), code="no_word"
            )
        return keywords


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return str(obj.user)


class RuleForm(forms.ModelForm[RoutingRule]):
    keywords = KeywordsField(
        label=_("Keywords"),
        help_text=_(
            "Separate them with commas, for example: cake, wedding, gluten free. The rule "
            "applies when the customer writes any of them, whatever the case, accents or "
            "plural. Leave empty to ignore the words."
        ),
    )

    class Meta:
        model = RoutingRule
        fields = [
            "name",
            "keywords",
            "language",
            "network",
            "intent",
            "action",
            "assignee",
            "expertise",
        ]
        widgets = {"action": forms.RadioSelect}
        field_classes = {"assignee": MemberChoiceField}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.members = eligible_members(workspace)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = Membership.objects.filter(pk__in=[m.pk for m in self.members])
        assignee.help_text = _("When the rule gives conversations to one colleague.")
        self.tags = sorted({tag for m in self.members for tag in m.expertise})
        self.fields["expertise"].help_text = _(
            "When the rule gives conversations to every colleague with this area of "
            "expertise, in turn."
        )
        for name, choices in (
            ("language", Language.choices),
            ("network", Network.choices),
            ("intent", Intent.choices),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", _("Any")), *choices]

    def clean_expertise(self) -> str:
        return " ".join(str(self.cleaned_data.get("expertise") or "").split()).lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == Action.MEMBER:
            if not data.get("assignee"):
                self.add_error(
                    "assignee", _("Choose the colleague who receives these conversations.")
                )
            data["expertise"] = ""
        elif data.get("action") == Action.EXPERTISE:
            tag = data.get("expertise", "")
            if not tag:
                self.add_error("expertise", _("Type the area of expertise, for example: cakes."))
            elif not any(has_tag(m, tag) for m in self.members):
                self.add_error(
                    "expertise",
                    _(
                        "No colleague has this area of expertise yet. Add it to someone in "
                        "the Team settings first."
                    ),
                )
            data["assignee"] = None
        return data


class TargetForm(forms.ModelForm[Workspace]):
    class Meta:
        model = Workspace
        fields = ["response_target_minutes"]
        help_texts = {
            "response_target_minutes": _(
                "Minutes of opening hours. A conversation waiting longer is flagged, and its "
                "colleague (or the owners and managers when nobody has it) is alerted once."
            )
        }

    def clean_response_target_minutes(self) -> int:
        value = int(self.cleaned_data["response_target_minutes"])
        if not 1 <= value <= MAX_TARGET_MINUTES:
            raise ValidationError(
                _("Choose between 1 and %(max)d minutes."),
                params={"max": MAX_TARGET_MINUTES},
                code="out_of_range",
            )
        return value
