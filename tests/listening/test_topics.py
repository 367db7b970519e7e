"""What to listen to: topics kept per workspace, changed by those who can write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.listening.models import Mention, Topic
from tests.factories import MembershipFactory, MentionFactory, WorkspaceFactory
from tests.listening.conftest import make_topic
from tests.networks.sandbox.conftest import connect_sandbox

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Le Fournil",
    "kind": "competitor",
    "terms": '  "Le Fournil"\n\nfournil orléans\n"Le Fournil"\n',
    "excluded": "recrute",
    "active": "on",
}


def url(workspace, name="topics", *args):
    return reverse(f"listening:{name}", args=[workspace.slug, *args])


def get(client, address, language="en"):
    return client.get(address, HTTP_ACCEPT_LANGUAGE=language)


def test_a_topic_accepts_a_post_with_any_term_and_none_of_the_excluded_words(workspace):
    topic = make_topic(
        workspace, terms='"Boulangerie Martin"\ngalette orléans', excluded="recrute\nNOLA"
    )
    assert topic.accepts('"Boulangerie Martin"', "Vive la BOULANGERIE MARTIN !")
    assert not topic.accepts('"Boulangerie Martin"', "La boulangerie de M. Martin")
    assert topic.accepts("galette orléans", "Une galette à Orleans")  # words in any order
    assert not topic.accepts("galette orléans", "Une galette à Paris")
    assert not topic.accepts('"Boulangerie Martin"', "La Boulangerie Martin recrute")
    assert topic.term_list() == ['"Boulangerie Martin"', "galette orléans"]


def test_a_workspace_never_sees_another_ones_topics_or_mentions(workspace, owner_client):
    other = WorkspaceFactory()
    theirs = make_topic(other, name="Secret")
    MentionFactory(workspace=other, text="Leur affaire", topic_ref=theirs)

    page = get(owner_client, url(workspace)).content.decode()
    assert "Secret" not in page
    listing = get(owner_client, reverse("listening:index", args=[workspace.slug]))
    assert "Leur affaire" not in listing.content.decode()
    # Filtering on their topic's id shows nothing of theirs either.
    by_id = get(
        owner_client, reverse("listening:index", args=[workspace.slug]) + f"?topic={theirs.pk}"
    )
    assert list(by_id.context["page"].object_list) == []
    for name in ("topic_edit", "topic_pause", "topic_delete"):
        address = url(workspace, name, theirs.pk)
        assert owner_client.post(address, NEW).status_code == 404
    assert get(owner_client, url(workspace, "topic_edit", theirs.pk)).status_code == 404
    assert Topic.objects.get(pk=theirs.pk).name == "Secret"
    # Their workspace's address is not found at all for an outsider.
    assert get(owner_client, url(other)).status_code == 404


def test_the_empty_state_says_what_to_add_in_both_languages(workspace, owner_client):
    english = get(owner_client, url(workspace)).content.decode()
    assert "Nothing to listen to yet: add your business name, your town" in english
    assert "No connected account can search yet." in english
    french = get(owner_client, url(workspace), "fr").content.decode()
    assert "Rien à écouter pour l\u2019instant" in french
    listing = get(owner_client, reverse("listening:index", args=[workspace.slug]), "fr")
    assert "Rien à écouter pour l\u2019instant" in listing.content.decode()


def test_a_member_adds_edits_pauses_and_deletes_a_topic(workspace, member_factory):
    membership, client = member_factory("member")
    added = client.post(url(workspace), NEW)
    assert added.status_code == 302
    topic = Topic.objects.get(workspace=workspace)
    assert topic.terms == '"Le Fournil"\nfournil orléans'  # trimmed, blank and repeated lines gone
    assert (topic.kind, topic.excluded, topic.active) == ("competitor", "recrute", True)
    assert topic.created_by == membership

    again = client.post(url(workspace), {**NEW, "name": "le fournil"}, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert "A topic already has this name." in again.content.decode()
    empty = client.post(url(workspace), {**NEW, "name": "Vide", "terms": " \n "})
    assert empty.status_code == 400

    edited = client.post(url(workspace, "topic_edit", topic.pk), {**NEW, "terms": "fournil"})
    assert edited.status_code == 302
    topic.refresh_from_db()
    assert topic.terms == "fournil"

    client.post(url(workspace, "topic_pause", topic.pk))
    topic.refresh_from_db()
    assert not topic.active
    page = get(client, url(workspace)).content.decode()
    assert "Paused" in page and "Resume" in page
    client.post(url(workspace, "topic_pause", topic.pk))
    topic.refresh_from_db()
    assert topic.active

    kept = MentionFactory(workspace=workspace, topic=topic.name, topic_ref=topic)
    assert client.post(url(workspace, "topic_delete", topic.pk)).status_code == 302
    assert not Topic.objects.filter(pk=topic.pk).exists()
    kept.refresh_from_db()
    assert kept.topic == "Le Fournil"  # the mentions found stay


def test_a_read_only_member_only_views(workspace, member_factory):
    topic = make_topic(workspace)
    _, client = member_factory("readonly")
    page = get(client, url(workspace)).content.decode()
    assert "Boulangerie Martin" in page
    assert "Add a topic" not in page and "Delete" not in page
    refused = client.post(url(workspace), NEW, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Read-only members cannot change what is listened to." in refused.content.decode()
    assert client.post(url(workspace, "topic_pause", topic.pk)).status_code == 403
    assert client.post(url(workspace, "topic_delete", topic.pk)).status_code == 403
    assert client.post(url(workspace, "search_now")).status_code == 403
    view = get(client, url(workspace, "topic_edit", topic.pk))
    assert view.status_code == 200 and "<form" not in view.content.decode().split("<main")[-1]
    client.post(url(workspace, "topic_edit", topic.pk), {**NEW, "name": "Changed"})
    topic.refresh_from_db()
    assert topic.name == "Boulangerie Martin" and topic.active


def test_the_list_counts_mentions_per_topic(workspace, owner_client):
    topic = make_topic(workspace)
    make_topic(workspace, name="Orléans", kind="town", terms="Orléans")
    MentionFactory.create_batch(2, workspace=workspace, topic_ref=topic)
    page = get(owner_client, url(workspace)).content.decode()
    assert f'?topic={topic.pk}">2 mentions</a>' in page
    assert "0 mentions" in page


def test_search_now_enqueues_the_workspace_search(workspace, owner_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_path = "comptoir.listening.tasks.search_workspace_now"
    nothing = owner_client.post(
        url(workspace, "search_now"), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "There is nothing to search" in nothing.content.decode()
    make_topic(workspace)
    no_account = owner_client.post(
        url(workspace, "search_now"), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "No connected account can search yet" in no_account.content.decode()
    assert not DBTaskResult.objects.filter(task_path=task_path).exists()

    connect_sandbox(workspace)
    started = owner_client.post(
        url(workspace, "search_now"), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The search has started." in started.content.decode()
    [row] = DBTaskResult.objects.filter(task_path=task_path)
    assert row.args_kwargs["args"] == [workspace.pk]


def test_the_listening_page_filters_by_topic_and_links_to_the_post(workspace, owner_client):
    topic = make_topic(workspace)
    other = make_topic(workspace, name="Orléans", kind="town", terms="Orléans")
    mine = MentionFactory(
        workspace=workspace,
        topic_ref=topic,
        topic=topic.name,
        text="<b>Boulangerie Martin</b> au top",
        url="https://piaille.fr/@lucie/1",
    )
    MentionFactory(
        workspace=workspace,
        topic_ref=other,
        text="Orléans sous la neige",
        url="javascript:alert(1)",
    )
    index = reverse("listening:index", args=[workspace.slug])
    response = get(owner_client, f"{index}?topic={topic.pk}")
    assert [m.pk for m in response.context["page"].object_list] == [mine.pk]
    page = response.content.decode()
    assert "&lt;b&gt;Boulangerie Martin&lt;/b&gt; au top" in page
    assert (
        'href="https://piaille.fr/@lucie/1" target="_blank" rel="noopener noreferrer nofollow"'
        in page
    )
    assert f'?topic={topic.pk}" aria-current="page">Boulangerie Martin (1)</a>' in page
    everything = get(owner_client, index).content.decode()
    assert "javascript:" not in everything
    assert "Orléans (1)" in everything
    # The sentiment and intent filters keep the chosen topic.
    Mention.objects.filter(pk=mine.pk).update(sentiment="positive")
    kept = get(owner_client, f"{index}?topic={topic.pk}&sentiment=negative")
    assert list(kept.context["page"].object_list) == []
    assert f'name="topic" value="{topic.pk}"' in kept.content.decode()


def test_a_member_of_two_workspaces_sees_each_ones_own_topics(workspace, owner):
    second = WorkspaceFactory()
    MembershipFactory(workspace=second, user=owner, role="owner")
    make_topic(workspace, name="Ici")
    make_topic(second, name="Là-bas")
    from django.test import Client

    client = Client()
    client.force_login(owner)
    assert "Là-bas" not in get(client, url(workspace)).content.decode()
    assert "Ici" not in get(client, url(second)).content.decode()


def test_search_now_starts_one_search_per_interval(workspace, owner_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    task_path = "comptoir.listening.tasks.search_workspace_now"
    make_topic(workspace)
    connect_sandbox(workspace)

    def click(language="en"):
        response = owner_client.post(
            url(workspace, "search_now"), follow=True, HTTP_ACCEPT_LANGUAGE=language
        )
        return response.content.decode()

    assert "The search has started." in click()
    assert "A search started less than 5 minutes ago" in click()
    assert "Une recherche a démarré il y a moins de 5 minutes" in click("fr")
    assert DBTaskResult.objects.filter(task_path=task_path).count() == 1

    Topic.objects.filter(workspace=workspace).update(
        search_asked_at=timezone.now() - timedelta(minutes=6)
    )
    assert "The search has started." in click()
    assert DBTaskResult.objects.filter(task_path=task_path).count() == 2
