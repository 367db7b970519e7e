"""Publishing on a real Mastodon-compatible server: media, visibility, content warning,
idempotency, replies, deletion and reconciliation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from comptoir.networks.base import Media, OutgoingPost, capabilities_of
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.mastodon.connector import MastodonConnector
from tests.networks.mastodon.conftest import png


def test_the_connector_declares_every_capability_mastodon_allows():
    assert capabilities_of(MastodonConnector) == [
        "publisher",
        "engagement",
        "messaging",
        "metrics",
        "listener",
        "live_stream",
    ]


def test_publish_text_with_image_alt_text_content_warning_and_visibility(connector, bob):
    post = OutgoingPost(
        text="Galette des rois à la frangipane ce week-end #boulangerie",
        media=(
            Media(
                png(),
                "image/png",
                alt_text="Une galette dorée sur le comptoir",
                filename="galette.png",
            ),
        ),
        options={"visibility": "unlisted", "spoiler_text": "Gourmandise"},
    )
    published = connector.publish(post)

    assert published.remote_id and published.url
    assert published.published_at is not None
    status = bob.status(published.remote_id)
    assert "Galette des rois" in status.content
    assert status.visibility == "unlisted"
    assert status.spoiler_text == "Gourmandise"
    assert len(status.media_attachments) == 1
    assert status.media_attachments[0].description == "Une galette dorée sur le comptoir"
    assert status.media_attachments[0].type == "image"
    assert status.account.username == "alice"


def test_an_unknown_visibility_is_refused_before_anything_is_sent(connector, alice):
    with pytest.raises(NetworkError) as caught:
        connector.publish(OutgoingPost(text="Bonjour", options={"visibility": "friends"}))
    assert caught.value.kind is ErrorKind.VALIDATION
    assert not caught.value.outcome_unknown
    assert alice.account_statuses(alice.me().id) == []


def test_the_same_idempotency_key_publishes_once(connector, alice):
    post = OutgoingPost(text="Ouvert le dimanche matin", idempotency_key="post-42-mastodon")
    first = connector.publish(post)
    again = connector.publish(post)

    assert again.remote_id == first.remote_id
    assert [str(s.id) for s in alice.account_statuses(alice.me().id)] == [first.remote_id]


def test_a_different_key_publishes_again(connector, alice):
    connector.publish(OutgoingPost(text="Fermé lundi", idempotency_key="a"))
    connector.publish(OutgoingPost(text="Fermé lundi", idempotency_key="b"))
    assert len(alice.account_statuses(alice.me().id)) == 2


def test_too_long_a_text_is_a_validation_error(connector):
    with pytest.raises(NetworkError) as caught:
        connector.publish(OutgoingPost(text="é" * 600))
    assert caught.value.kind is ErrorKind.VALIDATION
    assert caught.value.status == 422
    assert not caught.value.safe_to_retry


def test_delete_removes_the_status_and_deleting_twice_is_fine(connector, bob):
    published = connector.publish(OutgoingPost(text="Erreur de prix, pardon"))
    connector.delete(published.remote_id)
    connector.delete(published.remote_id)
    with pytest.raises(Exception, match=r"404|not found|Not Found"):
        bob.status(published.remote_id)


def test_reply_mentions_the_author_and_appears_in_the_thread(connector, bob):
    question = bob.status_post("@alice vous avez encore des croissants ?")
    answer = connector.reply(str(question.id), OutgoingPost(text="Oui, jusqu'à midi !"))

    context = bob.status_context(question.id)
    assert [str(s.id) for s in context.descendants] == [answer.remote_id]
    reply = context.descendants[0]
    assert str(reply.in_reply_to_id) == str(question.id)
    assert "@bob" in reply.content
    assert any(
        n.type == "mention" and str(n.status.id) == answer.remote_id for n in bob.notifications()
    )


def test_a_reply_to_a_private_status_stays_private(connector, bob):
    question = bob.status_post("@alice c'est pour une commande", visibility="private")
    answer = connector.reply(str(question.id), OutgoingPost(text="Bien reçu"))
    assert bob.status(answer.remote_id).visibility == "private"


def test_find_published_recognises_a_post_despite_mentions_and_formatting(connector, alice):
    since = datetime.now(UTC) - timedelta(seconds=5)
    post = OutgoingPost(
        text="Merci @bob@mock.local pour votre visite !\n\nÀ bientôt https://example.com/a?b=1"
    )
    published = connector.publish(post)
    connector.publish(OutgoingPost(text="Un autre message"))

    found = connector.find_published(post, since)
    assert found is not None
    assert found.remote_id == published.remote_id
    assert connector.find_published(OutgoingPost(text="Jamais publié"), since) is None


def test_find_published_does_not_look_before_since(connector):
    post = OutgoingPost(text="Ancien message")
    connector.publish(post)
    assert connector.find_published(post, datetime.now(UTC) + timedelta(hours=1)) is None


def test_a_publish_whose_answer_is_lost_is_reconciled_not_duplicated(
    slow_proxy, alice_account, alice
):
    """The instance stores the status but its answer comes too late: the outcome is
    unknown, the status is found on the account, and publishing again changes nothing."""
    alice_account.server_url = slow_proxy.base_url
    slow = MastodonConnector(alice_account, timeout=0.5, sleep=lambda _s: None)
    post = OutgoingPost(text="Pain aux noix tout chaud", idempotency_key="target-7")
    since = datetime.now(UTC)
    slow_proxy.hold[("POST", "/api/v1/statuses")] = 1.5
    with pytest.raises(NetworkError) as caught:
        slow.publish(post)
    assert caught.value.kind is ErrorKind.NETWORK
    assert caught.value.outcome_unknown
    assert not caught.value.safe_to_retry

    found = slow.find_published(post, since)
    assert found is not None
    # Publishing again with the same key, as the engine does when unsure, is harmless.
    assert slow.publish(post).remote_id == found.remote_id
    assert len(alice.account_statuses(alice.me().id)) == 1


def test_a_publish_that_times_out_before_landing_is_not_found_then_published_once(
    server, alice_account, alice
):
    """The emulator holds the request until the client gives up: nothing was stored, so
    reconciliation finds nothing and the engine's retry with the same key publishes once."""
    slow = MastodonConnector(alice_account, timeout=0.5, sleep=lambda _s: None)
    post = OutgoingPost(text="Brioche du samedi", idempotency_key="target-8")
    since = datetime.now(UTC)
    with (
        server.fault(path="/api/v1/statuses", methods=["POST"], type="timeout", count=1),
        pytest.raises(NetworkError) as caught,
    ):
        slow.publish(post)
    assert caught.value.outcome_unknown

    assert slow.find_published(post, since) is None
    published = slow.publish(post)
    assert slow.publish(post).remote_id == published.remote_id
    assert [str(s.id) for s in alice.account_statuses(alice.me().id)] == [published.remote_id]


