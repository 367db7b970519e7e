"""The library pages, and images in the composer up to the engine's outgoing post."""

from __future__ import annotations

import html
import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from comptoir.media import checks
from comptoir.media.checks import ALT_MISSING, count_problems
from comptoir.media.models import MediaItem, PostMedia
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.publishing import engine
from comptoir.publishing.composer import account_label
from comptoir.publishing.models import Post, PostStatus, TargetStatus
from tests.media.factories import MediaItemFactory, image_bytes

pytestmark = pytest.mark.django_db


def fr(text: str) -> str:
    """``text`` as the French interface (the default language) shows it."""
    with translation.override("fr"):
        return translation.gettext(text)


def too_many(account: ConnectedAccount, count: int) -> str:
    with translation.override("fr"):
        return count_problems(account, account_label(account), count)[0]


def url(name: str, workspace, *args) -> str:
    return reverse(f"media:{name}", args=[workspace.slug, *args])


def account(workspace, network: str, handle: str) -> ConnectedAccount:
    return ConnectedAccount.objects.create(
        workspace=workspace, network=network, remote_id=handle, handle=handle
    )


@pytest.fixture
def member_client(member_factory):
    return member_factory("member")[1]


def photo(name: str = "vitrine.png", size=(60, 40), fmt: str = "PNG") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(*size, fmt=fmt), content_type="image/png")


# --- The library ----------------------------------------------------------------------


def test_the_library_is_reached_from_the_publish_page_and_says_when_it_is_empty(
    member_client, workspace
):
    page = member_client.get(reverse("publishing:index", args=[workspace.slug])).content.decode()
    assert url("index", workspace) in page
    page = member_client.get(url("index", workspace)).content.decode()
    assert 'class="empty"' in page


