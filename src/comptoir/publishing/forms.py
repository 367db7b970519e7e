"""The composer form: one main text, the accounts to publish to, a variant per account."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comptoir.media import compose as media_compose
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import composer
from comptoir.publishing.planning_forms import PlanningFields
from comptoir.workspaces.models import Workspace

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class AccountChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: ConnectedAccount) -> str:
        return composer.account_label(obj)


class ComposeForm(PlanningFields):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Written once; adapt it below for each account if you wish."),
    )
    accounts = AccountChoiceField(
        label=_("Publish on"),
        queryset=ConnectedAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    when = forms.CharField(
        label=_("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT),
    )
    action = forms.ChoiceField(
        choices=[(action, action) for action in composer.ACTIONS],
        widget=forms.HiddenInput,
        required=False,
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.account_list = list(composer.publishable_accounts(workspace))
        accounts_field = self.fields["accounts"]
        assert isinstance(accounts_field, AccountChoiceField)
        accounts_field.queryset = composer.publishable_accounts(workspace)
        zone = workspace.timezone
        self.fields["when"].help_text = gettext("In the %(zone)s time zone.") % {"zone": zone}
        for account in self.account_list:
            self.fields[self.variant_name(account)] = forms.CharField(
                label=gettext("Text for %(account)s")
                % {"account": composer.account_label(account)},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Leave empty to use the main text."),
            )
        media_compose.add_fields(self, workspace)
        # The browser's spelling checker follows the business's language; the text is kept
        # exactly as typed (no forced capitals), since each network shows it as it is.
        for name in ["text", *(self.variant_name(account) for account in self.account_list)]:
            self.fields[name].widget.attrs.update(lang=workspace.language, spellcheck="true")

    @staticmethod
    def variant_name(account: ConnectedAccount) -> str:
        return f"variant_{account.pk}"

    def variants(self) -> list[tuple[ConnectedAccount, forms.BoundField]]:
        """Each account with its variant field, for the template."""
        return [(account, self[self.variant_name(account)]) for account in self.account_list]

    def text_for(self, account: ConnectedAccount, data: Mapping[str, Any]) -> str:
        # Stripped as the form's fields strip, so the live counter matches the check on saving.
        variant = str(data.get(self.variant_name(account)) or "").strip()
        return variant or str(data.get("text") or "").strip()

    def clean_action(self) -> str:
        action = str(self.cleaned_data.get("action") or composer.NOW)
        return action

    def clean_when(self) -> datetime | None:
        raw = str(self.cleaned_data.get("when") or "").strip()
        if not raw:
            return None
        try:
            return datetime.strptime(raw, LOCAL_FORMAT)  # the workspace's zone, applied later
        except ValueError:
            raise ValidationError(
                _("Enter a date and a time, such as 2026-06-12 09:30."), code="invalid"
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action", composer.NOW)
        accounts: list[ConnectedAccount] = list(data.get("accounts") or [])
        if action != composer.DRAFT and "accounts" in data and not accounts:
            self.add_error("accounts", _("Choose at least one account to publish on."))
        local = data.get("when")
        if action == composer.SCHEDULE:
            if local is None:
                if "when" not in self.errors:
                    self.add_error("when", _("Choose the date and time of publication."))
            else:
                try:
                    data["due"] = composer.future_time(local, self.workspace.tzinfo)
                except ValidationError as error:
                    self.add_error("when", error)
        if action in (composer.NOW, composer.QUEUE):
            self.clean_repeat_rule(data, None, self.workspace.tzinfo)
        elif action == composer.SCHEDULE and "due" in data:
            self.clean_repeat_rule(data, local, self.workspace.tzinfo)
        if "text" in data:
            for account in accounts:
                for problem in composer.problems_for(account, self.text_for(account, data)):
                    self.add_error(self.variant_name(account), problem)
        data["attachments"] = media_compose.clean(self, data, accounts, composer.account_label)
        return data

    def composition(self) -> composer.Composition:
        data = self.cleaned_data
        texts = {account: self.text_for(account, data) for account in data["accounts"]}
        return composer.Composition(
            text=data["text"],
            texts=texts,
            action=data["action"],
            when=data.get("due"),
            repeat=data.get("repeat_rule"),
            later=data.get("later", ()),
        )
