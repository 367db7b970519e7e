"""Reading what reaches the account: notifications, direct conversations, search results
and counters, incrementally with cursors."""

from __future__ import annotations

import json

from comptoir.networks.base import OutgoingPost


def test_a_mention_arrives_with_plain_text_and_the_cursor_moves_on(connector, bob):
    bob.status_post("Bonjour @alice, <b>vos</b> croissants sont délicieux ! #miam")

    first = connector.fetch_since(None)
    assert len(first.items) == 1
    item = first.items[0]
    assert item.kind == "mention"
    assert item.author.handle == "@bob@mock.local"
    assert item.author.display_name == "Bob"
    assert item.text == "Bonjour @alice, <b>vos</b> croissants sont délicieux ! #miam"
    assert item.raw["status"]["content"].startswith("<p>")
    json.dumps(item.raw)  # storable as it is
    assert item.created_at.tzinfo is not None
    assert first.cursor

    again = connector.fetch_since(first.cursor)
    assert again.items == []
    assert again.cursor == first.cursor


def test_only_new_notifications_come_after_the_cursor(connector, bob, carol):
    bob.status_post("@alice premier")
    cursor = connector.fetch_since(None).cursor
    carol.status_post("@alice deuxième")
    bob.status_post("@alice troisième")

    batch = connector.fetch_since(cursor)
    assert [i.text for i in batch.items] == ["@alice deuxième", "@alice troisième"]
    assert connector.fetch_since(batch.cursor).items == []


def test_more_than_a_page_of_notifications_is_read_without_loss(connector, bob):
    cursor = connector.fetch_since(None).cursor
    for number in range(41):
        bob.status_post(f"@alice message {number}")
    batch = connector.fetch_since(cursor)
    assert [i.text for i in batch.items] == [f"@alice message {n}" for n in range(41)]


def test_a_reply_to_the_account_is_a_reply(connector, bob):
    published = connector.publish(OutgoingPost(text="Nouveau : pain au levain"))
    bob.status_post("@alice il a l'air bon !", in_reply_to_id=published.remote_id)

    [item] = connector.fetch_since(None).items
    assert item.kind == "reply"
    assert item.in_reply_to == published.remote_id


def test_favourites_boosts_and_follows_are_reported(connector, bob, carol):
    published = connector.publish(OutgoingPost(text="Fermeture exceptionnelle lundi"))
    bob.status_favourite(published.remote_id)
    carol.status_reblog(published.remote_id)
    carol.account_follow(bob.account_lookup("alice").id)

    items = connector.fetch_since(None).items
    kinds = {(i.kind, i.author.handle) for i in items}
    assert ("like", "@bob@mock.local") in kinds
    assert ("repost", "@carol@mock.local") in kinds
    assert ("follow", "@carol@mock.local") in kinds
    like = next(i for i in items if i.kind == "like")
    assert like.in_reply_to == published.remote_id
    assert like.remote_id.startswith("notification:")


def test_direct_messages_come_through_conversations_not_notifications(connector, bob):
    bob.status_post("@alice bonjour, vous livrez à Olivet ?", visibility="direct")

    assert connector.fetch_since(None).items == []
    batch = connector.fetch_messages(None)
    [message] = batch.items
    assert message.kind == "direct"
    assert message.text == "@alice bonjour, vous livrez à Olivet ?"
    assert message.thread_id == message.remote_id
    assert connector.fetch_messages(batch.cursor).items == []


def test_answering_a_direct_thread_and_reading_the_follow_up(connector, bob):
    question = bob.status_post("@alice vous livrez à Olivet ?", visibility="direct")
    batch = connector.fetch_messages(None)
    thread = batch.items[0].thread_id

    sent = connector.send_message(thread, "Oui, le mardi et le vendredi.")
    answer = bob.status(sent.remote_id)
    assert answer.visibility == "direct"
    assert str(answer.in_reply_to_id) == str(question.id)
    assert "@bob" in answer.content
    assert any(str(n.status.id) == sent.remote_id for n in bob.notifications())

    follow_up = bob.status_post(
        "@alice parfait, merci !", visibility="direct", in_reply_to_id=sent.remote_id
    )
    later = connector.fetch_messages(batch.cursor)
    assert [m.remote_id for m in later.items] == [str(follow_up.id)]
    assert later.items[0].thread_id == thread  # same thread, whatever the conversation id
    assert connector.fetch_messages(later.cursor).items == []


def test_hashtag_search_returns_new_public_posts_of_others(connector, bob, carol):
    bob.status_post("Meilleure galette de la ville #Orleans")
    connector.publish(OutgoingPost(text="Nos galettes #Orleans"))
    first = connector.search("#Orleans", None)
    assert [i.author.handle for i in first.items] == ["@bob@mock.local"]
    assert first.items[0].kind == "mention"

    carol.status_post("Marché de Noël #orleans")
    bob.status_post("Rien à voir #paris")
    later = connector.search("#Orleans", first.cursor)
    assert [i.text for i in later.items] == ["Marché de Noël #orleans"]
    assert connector.search("#Orleans", later.cursor).items == []


def test_word_search_uses_the_instance_search(connector, bob):
    bob.status_post("La boulangerie Martin fait les meilleurs croissants")
    bob.status_post("Autre chose")
    batch = connector.search("croissants", None)
    assert [i.text for i in batch.items] == ["La boulangerie Martin fait les meilleurs croissants"]
    assert connector.search("croissants", batch.cursor).items == []


def test_post_metrics_count_favourites_boosts_and_replies(connector, bob, carol):
    published = connector.publish(OutgoingPost(text="Concours : gagnez une galette"))
    quiet = connector.publish(OutgoingPost(text="Horaires d'hiver"))
    bob.status_favourite(published.remote_id)
    carol.status_favourite(published.remote_id)
    carol.status_reblog(published.remote_id)
    bob.status_post("@alice je participe !", in_reply_to_id=published.remote_id)
    deleted = connector.publish(OutgoingPost(text="Supprimé"))
    connector.delete(deleted.remote_id)

    metrics = connector.post_metrics([published.remote_id, quiet.remote_id, deleted.remote_id])
    assert [(m.remote_id, m.likes, m.reposts, m.replies) for m in metrics] == [
        (published.remote_id, 2, 1, 1),
        (quiet.remote_id, 0, 0, 0),
    ]
