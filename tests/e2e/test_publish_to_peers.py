"""Must-show: a post with a described photo, composed in the browser, reaches both real peers.

The workspace has a Bluesky account on the local AT Protocol network and a Mastodon account
on the emulator. In Chromium, the owner writes a post for both, adds a photo from the
composer, is asked to describe it before publishing, schedules it, and when its time comes
the engine does what a worker would. Each network is then read back as another of its users
sees it: the photo is there with its description (converted to 2000 px and under 1 MB for
Bluesky), and the post page links to both.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from comptoir.media.checks import ALT_MISSING
from comptoir.media.models import PostMedia
from comptoir.publishing import composer, engine
from comptoir.publishing.models import Post, PostStatus, TargetStatus
from comptoir.workspaces.models import Role
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory
from tests.peer_fixtures import (
    BlueskyBusiness,
    MastodonBusiness,
    bluesky_business,
    bluesky_network,
    mastodon_business,
    mastodon_server,
    peers_allowed,
)
from tests.peers.bluesky_network import wait_for

__all__ = [
    "bluesky_business",
    "bluesky_network",
    "mastodon_business",
    "mastodon_server",
    "peers_allowed",
]

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ALT = "Six croissants dorés sur une plaque, à la sortie du four"


def photo(width: int = 2400, height: int = 1600) -> bytes:
    """A photo as a phone takes it: large and grainy, far above Bluesky's 1 MB."""
    grain = Image.effect_noise((width, height), 70).convert("RGB")
    output = io.BytesIO()
    grain.save(output, "JPEG", quality=95)
    return output.getvalue()


def test_a_described_photo_is_published_on_bluesky_and_mastodon(
    open_page: OpenPage,
    workspace: Any,
    bluesky_business: BlueskyBusiness,
    mastodon_business: MastodonBusiness,
) -> None:
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    bluesky, mastodon = bluesky_business.account, mastodon_business.account
    image = photo()
    assert len(image) > 1_000_000

    page = open_page(user=owner)
    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    page.locator("textarea[name=text]").fill("Les croissants du dimanche sont sortis du four !")
    page.get_by_role("checkbox", name=composer.account_label(bluesky)).check()
    page.get_by_role("checkbox", name=composer.account_label(mastodon)).check()

    page.get_by_label(tr("fr", "Add an image")).set_input_files(
        files=[{"name": "croissants.jpg", "mimeType": "image/jpeg", "buffer": image}]
    )
    row = page.locator("#composer-images [data-media]")
    expect(row).to_have_count(1)
    expect(row.get_by_role("checkbox")).to_be_checked()

    # No description yet: publishing waits, and says why.
    publish = page.get_by_role("button", name=tr("fr", "Publish now"))
    expect(publish).to_be_disabled()
    expect(page.get_by_text(tr("fr", str(ALT_MISSING)))).to_be_visible()
    counters = page.locator("#counters")
    expect(counters.locator(f'[data-account="{bluesky.pk}"]')).to_contain_text("1 image / 4")

    with_name = tr("fr", "Description of %(name)s") % {"name": "croissants.jpg"}
    page.get_by_label(with_name).fill(ALT)
    expect(publish).to_be_enabled()
    expect(page.get_by_text(tr("fr", str(ALT_MISSING)))).to_be_hidden()

    # Scheduled a few minutes ahead, at a wall-clock time of the workspace's zone.
    due = (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)
    local = due.astimezone(workspace.tzinfo)
    page.get_by_label(tr("fr", "Date and time")).fill(local.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name=tr("fr", "Schedule")).click()
    expect(page.get_by_role("status")).to_contain_text(tr("fr", "The post is scheduled."))

    post = Post.objects.get(workspace=workspace)
    expect(page).to_have_url(
        re.compile(re.escape(reverse("publishing:detail", args=[workspace.slug, post.pk])))
    )
    assert post.status == PostStatus.SCHEDULED and post.scheduled_at == due
    assert PostMedia.objects.get(post=post).description == ALT
    assert engine.publish_due("browser-test") == 0  # not yet due

    # When the time comes, what each worker's publishing loop does: claim the due posts
    # and publish them.
    assert engine.publish_due("browser-test", now=due) == 2
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    targets = {t.account.network: t for t in post.targets.select_related("account")}
    assert {t.status for t in targets.values()} == {TargetStatus.PUBLISHED}

    page.reload()
    links = page.get_by_role("link", name=tr("fr", "See the post"))
    expect(links).to_have_count(2)
    hrefs = {links.nth(i).get_attribute("href") for i in range(2)}
    assert hrefs == {targets["bluesky"].remote_url, targets["mastodon"].remote_url}
    expect(page.get_by_role("img", name=ALT)).to_be_visible()

    # Bluesky, as another account reads it through the AppView.
    uri = targets["bluesky"].remote_id
    view = wait_for(
        lambda: (bluesky_business.reader.get_posts([uri]).posts or [None])[0],
        what="the post in the AppView",
    )
    shown = view.embed.images[0]
    assert shown.alt == ALT
    ratio = view.record.embed.images[0].aspect_ratio
    assert (ratio.width, ratio.height) == (2000, 1333)
    assert view.record.embed.images[0].image.mime_type == "image/jpeg"
    assert view.record.embed.images[0].image.size <= 1_000_000

    # Mastodon, as bob reads it.
    status = mastodon_business.reader.status(targets["mastodon"].remote_id)
    assert "croissants du dimanche" in status.content
    assert [(a.type, a.description) for a in status.media_attachments] == [("image", ALT)]
