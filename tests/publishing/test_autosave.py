"""Drafts saved by themselves while a person writes: one draft per composition, drafts only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.media.models import PostMedia
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import autosave_views
from comptoir.publishing.models import Post, PostStatus
from tests.factories import MembershipFactory, PostFactory, WorkspaceFactory
from tests.media.factories import MediaItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sandbox(workspace):
    return ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="martin", handle="martin"
    )


@pytest.fixture
def bluesky(workspace):
    return ConnectedAccount.objects.create(
        workspace=workspace, network="bluesky", remote_id="did:x", handle="martin.bsky.social"
    )


@pytest.fixture
def member_client(member_factory) -> Client:
    return member_factory("member")[1]


def new_url(workspace) -> str:
    return reverse("publishing:autosave", args=[workspace.slug])


def draft_url(workspace, post) -> str:
    return reverse("publishing:autosave_draft", args=[workspace.slug, post.pk])


def test_first_save_creates_the_draft_and_the_next_ones_rewrite_it(
    member_client, workspace, sandbox
):
    answer = member_client.post(new_url(workspace), {"text": "Galette", "accounts": [sandbox.pk]})

    assert answer.status_code == 200
    draft = Post.objects.get()
    assert draft.status == PostStatus.DRAFT and draft.text == "Galette"
    assert draft.draft_texts == {str(sandbox.pk): "Galette"}
    assert not draft.targets.exists()
    body = answer.json()
    assert body["saved"] is True and body["post"] == draft.pk
    assert body["edit_url"] == reverse("publishing:edit", args=[workspace.slug, draft.pk])
    assert body["autosave_url"] == draft_url(workspace, draft)

    again = member_client.post(body["autosave_url"], {"text": "Galette des rois", "action": "now"})

    assert again.json()["post"] == draft.pk
    draft.refresh_from_db()
    assert Post.objects.count() == 1
    assert draft.status == PostStatus.DRAFT  # whatever button the form last named
    assert draft.text == "Galette des rois" and draft.draft_texts == {}


def test_the_autosaved_draft_is_the_post_published_in_the_end(member_client, workspace, sandbox):
    body = member_client.post(new_url(workspace), {"text": "Pain", "accounts": [sandbox.pk]})
    edit_url = body.json()["edit_url"]

    member_client.post(edit_url, {"text": "Pain chaud", "accounts": [sandbox.pk], "action": "now"})

    published = Post.objects.get()
    assert published.status == PostStatus.SCHEDULED and published.text == "Pain chaud"
    assert published.targets.count() == 1


def test_the_status_says_when_in_the_workspace_time_zone_and_language(
    member_factory, workspace, sandbox, monkeypatch
):
    workspace.timezone = "Europe/Paris"
    workspace.save()
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 7, 1, 12, 32, tzinfo=UTC))
    membership, client = member_factory("member")

    french = client.post(new_url(workspace), {"text": "Pain"})
    membership.user.language = "en"
    membership.user.save()
    english = client.post(new_url(workspace), {"text": "Pain"})

    assert french.json()["message"] == "Brouillon enregistré à 14:32"
    assert english.json()["message"] == "Draft saved at 2:32 p.m."


def test_images_are_kept_with_the_draft_even_without_a_description(
    member_client, workspace, sandbox
):
    image = MediaItemFactory(workspace=workspace, alt_text="")

    answer = member_client.post(new_url(workspace), {"text": "Pain", "media": [image.pk]})

    assert answer.status_code == 200
    assert list(PostMedia.objects.values_list("media", flat=True)) == [image.pk]


def test_an_empty_composer_saves_nothing(member_client, workspace, sandbox):
    answer = member_client.post(new_url(workspace), {"text": "  ", "accounts": [sandbox.pk]})

    assert answer.status_code == 200 and answer.json()["saved"] is False
    assert not Post.objects.exists()


def test_erasing_everything_keeps_the_last_saved_version(member_client, workspace, sandbox):
    draft = PostFactory(workspace=workspace, text="Brioche", status=PostStatus.DRAFT)

    member_client.post(draft_url(workspace, draft), {"text": ""})

    draft.refresh_from_db()
    assert draft.text == "Brioche"


@pytest.mark.parametrize("status", [PostStatus.SCHEDULED, PostStatus.PENDING, PostStatus.PUBLISHED])
def test_a_post_that_is_not_a_draft_is_never_touched(member_client, workspace, status):
    planned = PostFactory(workspace=workspace, text="Brioche", status=status)

    answer = member_client.post(draft_url(workspace, planned), {"text": "Autre chose"})

    assert answer.status_code == 409 and answer.json()["stop"] is True
    planned.refresh_from_db()
    assert planned.text == "Brioche" and planned.status == status


def test_a_draft_scheduled_under_the_autosave_is_not_rewritten(
    member_client, workspace, sandbox, monkeypatch
):
    draft = PostFactory(workspace=workspace, text="Brioche", status=PostStatus.DRAFT)
    stale = Post.objects.get(pk=draft.pk)
    # Another tab schedules the draft between the view's check and the save.
    Post.objects.filter(pk=draft.pk).update(status=PostStatus.SCHEDULED)
    monkeypatch.setattr(autosave_views, "get_scoped", lambda *args, **kwargs: stale)

    answer = member_client.post(draft_url(workspace, draft), {"text": "Autre chose"})

    assert answer.status_code == 409
    draft.refresh_from_db()
    assert draft.text == "Brioche" and draft.status == PostStatus.SCHEDULED


def test_what_a_draft_cannot_hold_is_explained_and_the_draft_kept(
    member_client, workspace, bluesky
):
    draft = PostFactory(workspace=workspace, text="Brioche", status=PostStatus.DRAFT)

    answer = member_client.post(
        draft_url(workspace, draft),
        {"text": "a" * 301, "accounts": [bluesky.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert answer.status_code == 400
    message = answer.json()["message"]
    assert "301" in message and "300" in message and "martin.bsky.social" in message
    draft.refresh_from_db()
    assert draft.text == "Brioche"


def test_another_workspaces_draft_is_not_found(member_client, workspace):
    elsewhere = PostFactory(workspace=WorkspaceFactory(), status=PostStatus.DRAFT, text="X")

    answer = member_client.post(draft_url(workspace, elsewhere), {"text": "Pris"})

    assert answer.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.text == "X"


def test_a_read_only_member_cannot_autosave(member_factory, workspace):
    _, client = member_factory("readonly")

    answer = client.post(new_url(workspace), {"text": "Pain"})

    assert answer.status_code == 403
    assert not Post.objects.exists()


def test_only_posts_are_accepted(member_client, workspace):
    assert member_client.get(new_url(workspace)).status_code == 405


def test_an_outsider_finds_nothing(workspace):
    client = Client()
    client.force_login(MembershipFactory().user)

    assert client.post(new_url(workspace), {"text": "Pain"}).status_code == 404
