"""The conversation list: what each tab and filter shows, overdue ones first, pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.inbox import listing
from comptoir.inbox.models import Label
from comptoir.nlp.forms import language_choices
from tests.factories import ConversationFactory, MembershipFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def always_open(workspace):
    """Waiting time counts opening hours; a shop that never closes makes it plain time."""
    workspace.business_hours = {}
    workspace.save()


@pytest.fixture
def me(workspace):
    return MembershipFactory(workspace=workspace, role="member")


@pytest.fixture
def client_of_me(client, me):
    client.force_login(me.user)
    return client


def talk(workspace, name, text, *, ago=timedelta(minutes=5), **conversation):
    """One conversation with one received message, ``ago`` before now."""
    at = timezone.now() - ago
    item = ConversationFactory(
        workspace=workspace,
        person__display_name=name,
        started_at=at,
        last_message_at=at,
        **conversation,
    )
    MessageFactory(
        workspace=workspace,
        conversation=item,
        person=item.person,
        network=item.network,
        text=text,
        received_at=at,
    )
    return item


def names(client, workspace, **params):
    response = client.get(reverse("inbox:index", args=[workspace.slug]), params)
    assert response.status_code == 200
    return [row.person.display_name for row in response.context["listing"].rows]


def test_one_row_per_conversation_newest_first_with_its_latest_message(workspace, client_of_me):
    older = talk(workspace, "Ancienne", "Bonjour", ago=timedelta(hours=1))
    MessageFactory(
        workspace=workspace,
        conversation=older,
        person=older.person,
        text="Et le pain aux noix ?",
        received_at=timezone.now() - timedelta(minutes=50),
    )
    talk(workspace, "Récente", "Merci !")
    response = client_of_me.get(reverse("inbox:index", args=[workspace.slug]))
    page = response.content.decode()
    assert names(client_of_me, workspace) == ["Récente", "Ancienne"]
    assert "Et le pain aux noix ?" in page
    assert "Bonjour" not in page  # one row per conversation, showing its latest message


def test_overdue_conversations_rise_to_the_top_with_a_badge(workspace, client_of_me):
    workspace.response_target_minutes = 30
    workspace.save()
    now = timezone.now()
    talk(workspace, "Fraîche", "Ouvert ?", ago=timedelta(minutes=1), waiting_since=now)
    talk(
        workspace,
        "En retard",
        "Toujours rien ?",
        ago=timedelta(hours=3),
        waiting_since=now - timedelta(hours=3),
    )
    talk(
        workspace,
        "Close",
        "Spam",
        ago=timedelta(hours=4),
        waiting_since=now - timedelta(hours=4),
        status="done",
    )
    assert names(client_of_me, workspace) == ["En retard", "Fraîche"]
    page = client_of_me.get(reverse("inbox:index", args=[workspace.slug])).content.decode()
    assert page.count("En retard</span>") == 1  # the badge, once
    # A closed conversation is never overdue, even if nobody answered it.
    assert names(client_of_me, workspace, tab="done") == ["Close"]
    assert (
        "En retard</span>"
        not in client_of_me.get(
            reverse("inbox:index", args=[workspace.slug]), {"tab": "done"}
        ).content.decode()
    )


def test_tabs(workspace, me, client_of_me):
    talk(workspace, "Nouvelle", "a", status="new")
    talk(workspace, "Ouverte", "b", status="open", assignee=me)
    talk(workspace, "Finie", "c", status="done", assignee=me)
    talk(workspace, "Endormie", "d", snoozed_until=timezone.now() + timedelta(hours=2))
    talk(workspace, "Réveillée", "e", snoozed_until=timezone.now() - timedelta(hours=2))
    assert set(names(client_of_me, workspace)) == {"Nouvelle", "Ouverte", "Réveillée"}
    assert names(client_of_me, workspace, tab="mine") == ["Ouverte"]
    assert names(client_of_me, workspace, tab="done") == ["Finie"]
    assert set(names(client_of_me, workspace, tab="new")) == {"Nouvelle", "Endormie", "Réveillée"}
    assert names(client_of_me, workspace, tab="snoozed") == ["Endormie"]
    assert set(names(client_of_me, workspace, tab="nonsense")) == set(
        names(client_of_me, workspace)
    )


def test_filters_combine(workspace, me, client_of_me):
    colleague = MembershipFactory(workspace=workspace)
    order = Label.objects.create(workspace=workspace, name="commande")
    a = talk(
        workspace,
        "Alice",
        "Je voudrais commander",
        network="mastodon",
        sentiment="positive",
        intent="purchase",
        language="fr",
        assignee=colleague,
    )
    a.labels.add(order)
    talk(workspace, "Bob", "Bad bread", network="bluesky", sentiment="negative", language="en")
    talk(workspace, "Chloé", "Bof", network="mastodon", sentiment="negative", assignee=me)
    assert names(client_of_me, workspace, network="mastodon") == ["Chloé", "Alice"]
    assert names(client_of_me, workspace, network="mastodon", sentiment="negative") == ["Chloé"]
    assert names(client_of_me, workspace, intent="purchase") == ["Alice"]
    assert names(client_of_me, workspace, language="en") == ["Bob"]
    assert names(client_of_me, workspace, label=order.pk) == ["Alice"]
    assert names(client_of_me, workspace, assignee=colleague.pk) == ["Alice"]
    assert names(client_of_me, workspace, assignee="me") == ["Chloé"]
    assert names(client_of_me, workspace, assignee="unassigned") == ["Bob"]
    assert names(client_of_me, workspace, status="new", network="bluesky") == ["Bob"]
    # Values that mean nothing here are ignored rather than showing an empty inbox.
    assert len(names(client_of_me, workspace, network="myspace", label="999999")) == 3


def test_language_filter_names_languages_as_the_conversation_page_does(workspace, me, client):
    url = reverse("inbox:index", args=[workspace.slug])
    client.force_login(me.user)
    page = client.get(url, {"language": "en"}).content.decode()
    start = page.index('<select id="f-language"')
    select = page[start : page.index("</select>", start)]
    assert '<option value="en" selected>Anglais</option>' in select
    assert '<option value="ar">Arabe</option>' in select
    assert ">de<" not in select
    # The same names, in the same order, as the language of a message in its conversation.
    with translation.override("fr"):
        named = [(code, name) for code, name in language_choices() if code]
    assert (
        "".join(
            f'<option value="{code}"{" selected" if code == "en" else ""}>{name}</option>'
            for code, name in named
        )
        in select
    )
    me.user.language = "en"
    me.user.save()
    page = client.get(url).content.decode()
    assert '<option value="de">German</option>' in page


def test_date_range_is_read_in_the_workspace_time_zone(workspace, client_of_me):
    workspace.timezone = "Pacific/Auckland"  # far from UTC: a day starts 12 or 13 hours apart
    workspace.save()
    tz = workspace.tzinfo
    now = timezone.localtime(timezone.now(), tz)
    today = now.date()
    early = now.replace(hour=0, minute=30)
    talk(workspace, "Ce matin", "a", ago=now - early)
    talk(workspace, "Avant-hier", "b", ago=now - early + timedelta(days=2))
    day = today.isoformat()
    assert names(client_of_me, workspace, received_from=day) == ["Ce matin"]
    before = (today - timedelta(days=1)).isoformat()
    assert names(client_of_me, workspace, received_to=before) == ["Avant-hier"]
    response = client_of_me.get(
        reverse("inbox:index", args=[workspace.slug]), {"received_from": "31/12/2025"}
    )
    assert "31/12/2025" in response.content.decode()
    assert len(response.context["listing"].rows) == 2  # a bad date is said, not applied


def test_pages_keep_the_filters_and_never_count(workspace, client_of_me, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    for n in range(7):
        talk(workspace, f"Client {n}", "Bonjour", ago=timedelta(minutes=n + 1), network="mastodon")
    talk(workspace, "Ailleurs", "Bonjour", network="bluesky")
    url = reverse("inbox:index", args=[workspace.slug])
    first = client_of_me.get(url, {"network": "mastodon", "tab": "new"})
    assert [c.person.display_name for c in first.context["listing"].rows] == [
        "Client 0",
        "Client 1",
        "Client 2",
    ]
    page = first.content.decode()
    assert 'href="?tab=new&amp;network=mastodon&amp;page=2" rel="next"' in page
    third = client_of_me.get(url, {"network": "mastodon", "tab": "new", "page": "3"})
    assert [c.person.display_name for c in third.context["listing"].rows] == ["Client 6"]
    assert 'href="?tab=new&amp;network=mastodon&amp;page=2" rel="prev"' in third.content.decode()
    assert 'rel="next"' not in third.content.decode()


def test_pages_run_from_overdue_to_the_others(workspace, client_of_me, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    now = timezone.now()
    for n in range(3):
        late = now - timedelta(days=1, minutes=n)
        talk(workspace, f"Retard {n}", "?", ago=timedelta(days=1, minutes=n), waiting_since=late)
    for n in range(3):
        talk(workspace, f"Récent {n}", "?", ago=timedelta(minutes=n))
    seen = []
    for number in (1, 2, 3):
        seen += names(client_of_me, workspace, page=number)
    assert seen == ["Retard 0", "Retard 1", "Retard 2", "Récent 0", "Récent 1", "Récent 2"]


def test_search_finds_conversations_by_their_messages(workspace, client_of_me):
    talk(workspace, "Gourmande", "Vous faites des gâteaux d'anniversaire ?")
    talk(workspace, "Pressée", "Livraison possible demain ?")
    assert names(client_of_me, workspace, q="gateau") == ["Gourmande"]
    response = client_of_me.get(reverse("inbox:index", args=[workspace.slug]), {"q": "zzz"})
    assert "Aucune conversation ne correspond à ces filtres." in response.content.decode()


def test_an_empty_inbox_says_where_messages_come_from(workspace, client_of_me):
    page = client_of_me.get(reverse("inbox:index", args=[workspace.slug])).content.decode()
    assert "arrivent dans cette boîte" in page


def test_the_list_takes_a_fixed_number_of_queries(
    workspace, client_of_me, django_assert_max_num_queries
):
    order = Label.objects.create(workspace=workspace, name="commande")
    for n in range(20):
        member = MembershipFactory(workspace=workspace)
        talk(workspace, f"Client {n}", "Bonjour", assignee=member).labels.add(order)
    url = reverse("inbox:index", args=[workspace.slug])
    with django_assert_max_num_queries(12):
        client_of_me.get(url)


def test_rows_and_filters_kept_in_memory_still_show_every_change(workspace, client_of_me, me):
    """Rows and filters are drawn once per content: any change is drawn again."""
    item = talk(workspace, "Aline", "Bonjour")
    label = Label.objects.create(workspace=workspace, name="Gâteaux")
    url = reverse("inbox:index", args=[workspace.slug])

    def page() -> str:
        return client_of_me.get(url).content.decode()

    assert "Aline" in page() and "Gâteaux" in page()
    item.person.display_name = "Aline Moreau"
    item.person.save()
    label.name = "Pâtisserie"
    label.save()
    item.labels.add(label)
    me.user.full_name = "Julie Colin"
    me.user.save()
    item.assignee = me
    item.save()
    shown = page()
    assert "Aline Moreau" in shown
    assert "Gâteaux" not in shown and shown.count("Pâtisserie") == 2  # filter and row
    assert "Julie Colin" in shown
    MessageFactory(workspace=workspace, conversation=item, person=item.person, text="Merci !")
    assert "Merci !" in page()