def test_upload_describe_and_see_an_image(member_client, workspace):
    response = member_client.post(
        url("index", workspace), {"file": photo(), "alt_text": "La vitrine de Noël"}
    )
    assert response.status_code == 302
    item = MediaItem.objects.get(workspace=workspace)
    assert (item.original_name, item.alt_text, item.width) == (
        "vitrine.png",
        "La vitrine de Noël",
        60,
    )

    page = member_client.get(url("index", workspace)).content.decode()
    assert url("thumbnail", workspace, item.pk) in page and "La vitrine de Noël" in page

    original = member_client.get(url("file", workspace, item.pk))
    assert original["Content-Type"] == "image/png"
    assert original["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(original.content)).size == (60, 40)
    thumb = member_client.get(url("thumbnail", workspace, item.pk))
    assert thumb["Content-Type"] == "image/jpeg"

    member_client.post(url("describe", workspace, item.pk), {"alt_text": "  Vitrine  "})
    item.refresh_from_db()
    assert item.alt_text == "Vitrine"


def test_a_bad_upload_says_why_and_keeps_nothing(member_client, workspace):
    bad = SimpleUploadedFile("facture.pdf", b"%PDF-1.7 pas une image", content_type="image/png")
    response = member_client.post(url("index", workspace), {"file": bad}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    not_image = fr("This file is not an image Comptoir can read (JPEG, PNG, WebP or GIF).")
    assert not_image in html.unescape(response.content.decode())
    assert not MediaItem.objects.exists()


def test_read_only_members_see_the_library_but_cannot_change_it(member_factory, workspace):
    item = MediaItemFactory(workspace=workspace)
    _, reader = member_factory("readonly")
    assert reader.get(url("index", workspace)).status_code == 200
    assert reader.get(url("file", workspace, item.pk)).status_code == 200
    assert reader.post(url("index", workspace), {"file": photo()}).status_code == 403
    assert reader.post(url("delete", workspace, item.pk)).status_code == 403
    assert MediaItem.objects.count() == 1


def test_an_image_of_a_scheduled_post_cannot_be_deleted(
    member_client, workspace, django_capture_on_commit_callbacks
):
    item = MediaItemFactory(workspace=workspace)
    post = Post.objects.create(workspace=workspace, text="Bientôt", status=PostStatus.SCHEDULED)
    PostMedia.objects.create(workspace=workspace, post=post, media=item)

    response = member_client.post(url("delete", workspace, item.pk), follow=True)
    in_use = fr(
        "This image is used by a scheduled post. Cancel or change that post before "
        "deleting the image."
    )
    assert in_use in html.unescape(response.content.decode())
    assert MediaItem.objects.filter(pk=item.pk).exists()

    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    path = Path(item.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url("delete", workspace, item.pk))
    assert not MediaItem.objects.filter(pk=item.pk).exists()
    assert not PostMedia.objects.exists()
    assert not path.exists()


# --- The composer ---------------------------------------------------------------------


def compose(client, workspace, **data):
    data.setdefault("action", "now")
    return client.post(reverse("publishing:compose", args=[workspace.slug]), data)


def test_publishing_an_image_without_description_is_refused(member_client, workspace):
    sandbox = account(workspace, "sandbox", "martin")
    item = MediaItemFactory(workspace=workspace, alt_text="")
    response = compose(
        member_client, workspace, text="Nouveau pain", accounts=[sandbox.pk], media=[item.pk]
    )
    assert response.status_code == 200
    assert fr(str(ALT_MISSING)) in html.unescape(response.content.decode())
    assert not Post.objects.exists()

    draft = compose(
        member_client,
        workspace,
        text="Nouveau pain",
        accounts=[sandbox.pk],
        media=[item.pk],
        action="draft",
    )
    assert draft.status_code == 302  # a draft may wait for its description
    assert PostMedia.objects.get().media == item


def test_too_many_images_for_a_network_are_refused_per_account(member_client, workspace):
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    items = [MediaItemFactory(workspace=workspace) for _ in range(5)]
    response = compose(
        member_client,
        workspace,
        text="Cinq photos",
        accounts=[bluesky.pk],
        media=[i.pk for i in items],
    )
    assert too_many(bluesky, 5) in html.unescape(response.content.decode())
    assert not Post.objects.exists()


def test_the_live_counters_show_images_per_account(member_client, workspace):
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    items = [MediaItemFactory(workspace=workspace) for _ in range(5)]
    response = member_client.post(
        reverse("publishing:counters", args=[workspace.slug]),
        {"text": "Photos", "accounts": [bluesky.pk], "media": [i.pk for i in items]},
    )
    page = html.unescape(response.content.decode())
    assert "5 images / 4" in page and too_many(bluesky, 5) in page


def test_images_go_with_the_post_in_order_with_their_descriptions(member_client, workspace):
    sandbox = account(workspace, "sandbox", "martin")
    first = MediaItemFactory(workspace=workspace, alt_text="")
    second = MediaItemFactory(workspace=workspace, alt_text="Le fournil")
    response = compose(
        member_client,
        workspace,
        text="Deux photos",
        accounts=[sandbox.pk],
        media=[second.pk, first.pk],
        **{f"alt_{first.pk}": "Des croissants dorés", f"alt_{second.pk}": ""},
    )
    assert response.status_code == 302
    created = Post.objects.get()
    links = list(created.media_links.all())
    assert [(link.media, link.description) for link in links] == [
        (second, "Le fournil"),
        (first, "Des croissants dorés"),
    ]
    first.refresh_from_db()
    assert first.alt_text == "Des croissants dorés"  # the library learns it for next time

    target = created.targets.get()
    outgoing = engine.outgoing(target)
    assert [m.alt_text for m in outgoing.media] == ["Le fournil", "Des croissants dorés"]
    assert all(m.mime_type == "image/png" and m.content for m in outgoing.media)

    assert target.pk in engine.due_target_ids()
    assert engine.publish_target(target.pk, "w") == TargetStatus.PUBLISHED
    assert SandboxPost.objects.get(workspace=workspace).media_count == 2
    detail = member_client.get(reverse("publishing:detail", args=[workspace.slug, created.pk]))
    assert 'alt="Des croissants dorés"' in detail.content.decode()


def test_an_image_added_from_the_composer_joins_the_library_chosen(member_client, workspace):
    response = member_client.post(url("attach", workspace), {"upload": photo("four.png")})
    item = MediaItem.objects.get(workspace=workspace)
    row = response.content.decode()
    assert f'name="media" value="{item.pk}" checked' in row
    assert f'name="alt_{item.pk}"' in row

    bad = SimpleUploadedFile("x.png", b"nope", content_type="image/png")
    response = member_client.post(url("attach", workspace), {"upload": bad})
    assert response["HX-Retarget"] == "#composer-upload-error"
    not_image = fr("This file is not an image Comptoir can read (JPEG, PNG, WebP or GIF).")
    assert not_image in html.unescape(response.content.decode())
    assert MediaItem.objects.count() == 1


def test_a_draft_keeps_its_images_when_edited(member_client, workspace):
    sandbox = account(workspace, "sandbox", "martin")
    item = MediaItemFactory(workspace=workspace, alt_text="Baguettes")
    compose(
        member_client,
        workspace,
        text="Brouillon",
        accounts=[sandbox.pk],
        media=[item.pk],
        action="draft",
        **{f"alt_{item.pk}": "Trois baguettes"},
    )
    draft = Post.objects.get()
    page = member_client.get(reverse("publishing:edit", args=[workspace.slug, draft.pk]))
    text = page.content.decode()
    assert f'value="{item.pk}" checked' in text and "Trois baguettes" in text


def test_the_composer_offers_the_chosen_images_then_the_latest(member_client, workspace):
    account(workspace, "sandbox", "martin")
    items = [MediaItemFactory(workspace=workspace, alt_text="") for _ in range(26)]
    page = member_client.get(reverse("publishing:compose", args=[workspace.slug]))
    assert page.content.decode().count('name="media"') == 24

    oldest = items[0]
    response = compose(member_client, workspace, text="", media=[oldest.pk])  # refused: no text
    rows = response.content.decode()
    assert rows.count('name="media"') == 24
    assert rows.index(f'value="{oldest.pk}" checked') < rows.index(f'value="{items[-1].pk}"')


def test_each_occurrence_of_a_repeating_post_carries_the_images(member_client, workspace):
    sandbox = account(workspace, "sandbox", "martin")
    item = MediaItemFactory(workspace=workspace, alt_text="Le pain du vendredi")
    response = compose(
        member_client,
        workspace,
        text="Pain du vendredi",
        accounts=[sandbox.pk],
        media=[item.pk],
        action="schedule",
        when="2030-03-22T09:00",
        repeat="weeks",
        repeat_interval="1",
        repeat_count="3",
    )
    assert response.status_code == 302
    posts = list(Post.objects.order_by("occurrence"))
    assert [p.occurrence for p in posts] == [1, 2, 3]
    assert [[link.media for link in p.media_links.all()] for p in posts] == [[item]] * 3


def test_a_shape_the_network_refuses_is_named_live_and_on_publishing(
    member_client, workspace, monkeypatch
):
    real = checks.get_network

    def square_ish(slug: str):  # a network that takes 4:5 to 1.91:1, as Instagram does
        spec = real(slug)
        return replace(spec, limits=replace(spec.limits, image_aspect=(0.8, 1.91)))

    monkeypatch.setattr(checks, "get_network", square_ish)
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    wide = MediaItemFactory(workspace=workspace, original_name="vitrine.png", width=40, height=30)
    tall = MediaItemFactory(workspace=workspace, original_name="affiche.png", width=30, height=100)
    with translation.override("fr"):
        expected = checks.aspect_problems(
            bluesky, account_label(bluesky), [("affiche.png", 30, 100)]
        )
    assert "0,3" in expected[0] and "1,91" in expected[0]

    live = member_client.post(
        reverse("publishing:counters", args=[workspace.slug]),
        {"text": "Affiche", "accounts": [bluesky.pk], "media": [wide.pk, tall.pk]},
    )
    assert html.unescape(live.content.decode()).count(expected[0]) == 1

    response = compose(
        member_client,
        workspace,
        text="Affiche",
        accounts=[bluesky.pk],
        media=[wide.pk, tall.pk],
    )
    assert expected[0] in html.unescape(response.content.decode())
    assert not Post.objects.exists()
