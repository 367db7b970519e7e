"""Only opening hours count: nights, lunch breaks, weekends and clock changes."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from comptoir.routing.business_time import business_minutes, overdue_cutoff
from tests.factories import WorkspaceFactory
from tests.routing.conftest import paris

pytestmark = pytest.mark.django_db

# 2026-11-23 is a Monday.


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (paris(2026, 11, 23, 9, 0), paris(2026, 11, 23, 9, 30), 30),
        (paris(2026, 11, 23, 8, 0), paris(2026, 11, 23, 9, 5), 5),  # before opening
        (paris(2026, 11, 23, 11, 50), paris(2026, 11, 23, 14, 10), 20),  # lunch break
        (paris(2026, 11, 23, 12, 30), paris(2026, 11, 23, 13, 30), 0),  # all at lunch
        (paris(2026, 11, 23, 17, 50), paris(2026, 11, 24, 9, 10), 20),  # the night
        (paris(2026, 11, 21, 20, 0), paris(2026, 11, 23, 9, 5), 5),  # Saturday evening
        (paris(2026, 11, 21, 11, 0), paris(2026, 11, 23, 9, 5), 65),  # Saturday morning
        (paris(2026, 11, 23, 9, 0), paris(2026, 11, 30, 9, 0), 5 * 420 + 180),  # a week
        (paris(2026, 11, 23, 10, 0), paris(2026, 11, 23, 9, 0), 0),  # backwards
    ],
)
def test_business_minutes(shop, start, end, minutes):
    assert business_minutes(shop, start, end) == minutes


def test_a_time_zone_far_away_reads_hours_locally(shop):
    shop.timezone = "America/Montreal"
    # 15:00 in Paris is 9:00 in Montreal, when that shop opens.
    assert business_minutes(shop, paris(2026, 11, 23, 14, 0), paris(2026, 11, 23, 15, 30)) == 30


def test_summer_time_starts_an_hour_shorter(db):
    night_shop = WorkspaceFactory(
        timezone="Europe/Paris", business_hours={"sun": [["01:00", "04:00"]]}
    )
    # 29 March 2026: at 2:00 clocks jump to 3:00; only two real hours pass.
    assert business_minutes(night_shop, paris(2026, 3, 29, 0, 0), paris(2026, 3, 29, 5, 0)) == 120


def test_winter_time_starts_an_hour_longer(db):
    night_shop = WorkspaceFactory(
        timezone="Europe/Paris", business_hours={"sun": [["01:00", "04:00"]]}
    )
    # 25 October 2026: at 3:00 clocks go back to 2:00; four real hours pass.
    assert business_minutes(night_shop, paris(2026, 10, 25, 0, 0), paris(2026, 10, 25, 5, 0)) == 240


def test_a_weekend_with_a_clock_change(shop):
    # Friday 17:00 to Monday 9:30 around 29 March 2026: 60 on Friday, 180 on Saturday,
    # 30 on Monday; the lost hour is at night, when the shop is closed.
    assert business_minutes(shop, paris(2026, 3, 27, 17, 0), paris(2026, 3, 30, 9, 30)) == 270


def test_no_hours_at_all_counts_every_minute(db):
    always = WorkspaceFactory(business_hours={})
    assert business_minutes(always, paris(2026, 11, 22, 1, 0), paris(2026, 11, 22, 2, 0)) == 60


def test_overdue_cutoff_walks_back_through_opening_hours(shop):
    shop.response_target_minutes = 30
    # Monday 9:10: ten minutes today, twenty on Saturday before 12:00.
    assert overdue_cutoff(shop, paris(2026, 11, 23, 9, 10)) == paris(2026, 11, 21, 11, 40)
    # During lunch, the morning counts back from its close.
    assert overdue_cutoff(shop, paris(2026, 11, 23, 13, 0)) == paris(2026, 11, 23, 11, 30)


def test_overdue_cutoff_agrees_with_business_minutes(shop):
    rng = random.Random(7)
    start = paris(2026, 3, 1, 0, 0)
    for _ in range(200):
        shop.response_target_minutes = rng.choice([1, 15, 60, 120, 600, 2000])
        now = start + timedelta(minutes=rng.randrange(60 * 24 * 60))
        cutoff = overdue_cutoff(shop, now)
        assert business_minutes(shop, cutoff, now) == shop.response_target_minutes
        assert business_minutes(shop, cutoff + timedelta(minutes=1), now) < (
            shop.response_target_minutes
        )
