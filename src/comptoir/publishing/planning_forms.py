"""The composer's planning options: repeating a post, and asking for approval.

Kept apart from the composer form so that each concern stays small; ``ComposeForm``
inherits these fields and calls ``clean_repeat`` once the first date is known.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from comptoir.publishing.models import Frequency
from comptoir.publishing.recurrence import MAX_OCCURRENCES, Rule, occurrences

REPEAT_CHOICES = [
    ("", _("Does not repeat")),
    (Frequency.DAYS, _("Every day, or every few days")),
    (Frequency.WEEKS, _("Every week, or every few weeks")),
    (Frequency.MONTHS, _("Every month, or every few months")),
]


class PlanningFields(forms.Form):
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, required=False)
    repeat_interval = forms.IntegerField(
        label=_("Every how many"),
        initial=1,
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("1 for every time, 2 for every other day, week or month."),
    )
    repeat_until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    repeat_count = forms.IntegerField(
        label=_("Or a number of times"), min_value=2, max_value=MAX_OCCURRENCES, required=False
    )
    ask_approval = forms.BooleanField(
        label=_("Ask a manager to approve it before it is published"), required=False
    )

    def clean_repeat_rule(self, data: dict[str, Any], local: datetime | None, tz: ZoneInfo) -> None:
        """Check the repetition against the first date and add its occurrences to ``data``.

        ``local`` is the first publication's wall-clock time, or None when the post is
        not scheduled at a date (publishing now, the queue), which cannot repeat.
        """
        frequency = str(data.get("repeat") or "")
        if not frequency:
            return
        if local is None:
            self.add_error(
                "repeat", _("A repeating post needs its first date and time: choose Schedule.")
            )
            return
        until: date | None = data.get("repeat_until")
        count: int | None = data.get("repeat_count")
        if until is not None and count is not None:
            self.add_error("repeat_count", _("Choose an end date or a number of times, not both."))
            return
        if until is not None and until <= local.date():
            self.add_error("repeat_until", _("The end date must come after the first date."))
            return
        rule = Rule(frequency, data.get("repeat_interval") or 1, until, count)
        try:
            times = occurrences(local, rule, tz)
        except ValidationError as error:
            self.add_error("repeat", error)
            return
        data["repeat_rule"] = rule
        data["later"] = tuple(times[1:])
