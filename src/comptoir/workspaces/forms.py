"""Forms for the business settings, its objectives and its team."""

from __future__ import annotations

import zoneinfo
from datetime import time
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from comptoir.accounts.models import User
from comptoir.workspaces import hours as business_hours
from comptoir.workspaces.models import DAYS, Invitation, Membership, Objective, Role, Workspace

COMMON_TIME_ZONES = sorted(
    tz
    for tz in zoneinfo.available_timezones()
    if tz.startswith(
        (
            "Europe/",
            "America/",
            "Africa/",
            "Asia/",
            "Australia/",
            "Pacific/",
            "Indian/",
            "Atlantic/",
        )
    )
)
MAX_TAGS = 20
MAX_TAG_LENGTH = 40


def parse_tags(value: str) -> list[str]:
    """Turn "Pain, commandes ,livraison" into ["pain", "commandes", "livraison"]."""
    tags: list[str] = []
    for raw in value.replace(";", ",").split(","):
        tag = " ".join(raw.split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class TagsField(forms.CharField):
    """Free tags typed as a comma-separated list; cleaned to a list of lower-case strings."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(tag) for tag in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        tags = parse_tags(text or "")
        if len(tags) > MAX_TAGS:
            raise ValidationError(
                _("Keep it to %(count)d areas of expertise at most."),
                params={"count": MAX_TAGS},
                code="too_many",
            )
        too_long = [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]
        if too_long:
            raise ValidationError(
                _("Each area of expertise takes %(count)d characters at most."),
                params={"count": MAX_TAG_LENGTH},
                code="too_long",
            )
        return tags


EXPERTISE_HELP = _(
    "Separate them with commas, for example: bread, orders, delivery. "
    "Questions on these subjects are routed to this person."
)


class WorkspaceForm(forms.ModelForm[Workspace]):
    timezone = forms.ChoiceField(
        label=_("Time zone"), choices=[(tz, tz.replace("_", " ")) for tz in COMMON_TIME_ZONES]
    )

    class Meta:
        model = Workspace
        fields = [
            "name",
            "sector",
            "address",
            "latitude",
            "longitude",
            "radius_km",
            "timezone",
            "language",
        ]
        help_texts = {
            "latitude": _("Optional. For example 47.902964 for Orléans."),
            "longitude": _("Optional. For example 1.909251 for Orléans."),
        }

    def clean_latitude(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("latitude")
        if value is not None and not Decimal(-90) <= value <= Decimal(90):
            raise ValidationError(_("A latitude lies between -90 and 90."), code="range")
        return value

    def clean_longitude(self) -> Decimal | None:
        value: Decimal | None = self.cleaned_data.get("longitude")
        if value is not None and not Decimal(-180) <= value <= Decimal(180):
            raise ValidationError(_("A longitude lies between -180 and 180."), code="range")
        return value

    def clean_radius_km(self) -> int:
        value = int(self.cleaned_data["radius_km"])
        if not 1 <= value <= 500:
            raise ValidationError(_("Choose an area between 1 and 500 km."), code="range")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.has_error("latitude") or self.has_error("longitude"):
            # A value refused on its own is missing here: the pair cannot be judged.
            return cleaned
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            raise ValidationError(
                _("Give both the latitude and the longitude, or neither."), code="coordinates"
            )
        return cleaned


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


class BusinessHoursForm(forms.Form):
    """Opening hours for each weekday: closed, or one or two periods (a lunch break)."""

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "hours")
        super().__init__(*args, **kwargs)
        stored = workspace.business_hours or {}
        for day in DAYS:
            name = business_hours.DAY_NAMES[day]
            day_name = {"day": capfirst(str(name))}
            periods = business_hours.periods_for(stored, day)
            self.fields[f"{day}_closed"] = forms.BooleanField(
                label=_("Closed on %(day)s") % {"day": name}, required=False
            )
            self.fields[f"{day}_open_1"] = _time_field(_("%(day)s: opens at") % day_name)
            self.fields[f"{day}_close_1"] = _time_field(_("%(day)s: closes at") % day_name)
            self.fields[f"{day}_open_2"] = _time_field(_("%(day)s: opens again at") % day_name)
            self.fields[f"{day}_close_2"] = _time_field(_("%(day)s: closes again at") % day_name)
            # The table shows the fields without their labels: screen readers still read them.
            for key in ("closed", "open_1", "close_1", "open_2", "close_2"):
                bound = self.fields[f"{day}_{key}"]
                bound.widget.attrs["aria-label"] = str(bound.label)
            self.initial[f"{day}_closed"] = not periods
            for index, (start, end) in enumerate(periods[:2], start=1):
                self.initial[f"{day}_open_{index}"] = start
                self.initial[f"{day}_close_{index}"] = end

    def rows(self) -> list[dict[str, Any]]:
        """One row per weekday, for the table in the template."""
        rows = []
        for day in DAYS:
            fields: dict[str, BoundField] = {
                key: self[f"{day}_{key}"]
                for key in ("closed", "open_1", "close_1", "open_2", "close_2")
            }
            errors = [error for field in fields.values() for error in field.errors]
            rows.append(
                {"day": day, "name": business_hours.DAY_NAMES[day], "errors": errors, **fields}
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        periods_by_day: dict[str, list[tuple[time, time]]] = {}
        for day in DAYS:
            periods_by_day[day] = self._clean_day(day, cleaned)
        cleaned["business_hours"] = business_hours.serialise(periods_by_day)
        return cleaned

    def _clean_day(self, day: str, cleaned: dict[str, Any]) -> list[tuple[time, time]]:
        if cleaned.get(f"{day}_closed"):
            return []
        open_1, close_1 = cleaned.get(f"{day}_open_1"), cleaned.get(f"{day}_close_1")
        open_2, close_2 = cleaned.get(f"{day}_open_2"), cleaned.get(f"{day}_close_2")
        name = capfirst(str(business_hours.DAY_NAMES[day]))
        if open_1 is None or close_1 is None:
            self.add_error(
                f"{day}_open_1",
                _("%(day)s: give the opening and closing times, or tick “Closed”.") % {"day": name},
            )
            return []
        periods = [(open_1, close_1)]
        if open_1 >= close_1:
            self.add_error(
                f"{day}_close_1", _("%(day)s: closing must come after opening.") % {"day": name}
            )
            return []
        if (open_2 is None) != (close_2 is None):
            self.add_error(
                f"{day}_open_2",
                _("%(day)s: give both times of the second period, or neither.") % {"day": name},
            )
            return []
        if open_2 is not None and close_2 is not None:
            if open_2 <= close_1:
                self.add_error(
                    f"{day}_open_2",
                    _("%(day)s: the second period must start after the first one closes.")
                    % {"day": name},
                )
                return []
            if open_2 >= close_2:
                self.add_error(
                    f"{day}_close_2",
                    _("%(day)s: closing must come after opening.") % {"day": name},
                )
                return []
            periods.append((open_2, close_2))
        return periods


class ObjectiveForm(forms.ModelForm[Objective]):
    class Meta:
        model = Objective
        fields = ["kind", "label", "target", "unit"]
        help_texts = {
            "label": _("In your own words, for example: 20 cake orders a month."),
            "unit": _("For example: orders, calls, stars, hours."),
        }

    def clean_target(self) -> Decimal:
        value: Decimal = self.cleaned_data["target"]
        if value < 0:
            raise ValidationError(_("A target cannot be negative."), code="negative")
        return value


def role_choices(roles: list[Role]) -> list[tuple[str, str]]:
    return [(role.value, str(role.label)) for role in roles]


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))
    expertise = TagsField(label=_("Areas of expertise"), help_text=EXPERTISE_HELP)

    def __init__(self, *args: Any, workspace: Workspace, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["role"].choices = role_choices(roles)  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.MEMBER

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if Membership.objects.filter(workspace=self.workspace, user__email__iexact=email).exists():
            raise ValidationError(_("This person is already in the team."), code="member")
        pending = [
            invitation
            for invitation in Invitation.objects.for_workspace(self.workspace).filter(
                email__iexact=email, accepted_at=None, revoked_at=None
            )
            if invitation.is_pending
        ]
        if pending:
            raise ValidationError(
                _("An invitation is already waiting for this address: resend it from the list."),
                code="pending",
            )
        return email


class MemberForm(forms.ModelForm[Membership]):
    """A member's role, job title and expertise; the role only for those allowed to set it."""

    expertise = TagsField(label=_("Areas of expertise"), help_text=EXPERTISE_HELP)

    class Meta:
        model = Membership
        fields = ["role", "job_title", "expertise"]

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roles:
            self.fields["role"].choices = role_choices(roles)  # type: ignore[attr-defined]
        else:
            del self.fields["role"]


class NewAccountForm(forms.Form):
    """Joining through an invitation without an account: a name and a password suffice."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Your colleagues and customers see it when you answer."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not too common."),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
