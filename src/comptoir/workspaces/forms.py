from __future__ import annotations

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import Workspace

COMMON_TIME_ZONES = sorted(
    tz for tz in zoneinfo.available_timezones() if tz.startswith(("Europe/", "America/", "Africa/",
                                                               "Asia/", "Australia/", "Pacific/",
                                                               "Indian/", "Atlantic/"))
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
