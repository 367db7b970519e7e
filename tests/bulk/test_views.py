"""The bulk pages: the Links settings, and that no page reaches another workspace's rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.bulk.models import FeedRule
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_the_links_section_saves_and_previews(owner_client, workspace):
    url = reverse("bulk:links", args=[workspace.slug])
    page = owner_client.get(url).content.decode()
    assert "https://example.com/menu?utm_source=mastodon&amp;utm_medium=social" in page
    response = owner_client.post(
        url,
        {
            "utm_enabled": "on",
            "utm_source": "{network}-bm",
            "utm_medium": "",
            "utm_campaign": "noel",
        },
        follow=True,
    )
    workspace.refresh_from_db()
    assert (workspace.utm_source, workspace.utm_medium, workspace.utm_campaign) == (
        "{network}-bm",
        "",
        "noel",
    )
    assert "https://example.com/menu?utm_source=bluesky-bm&amp;utm_campaign=noel" in (
        response.content.decode()
    )
    owner_client.post(url, {"utm_source": "x", "utm_medium": "y", "utm_campaign": "z"})
    workspace.refresh_from_db()
    assert not workspace.utm_enabled


def test_only_managers_change_the_link_settings(member_factory, workspace):
    _membership, client = member_factory("member")
    url = reverse("bulk:links", args=[workspace.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"utm_source": "x"}).status_code == 403


def test_another_workspaces_rule_is_not_found(owner_client, workspace):
    other = WorkspaceFactory()
    MembershipFactory(workspace=other)
    rule = FeedRule.objects.create(workspace=other, url="https://example.org/feed")
    for name in ("bulk:feed_edit",):
        assert owner_client.get(reverse(name, args=[workspace.slug, rule.pk])).status_code == 404
    for name in ("bulk:feed_check", "bulk:feed_toggle", "bulk:feed_delete"):
        assert owner_client.post(reverse(name, args=[workspace.slug, rule.pk])).status_code == 404
    rule.refresh_from_db()
    assert rule.active and rule.checked_at is None
    page = owner_client.get(reverse("bulk:index", args=[workspace.slug])).content.decode()
    assert "example.org/feed" not in page


def test_an_import_waiting_in_one_workspace_cannot_be_confirmed_in_another(
    owner, owner_client, workspace, bluesky
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from comptoir.publishing.models import Post

    other = WorkspaceFactory()
    MembershipFactory(workspace=other, user=owner, role="owner")
    owner_client.post(
        reverse("bulk:import_preview", args=[workspace.slug]),
        {"file": SimpleUploadedFile("a.csv", f"text,accounts\nA,{bluesky.handle}\n".encode())},
    )
    token = owner_client.session["bulk_import"]["token"]
    owner_client.post(reverse("bulk:import_confirm", args=[other.slug]), {"token": token})
    assert not Post.objects.exists()
