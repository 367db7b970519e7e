"""Listening against real servers: a public post with a topic's word is found, once.

The local Bluesky network (PDS and AppView, whose search indexes asynchronously) and the
Mastodon emulator (its search and hashtag timelines) play the networks; someone else
writes the posts, and the periodic job's own code searches for them.
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from atproto import models

from comptoir.listening.models import Mention, Topic
from comptoir.listening.search import search_workspace
from tests.listening.conftest import make_topic
from tests.peer_fixtures import (
    BlueskyBusiness,
    MastodonBusiness,
    bluesky_business,
    bluesky_login,
    bluesky_network,
    mastodon_business,
    mastodon_server,
    peers_allowed,
)
from tests.peers.bluesky_network import BlueskyNetwork, wait_for

__all__ = [
    "bluesky_business",
    "bluesky_network",
    "mastodon_business",
    "mastodon_server",
    "peers_allowed",
]

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def stored(workspace: Any) -> list[Mention]:
    return list(Mention.objects.for_workspace(workspace).order_by("pk"))


def test_a_bluesky_post_with_the_term_is_found_and_stored_once(
    workspace: Any, bluesky_network: BlueskyNetwork, bluesky_business: BlueskyBusiness
) -> None:
    word = f"fournil{secrets.token_hex(3)}"
    topic = make_topic(workspace, name="Fournil", terms=word, excluded="recrute")
    _handle, _did, _password, customer = bluesky_login(bluesky_network, "lucie")
    wanted = customer.send_post(f"Le pain du {word} est incroyable ce matin !")
    customer.send_post(f"Le {word} recrute un apprenti")

    def indexed() -> bool:
        params = models.AppBskyFeedSearchPosts.Params(q=word)
        return len(customer.app.bsky.feed.search_posts(params).posts) == 2

    wait_for(indexed, what="the AppView to index both posts for search")

    assert search_workspace(workspace).mentions == 1
    [mention] = stored(workspace)
    assert mention.remote_id == wanted.uri
    assert mention.network == "bluesky"
    assert mention.topic_ref == topic
    assert mention.account == bluesky_business.account
    assert mention.text == f"Le pain du {word} est incroyable ce matin !"
    assert mention.link.startswith("https://")
    assert mention.labelled_by == "model"

    # Again, then again from scratch: the post is never stored twice.
    assert search_workspace(workspace).mentions == 0
    Topic.objects.filter(pk=topic.pk).update(cursors={})
    assert search_workspace(workspace).mentions == 0
    assert len(stored(workspace)) == 1
    bluesky_business.account.refresh_from_db()
    assert bluesky_business.account.status == "active"


def test_mastodon_posts_are_found_by_word_and_by_hashtag(
    workspace: Any, mastodon_business: MastodonBusiness
) -> None:
    word = f"fournil{secrets.token_hex(3)}"
    tag = f"Orleans{secrets.token_hex(2)}"
    make_topic(workspace, name="Fournil", terms=f"{word}\n#{tag}", excluded="recrute")
    bob = mastodon_business.reader
    by_word = bob.status_post(f"La galette du {word}, un délice")
    bob.status_post(f"Le {word} recrute")
    by_tag = bob.status_post(f"Marché de Noël ce soir #{tag}")

    assert search_workspace(workspace).mentions == 2
    assert {m.remote_id for m in stored(workspace)} == {str(by_word["id"]), str(by_tag["id"])}
    assert all(m.network == "mastodon" and m.link.startswith("http") for m in stored(workspace))

    later = bob.status_post(f"Encore le {word}, toujours aussi bon")
    assert search_workspace(workspace).mentions == 1
    assert str(later["id"]) in {m.remote_id for m in stored(workspace)}
    assert search_workspace(workspace).mentions == 0
