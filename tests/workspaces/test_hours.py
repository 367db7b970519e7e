"""Business hours: the settings form validates them, and ``is_open`` reads them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation

from comptoir.workspaces.forms import BusinessHoursForm
from comptoir.workspaces.hours import is_open
from comptoir.workspaces.models import DAYS, Workspace


def closed_week() -> dict[str, str]:
    return {f"hours-{day}_closed": "on" for day in DAYS}


def form_for(data: dict[str, str]) -> BusinessHoursForm:
    return BusinessHoursForm(data, workspace=Workspace(name="Test"))


def test_two_periods_and_closed_days_are_saved_in_order():
    data = closed_week()
    del data["hours-tue_closed"]
    data |= {
        "hours-tue_open_1": "07:00",
        "hours-tue_close_1": "13:00",
        "hours-tue_open_2": "15:30",
        "hours-tue_close_2": "19:30",
    }
    del data["hours-sun_closed"]
    data |= {"hours-sun_open_1": "08:00", "hours-sun_close_1": "12:30"}
    form = form_for(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_hours"] == {
        "mon": [],
        "tue": [["07:00", "13:00"], ["15:30", "19:30"]],
        "wed": [],
        "thu": [],
        "fri": [],
        "sat": [],
        "sun": [["08:00", "12:30"]],
    }


def test_a_closed_day_ignores_its_times():
    data = closed_week() | {"hours-mon_open_1": "09:00", "hours-mon_close_1": "08:00"}
    form = form_for(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_hours"]["mon"] == []


@pytest.mark.parametrize(
    ("times", "field", "fragment"),
    [
        ({}, "mon_open_1", "tick “Closed”"),
        ({"hours-mon_open_1": "09:00"}, "mon_open_1", "tick “Closed”"),
        ({"hours-mon_open_1": "18:00", "hours-mon_close_1": "09:00"}, "mon_close_1", "after"),
        ({"hours-mon_open_1": "09:00", "hours-mon_close_1": "09:00"}, "mon_close_1", "after"),
        (
            {
                "hours-mon_open_1": "09:00",
                "hours-mon_close_1": "12:00",
                "hours-mon_open_2": "14:00",
            },
            "mon_open_2",
            "both times",
        ),
        (
            {
                "hours-mon_open_1": "09:00",
                "hours-mon_close_1": "14:00",
                "hours-mon_open_2": "13:00",
                "hours-mon_close_2": "18:00",
            },
            "mon_open_2",
            "after the first one closes",
        ),
        (
            {
                "hours-mon_open_1": "09:00",
                "hours-mon_close_1": "12:00",
                "hours-mon_open_2": "18:00",
                "hours-mon_close_2": "14:00",
            },
            "mon_close_2",
            "after",
        ),
        ({"hours-mon_open_1": "9h", "hours-mon_close_1": "12:00"}, "mon_open_1", ""),
    ],
)
def test_invalid_days_are_refused_with_a_message_on_the_right_field(times, field, fragment):
    data = closed_week()
    del data["hours-mon_closed"]
    form = form_for(data | times)
    with translation.override("en"):
        assert not form.is_valid()
    assert field in form.errors
    assert fragment in " ".join(form.errors[field])
    row = next(row for row in form.rows() if row["day"] == "mon")
    assert row["errors"]


def test_form_starts_from_the_stored_hours():
    workspace = Workspace(
        name="Test",
        business_hours={"mon": [], "tue": [["07:00", "13:00"], ["15:30", "19:30"]]},
    )
    form = BusinessHoursForm(workspace=workspace)
    assert form.initial["mon_closed"] is True
    assert form.initial["tue_closed"] is False
    assert str(form["tue_open_2"].value()) == "15:30:00"
    assert 'value="15:30"' in str(form["tue_open_2"])


def test_is_open_reads_the_hours_in_the_business_time_zone():
    workspace = Workspace(
        name="Test",
        timezone="Europe/Paris",
        business_hours={day: [] for day in DAYS}
        | {"tue": [["07:00", "13:00"], ["15:30", "19:30"]]},
    )
    # Tuesday 3 February 2026: Paris is UTC+1.
    assert is_open(workspace, datetime(2026, 2, 3, 6, 0, tzinfo=UTC))  # 07:00 in Paris
    assert not is_open(workspace, datetime(2026, 2, 3, 5, 59, tzinfo=UTC))
    assert not is_open(workspace, datetime(2026, 2, 3, 13, 0, tzinfo=UTC))  # lunch break
    assert is_open(workspace, datetime(2026, 2, 3, 18, 29, tzinfo=UTC))
    assert not is_open(workspace, datetime(2026, 2, 3, 18, 30, tzinfo=UTC))  # 19:30, closed
    assert not is_open(workspace, datetime(2026, 2, 2, 10, 0, tzinfo=UTC))  # Monday


def test_malformed_stored_hours_count_as_closed():
    workspace = Workspace(name="Test", business_hours={"mon": [["25:00", "x"], ["09:00"]]})
    assert not is_open(workspace, datetime(2026, 2, 2, 10, 0, tzinfo=UTC))
