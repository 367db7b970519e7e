"""The composer in a browser: live counters per account, variants, publishing now."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import Post, PostStatus, QueueSlot
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_compose_adapt_and_publish(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    sandbox = ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="martin", handle="martin"
    )
    bluesky = ConnectedAccount.objects.create(
        workspace=workspace, network="bluesky", remote_id="did:x", handle="martin.bsky.social"
    )
    page = open_page(user=owner)
    page.goto(reverse("publishing:index", args=[workspace.slug]))
    page.get_by_role("link", name=tr("fr", "New post")).click()

    page.locator("textarea[name=text]").fill("Galette 👑 " + "a" * 291)
    counters = page.locator("#counters")
    expect(counters.locator(f'[data-account="{bluesky.pk}"]')).to_contain_text("301 / 300")
    expect(counters.locator(f'[data-account="{sandbox.pk}"]')).to_contain_text("301 / 500")

    variant = page.locator(f'[data-variant-for="{bluesky.pk}"]')
    expect(variant).to_be_hidden()
    page.get_by_role("checkbox", name="martin.bsky.social (Bluesky)").check()
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    expect(variant).to_be_visible()
    area = variant.locator("textarea")
    expect(area).to_have_value("Galette 👑 " + "a" * 291)
    # Each chosen account's preview marks what goes past its network's limit.
    on_bluesky = page.locator(f'[data-preview-for="{bluesky.pk}"]')
    expect(on_bluesky).to_contain_text("@martin.bsky.social")
    expect(on_bluesky.locator("mark.over")).to_have_text("a")
    expect(page.locator(f'[data-preview-for="{sandbox.pk}"] mark.over')).to_have_count(0)

    page.get_by_role("button", name=tr("fr", "Publish now")).click()
    expect(variant.locator(".errorlist")).to_contain_text("300")
    # Nothing is published; the composer may have saved a draft by itself meanwhile.
    assert not Post.objects.exclude(status=PostStatus.DRAFT).exists()

    area.fill("Galette 👑 ce week-end #épiphanie")
    expect(counters.locator(f'[data-account="{bluesky.pk}"]')).to_contain_text("32 / 300")
    expect(on_bluesky.locator(".piece-tag")).to_have_text("#épiphanie")
    expect(on_bluesky.locator("mark.over")).to_have_count(0)
    page.get_by_role("button", name=tr("fr", "Publish now")).click()

    # Read the post once its page shows: a draft saved by the composer becomes that post.
    posts = reverse("publishing:index", args=[workspace.slug])
    expect(page).to_have_url(re.compile(re.escape(posts) + r"\d+/$"))
    created = Post.objects.get()
    assert page.url.endswith(reverse("publishing:detail", args=[workspace.slug, created.pk]))
    texts = {t.account_id: t.text for t in created.targets.all()}
    assert texts == {
        sandbox.pk: "Galette 👑 " + "a" * 291,
        bluesky.pk: "Galette 👑 ce week-end #épiphanie",
    }
    expect(page.locator("[data-target]")).to_have_count(2)
    expect(page.get_by_role("status")).to_contain_text(
        tr("fr", "The post is on its way: it will be published in a few seconds.")
    )


def test_composer_fits_a_phone(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    account = ConnectedAccount.objects.create(
        workspace=workspace, network="bluesky", remote_id="did:x", handle="martin.bsky.social"
    )
    page = open_page(user=owner, viewport=PHONE)
    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    page.locator("textarea[name=text]").fill("Pain au levain " * 30)
    page.get_by_role("checkbox", name="martin.bsky.social (Bluesky)").check()
    page.get_by_role("button", name=tr("fr", "Publish now")).click()
    expect(page.locator(f'[data-variant-for="{account.pk}"] .errorlist')).to_contain_text("449")
    expect(page.locator(f'#counters [data-account="{account.pk}"]')).to_contain_text("449 / 300")
    expect(page.locator(f'[data-preview-for="{account.pk}"] mark.over')).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the composer is {width} px wide on a phone"


def test_schedule_at_a_local_time_then_add_another_to_the_queue(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin", timezone="Europe/Paris")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    account = ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="martin", handle="martin"
    )
    tz = workspace.tzinfo
    day = (timezone.now() + timedelta(days=3)).astimezone(tz).date()
    QueueSlot.objects.create(
        workspace=workspace, account=account, weekday=day.weekday(), time=time(8)
    )

    page = open_page(user=owner)
    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    page.locator("textarea[name=text]").fill("Fournée de 17 h")
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    page.get_by_label(tr("fr", "Date and time")).fill(f"{day.isoformat()}T17:00")
    page.get_by_role("button", name=tr("fr", "Schedule")).click()
    expect(page.get_by_role("status")).to_contain_text(tr("fr", "The post is scheduled."))
    scheduled = Post.objects.get()
    expected = datetime.combine(day, time(17), tzinfo=tz).astimezone(UTC)
    assert scheduled.status == PostStatus.SCHEDULED and scheduled.scheduled_at == expected
    assert scheduled.targets.get().due_at == expected

    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    page.locator("textarea[name=text]").fill("Croissants du matin")
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    page.get_by_role("button", name=tr("fr", "Add to queue")).click()
    expect(page.get_by_role("status")).to_contain_text(tr("fr", "The post is added to the queue."))
    queued = Post.objects.exclude(pk=scheduled.pk).get()
    slot = queued.targets.get().due_at.astimezone(tz)
    assert slot.strftime("%H:%M") == "08:00" and slot.weekday() == day.weekday()
    assert slot > timezone.now()
