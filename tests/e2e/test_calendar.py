"""The calendar in a browser: dragging a planned post to another day moves it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import Post, PostStatus, PostTarget
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def planned_post(workspace, when):
    account = ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="m", handle="martin"
    )
    post = Post.objects.create(
        workspace=workspace,
        text="Galette des rois",
        networks=["sandbox"],
        status=PostStatus.SCHEDULED,
        scheduled_at=when,
    )
    PostTarget.objects.create(
        workspace=workspace,
        post=post,
        account=account,
        text=post.text,
        due_at=when,
        idempotency_key="cal",
    )
    return post


def test_drag_a_post_to_another_day_keeps_its_time(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    tz = workspace.tzinfo
    # The 10th of next month at 10:15, so both days are in the same month view.
    first = (timezone.now().astimezone(tz).replace(day=1) + timedelta(days=40)).replace(day=10)
    when = first.replace(hour=10, minute=15, second=0, microsecond=0)
    post = planned_post(workspace, when)
    page = open_page(user=owner)
    page.goto(reverse("publishing:calendar", args=[workspace.slug]) + f"?month={when:%Y-%m}")

    item = page.locator(f'table.calendar [data-post="{post.pk}"]')
    target_day = when.replace(day=17).date()
    cell = page.locator(f'td[data-drop-date="{target_day.isoformat()}"]')
    item.drag_to(cell)

    expect(page.get_by_test_id("calendar-status")).to_contain_text("10:15")
    expect(cell.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    post.refresh_from_db()
    moved = post.scheduled_at.astimezone(tz)
    assert (moved.date(), moved.strftime("%H:%M")) == (target_day, "10:15")
    assert post.targets.get().due_at == post.scheduled_at


def test_drag_a_post_to_another_hour_in_the_week_keeps_its_minutes(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    tz = workspace.tzinfo
    when = (
        (timezone.now() + timedelta(days=8))
        .astimezone(tz)
        .replace(hour=9, minute=45, second=0, microsecond=0)
    )
    post = planned_post(workspace, when)
    page = open_page(user=owner)
    page.goto(reverse("publishing:calendar_week", args=[workspace.slug]) + f"?week={when:%Y-%m-%d}")
    day = when.date().isoformat()
    cell = page.locator(f'td[data-drop-date="{day}"][data-drop-hour="11"]')
    page.locator(f'table.calendar [data-post="{post.pk}"] time').drag_to(cell)

    expect(page.get_by_test_id("calendar-status")).to_contain_text("11:45")
    expect(cell.locator(f'[data-post="{post.pk}"] time')).to_have_text("11:45")
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") == f"{day} 11:45"


def test_on_a_phone_the_calendar_is_an_agenda_with_a_move_form(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    tz = workspace.tzinfo
    when = (
        (timezone.now() + timedelta(days=2))
        .astimezone(tz)
        .replace(hour=9, minute=0, second=0, microsecond=0)
    )
    post = planned_post(workspace, when)
    page = open_page(user=owner, viewport=PHONE)
    page.goto(reverse("publishing:calendar", args=[workspace.slug]) + f"?month={when:%Y-%m}")
    agenda = page.get_by_test_id("agenda")
    expect(agenda).to_be_visible()
    expect(page.get_by_test_id("calendar")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the calendar is {width} px wide on a phone"

    agenda.locator(f'[data-post="{post.pk}"]').get_by_role("link", name=tr("fr", "Move")).click()
    later = (when + timedelta(days=1)).date()
    page.get_by_label(tr("fr", "Date")).fill(later.isoformat())
    page.get_by_label(tr("fr", "Time")).fill("11:30")
    page.get_by_role("button", name=tr("fr", "Move")).click()
    expect(page.locator("ul.flash")).to_contain_text("11:30")
    post.refresh_from_db()
    assert post.scheduled_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") == f"{later} 11:30"


@pytest.mark.parametrize(
    "view",
    [
        "publishing:calendar",
        "publishing:calendar_week",
        "publishing:queue",
        "publishing:approvals",
        "publishing:index",
        "publishing_settings:index",
    ],
)
def test_publishing_pages_fit_a_phone(open_page: OpenPage, view):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    planned_post(workspace, timezone.now() + timedelta(hours=2))
    page = open_page(user=owner, viewport=PHONE)
    page.goto(reverse(view, args=[workspace.slug]))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{view} is {width} px wide on a phone"
