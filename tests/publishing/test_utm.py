"""Campaign tags on links: what is added, what is left alone, and that limits still hold."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.networks.bluesky.facets import build_facets, facet_text
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import composer
from comptoir.publishing.models import PostTarget
from comptoir.publishing.utm import add_utm
from tests.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db

TAGS = "utm_source=bluesky&utm_medium=social&utm_campaign=comptoir"


@pytest.fixture
def ws(db):
    return WorkspaceFactory()


def test_a_bare_link_gets_the_three_parameters(ws):
    assert add_utm("Voir https://boulangerie.fr/carte", "bluesky", ws) == (
        f"Voir https://boulangerie.fr/carte?{TAGS}"
    )


def test_existing_parameters_and_fragment_are_kept(ws):
    text = "Menu: https://b.fr/menu?jour=lundi&x=1#desserts ici"
    assert add_utm(text, "bluesky", ws) == (
        f"Menu: https://b.fr/menu?jour=lundi&x=1&{TAGS}#desserts ici"
    )


def test_an_existing_utm_parameter_wins(ws):
    text = "https://b.fr/?utm_source=affiche&utm_campaign=noel"
    assert add_utm(text, "mastodon", ws) == (
        "https://b.fr/?utm_source=affiche&utm_campaign=noel&utm_medium=social"
    )


def test_tagging_twice_changes_nothing(ws):
    once = add_utm("A https://a.fr et http://b.fr/x?y=1.", "mastodon", ws)
    assert add_utm(once, "mastodon", ws) == once
    assert add_utm(once, "bluesky", ws) == once  # already tagged: the first tags stay


def test_every_link_is_tagged_and_punctuation_stays_outside(ws):
    text = "Deux liens : https://a.fr/pain, (https://b.fr/gateau) et https://c.fr/tarte!"
    tagged = add_utm(text, "bluesky", ws)
    assert tagged == (
        f"Deux liens : https://a.fr/pain?{TAGS}, (https://b.fr/gateau?{TAGS}) "
        f"et https://c.fr/tarte?{TAGS}!"
    )


def test_what_is_not_an_http_link_is_untouched(ws):
    text = (
        "Écrivez à contact@b.fr, ftp://b.fr/f, mailto:a@b.fr, boulangerie.fr, "
        "#https://b.fr/tag @https://b.fr/x et @boulangerie.bsky.social #pain"
    )
    assert add_utm(text, "bluesky", ws) == text


def test_templates_use_the_network_and_are_encoded(ws):
    ws.utm_source, ws.utm_medium, ws.utm_campaign = "cmp-{network}", "", "soldes été"
    assert add_utm("https://b.fr", "mastodon", ws) == (
        "https://b.fr?utm_source=cmp-mastodon&utm_campaign=soldes%20%C3%A9t%C3%A9"
    )


def test_bluesky_facet_covers_the_whole_tagged_link(ws):
    tagged = add_utm("Notre carte : https://boulangerie.fr/carte.", "bluesky", ws)
    (facet,) = build_facets(tagged, lambda handle: None)
    assert facet.kind == "link" and facet.value.endswith("utm_campaign=comptoir")
    assert facet_text(tagged, facet) == facet.value


# --- In the composer -----------------------------------------------------------------------


def account(workspace, network, handle):
    return ConnectedAccount.objects.create(
        workspace=workspace, network=network, remote_id=handle, handle=handle
    )


def test_the_saved_text_is_tagged_when_the_workspace_wants_it(owner_client, workspace):
    bluesky = account(workspace, "bluesky", "b.bsky.social")
    owner_client.post(
        reverse("publishing:compose", args=[workspace.slug]),
        {"text": "Voir https://b.fr/carte", "accounts": [bluesky.pk], "action": "now"},
    )
    assert PostTarget.objects.get().text == f"Voir https://b.fr/carte?{TAGS}"


def test_nothing_is_tagged_when_disabled(owner_client, workspace):
    workspace.utm_enabled = False
    workspace.save()
    bluesky = account(workspace, "bluesky", "b.bsky.social")
    owner_client.post(
        reverse("publishing:compose", args=[workspace.slug]),
        {"text": "Voir https://b.fr/carte", "accounts": [bluesky.pk], "action": "now"},
    )
    assert PostTarget.objects.get().text == "Voir https://b.fr/carte"


def test_limits_are_checked_on_the_tagged_text(workspace):
    bluesky = account(workspace, "bluesky", "b.bsky.social")
    mastodon = account(workspace, "mastodon", "b@piaille.fr")
    link = "https://b.fr/carte"
    fits_untagged = "x" * (300 - len(link) - 1) + " " + link  # 300 before tagging
    assert composer.measure(bluesky, fits_untagged).over
    assert composer.problems_for(bluesky, fits_untagged)
    # Mastodon counts any link as 23 characters, tagged or not.
    text = "x" * 476 + " " + link
    assert composer.measure(mastodon, text).length == 500
    assert not composer.problems_for(mastodon, text)
