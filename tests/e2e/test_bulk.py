"""CSV import in a browser: a bad line is explained in the preview, the good ones are saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import expect

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_file_with_one_bad_line_on_a_phone(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    ConnectedAccount.objects.create(
        workspace=workspace, network="bluesky", remote_id="did:x", handle="martin.bsky.social"
    )
    day = (timezone.now().astimezone(workspace.tzinfo) + timedelta(days=2)).date()
    content = (
        "\ufefftext;accounts;scheduled_at\n"
        f"Galettes des rois !;martin.bsky.social;{day:%d/%m/%Y} 08:30\n"
        f"Pain au levain;inconnu.bsky.social;{day:%Y-%m-%d} 09:00\n"
        f"Brioches;@martin.bsky.social;{day:%Y-%m-%d} 10:00\n"
    ).encode()

    page = open_page(user=owner, viewport=PHONE)
    page.goto(reverse("publishing:index", args=[workspace.slug]))
    page.get_by_role("link", name=tr("fr", "Import, export and feeds")).click()
    page.locator("input[type=file]").set_input_files(
        {"name": "publications.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name=tr("fr", "Check the file")).click()

    expect(page.get_by_role("heading", name=tr("fr", "Check the import"), level=1)).to_be_visible()
    rows = page.get_by_test_id("import-row")
    expect(rows).to_have_count(3)
    unknown = tr("fr", "Unknown account “%(name)s”.") % {"name": "inconnu.bsky.social"}
    expect(rows.nth(1)).to_contain_text(unknown)
    expect(rows.nth(1)).to_contain_text(tr("fr", "Left out"))
    assert not Post.objects.exists()

    with translation.override("fr"):
        confirm = ngettext("Import %(n)s post", "Import %(n)s posts", 2) % {"n": 2}
    page.get_by_role("button", name=confirm).click()
    expect(page.get_by_text("Galettes des rois !")).to_be_visible()
    expect(page.get_by_text("Brioches")).to_be_visible()
    assert set(Post.objects.values_list("text", "status")) == {
        ("Galettes des rois !", PostStatus.SCHEDULED),
        ("Brioches", PostStatus.SCHEDULED),
    }
