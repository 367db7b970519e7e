"""A small shop with a lunch break, closed on Sunday, and its team."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import MembershipFactory, WorkspaceFactory

PARIS = ZoneInfo("Europe/Paris")
WEEKDAY = [["09:00", "12:00"], ["14:00", "18:00"]]
SHOP_HOURS = {
    "mon": WEEKDAY,
    "tue": WEEKDAY,
    "wed": WEEKDAY,
    "thu": WEEKDAY,
    "fri": WEEKDAY,
    "sat": [["09:00", "12:00"]],
    "sun": [],
}


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


@pytest.fixture
def shop(db):
    return WorkspaceFactory(
        name="Pâtisserie Lucas", timezone="Europe/Paris", business_hours=SHOP_HOURS
    )


@pytest.fixture
def team(shop):
    """An owner without expertise, a cake expert, a bread expert, a read-only intern."""
    return {
        "owner": MembershipFactory(workspace=shop, role="owner", user__full_name="Odile Patron"),
        "cakes": MembershipFactory(
            workspace=shop, role="member", expertise=["gâteaux"], user__full_name="Camille Gâteau"
        ),
        "bread": MembershipFactory(
            workspace=shop,
            role="member",
            expertise=["pain", "sans gluten"],
            user__full_name="Bruno Pain",
        ),
        "intern": MembershipFactory(
            workspace=shop, role="readonly", expertise=["gâteaux"], user__full_name="Inès Stage"
        ),
    }