def test_a_malformed_answer_to_a_publish_is_an_unknown_outcome(server, connector):
    with (
        server.fault(path="/api/v1/statuses", methods=["POST"], type="malformed", count=1),
        pytest.raises(NetworkError) as caught,
    ):
        connector.publish(OutgoingPost(text="Bonjour", idempotency_key="k"))
    assert caught.value.kind is ErrorKind.UNKNOWN
    assert caught.value.outcome_unknown


def test_a_server_error_on_publish_is_not_retried(server, connector, sleeps):
    with (
        server.fault(path="/api/v1/statuses", methods=["POST"], status=503, count=1),
        pytest.raises(NetworkError) as caught,
    ):
        connector.publish(OutgoingPost(text="Bonjour"))
    assert caught.value.kind is ErrorKind.SERVER
    assert caught.value.outcome_unknown  # a 5xx may come after the status was stored
    assert sleeps == []
    # The fault was used once: nothing was sent a second time behind our back.
    assert (
        connector.find_published(
            OutgoingPost(text="Bonjour"), datetime.now(UTC) - timedelta(minutes=1)
        )
        is None
    )


def test_a_rejected_image_is_a_media_error_and_nothing_is_published(server, connector, alice):
    with (
        server.fault(
            path="/api/v2/media",
            methods=["POST"],
            status=422,
            body={"error": "Validation failed: File content type is invalid"},
        ),
        pytest.raises(NetworkError) as caught,
    ):
        connector.publish(OutgoingPost(text="Photo", media=(Media(b"nope", "image/png"),)))
    assert caught.value.kind is ErrorKind.MEDIA_PROCESSING
    assert not caught.value.outcome_unknown
    assert alice.account_statuses(alice.me().id) == []


def test_a_broken_answer_to_an_upload_leaves_the_publish_safe_to_retry(server, connector, alice):
    with (
        server.fault(path="/api/v2/media", methods=["POST"], type="malformed"),
        pytest.raises(NetworkError) as caught,
    ):
        connector.publish(OutgoingPost(text="Photo", media=(Media(png(), "image/png"),)))
    assert caught.value.safe_to_retry
    assert alice.account_statuses(alice.me().id) == []
