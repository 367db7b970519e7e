"""The composer's preview: each network's rich text, links as shown, the limit, the images."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.media.compose import Attachment
from comptoir.media.models import MediaItem
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import preview
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workspace():
    return WorkspaceFactory(name="Boulangerie Martin", utm_enabled=False)


def account(workspace, network: str, handle: str, name: str = "") -> ConnectedAccount:
    return ConnectedAccount.objects.create(
        workspace=workspace, network=network, remote_id=handle, handle=handle, display_name=name
    )


def kinds(built: preview.Preview) -> list[tuple[str, str]]:
    return [(piece.kind, piece.text) for piece in built.pieces if piece.kind != preview.TEXT]


def test_bluesky_shows_what_its_facets_will_link(workspace):
    bluesky = account(workspace, "bluesky", "martin.bsky.social", "Boulangerie Martin")
    text = "Galette ce week-end #épiphanie avec @paul.bsky.social, carte : boulangerie-martin.fr."
    built = preview.build(bluesky, text)

    assert kinds(built) == [
        ("tag", "#épiphanie"),
        ("mention", "@paul.bsky.social"),
        ("link", "boulangerie-martin.fr"),
    ]
    link = next(piece for piece in built.pieces if piece.kind == preview.LINK)
    assert link.target == "https://boulangerie-martin.fr"
    assert "".join(piece.text for piece in built.pieces) == text
    assert (built.name, built.handle, built.initial) == (
        "Boulangerie Martin",
        "@martin.bsky.social",
        "B",
    )
    assert not built.over


def test_mastodon_links_only_full_addresses_and_shortens_them(workspace):
    mastodon = account(workspace, "mastodon", "@martin@piaille.fr")
    address = "https://www.boulangerie-martin.fr/carte/galettes-des-rois-2027"
    text = f"Voir {address} ou boulangerie-martin.fr, merci @paul@mastodon.social ! #galette"
    built = preview.build(mastodon, text)

    assert kinds(built) == [
        ("link", "boulangerie-martin.fr/carte/ga…"),
        ("mention", "@paul@mastodon.social"),
        ("tag", "#galette"),
    ]
    assert built.pieces[1].target == address
    assert built.handle == "@martin@piaille.fr"
    assert built.name == "martin@piaille.fr"


def test_the_part_past_the_limit_is_marked(workspace):
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    text = "👑" * 298 + "abcd"  # 302 graphemes, 300 allowed
    built = preview.build(bluesky, text)

    assert built.over
    fitting = "".join(piece.text for piece in built.pieces if not piece.over)
    past = "".join(piece.text for piece in built.pieces if piece.over)
    assert (fitting, past) == ("👑" * 298 + "ab", "cd")


def test_a_link_counted_as_23_characters_fits_however_long(workspace):
    mastodon = account(workspace, "mastodon", "@martin@piaille.fr")
    text = "a" * 470 + " https://boulangerie-martin.fr/" + "x" * 200
    assert not preview.build(mastodon, text).over
    assert preview.build(mastodon, "a" * 501).over


def test_links_carry_the_workspaces_utm_parameters():
    workspace = WorkspaceFactory(utm_enabled=True)
    sandbox = account(workspace, "sandbox", "martin")
    built = preview.build(sandbox, "Notre carte : https://boulangerie-martin.fr/carte")

    link = next(piece for piece in built.pieces if piece.kind == preview.LINK)
    assert "utm_source=sandbox" in link.target
    assert link.text == link.target


def test_no_more_images_than_the_network_takes(workspace):
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    images = [Attachment(MediaItem(pk=n), f"photo {n}") for n in range(1, 6)]
    assert len(preview.build(bluesky, "Cinq photos", images).images) == 4


def test_the_composer_previews_the_chosen_accounts_only(client, workspace):
    member = MembershipFactory(workspace=workspace).user
    bluesky = account(workspace, "bluesky", "martin.bsky.social")
    account(workspace, "mastodon", "@martin@piaille.fr")
    client.force_login(member)

    response = client.post(
        reverse("publishing:counters", args=[workspace.slug]),
        {"text": "<script>alert(1)</script> #pain", "accounts": [bluesky.pk]},
    )

    body = response.content.decode()
    assert 'id="previews" hx-swap-oob="innerHTML"' in body
    assert body.count("data-preview-for=") == 1
    assert f'data-preview-for="{bluesky.pk}"' in body
    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '<span class="piece-tag">#pain</span>' in body
