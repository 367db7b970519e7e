"""Who gets a new conversation: rules first, then expertise, fairly among equals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.inbox.models import Conversation
from comptoir.notifications.models import Notification
from comptoir.routing.engine import route, route_new
from comptoir.routing.models import Action, Assignment, RoutingRule
from tests.factories import MembershipFactory, MessageFactory
from tests.routing.conftest import paris

pytestmark = pytest.mark.django_db


def closed_fr() -> str:
    with translation.override("fr"):
        return translation.gettext(
            "It arrived while the business is closed: its response time counts from opening."
        )


def conversation(shop, text, **fields):
    message = MessageFactory(workspace=shop, text=text, network=fields.pop("network", "bluesky"))
    if fields:
        Conversation.objects.filter(pk=message.conversation_id).update(**fields)
    return Conversation.objects.select_related("workspace", "person").get(
        pk=message.conversation_id
    )


def rule(shop, position=0, **fields):
    fields.setdefault("name", f"Règle {position}")
    return RoutingRule.objects.create(workspace=shop, position=position, **fields)


class TestRules:
    def test_keywords_match_whatever_the_accents_case_and_plural(self, shop, team):
        rule(shop, keywords=["pièce montée", "mariage"], assignee=team["owner"])
        chat = conversation(shop, "Bonjour, une PIECE MONTEE pour notre Mariages ?")
        assert route(chat).membership == team["owner"]
        assert Conversation.objects.get(pk=chat.pk).assignee == team["owner"]

    def test_keywords_are_whole_words(self, shop, team):
        rule(shop, keywords=["pain"], assignee=team["owner"])
        chat = conversation(shop, "J'adore votre painting en vitrine")
        assert route(chat) is None
        assert Conversation.objects.get(pk=chat.pk).assignee is None

    @pytest.mark.parametrize(
        ("condition", "matching", "other"),
        [
            ({"language": "en"}, {"language": "en"}, {"language": "fr"}),
            ({"network": "mastodon"}, {"network": "mastodon"}, {"network": "bluesky"}),
            ({"intent": "complaint"}, {"intent": "complaint"}, {"intent": "question"}),
        ],
    )
    def test_each_condition_must_hold(self, shop, team, condition, matching, other):
        rule(shop, assignee=team["owner"], **condition)
        assert route(conversation(shop, "Hello", **matching)).membership == team["owner"]
        assert route(conversation(shop, "Hello", **other)) is None

    def test_all_conditions_together(self, shop, team):
        rule(shop, keywords=["refund"], language="en", intent="complaint", assignee=team["owner"])
        assert route(conversation(shop, "I want a refund", language="en")) is None
        hit = conversation(shop, "I want a refund", language="en", intent="complaint")
        assert route(hit).membership == team["owner"]

    def test_the_first_matching_rule_in_order_decides(self, shop, team):
        rule(shop, position=1, keywords=["gâteau"], assignee=team["bread"])
        rule(shop, position=0, keywords=["gâteau"], assignee=team["owner"])
        assert route(conversation(shop, "Un gâteau ?")).membership == team["owner"]

    def test_an_expertise_rule_gives_to_those_with_the_tag(self, shop, team):
        rule(shop, intent="purchase", action=Action.EXPERTISE, expertise="gâteau")
        chat = conversation(shop, "Je voudrais commander", intent="purchase")
        assignment = route(chat)
        # The read-only intern knows cakes too, but does not answer customers.
        assert assignment.membership == team["cakes"]
        assert assignment.rule is not None

    def test_a_rule_nobody_can_take_falls_through(self, shop, team):
        left = rule(shop, position=0, keywords=["pain"], assignee=team["owner"])
        left.assignee = None
        left.save()
        rule(shop, position=1, action=Action.EXPERTISE, expertise="plomberie")
        # No rule can give it, so expertise decides.
        assert route(conversation(shop, "Du pain sans gluten ?")).membership == team["bread"]

    def test_a_rule_never_gives_to_a_read_only_member(self, shop, team):
        rule(shop, assignee=team["intern"])
        assert route(conversation(shop, "Bonjour")) is None


class TestExpertise:
    def test_plural_and_accents_meet_the_tag(self, shop, team):
        assert route(conversation(shop, "Vos gateau sont-ils frais ?")).membership == team["cakes"]

    def test_the_colleague_with_most_matching_tags_wins(self, shop, team):
        MembershipFactory(workspace=shop, role="member", expertise=["pain"])
        chat = conversation(shop, "Avez-vous du pain sans gluten ?")
        assert route(chat).membership == team["bread"]

    def test_nobody_knows_so_nobody_gets_it(self, shop, team):
        chat = conversation(shop, "Quelle est la météo ?")
        assert route(chat) is None
        assert not Notification.objects.exists()

    def test_spam_is_never_routed_by_expertise(self, shop, team):
        assert route(conversation(shop, "Gâteaux pas chers !!!", intent="spam")) is None

    def test_inactive_users_are_skipped(self, shop, team):
        team["cakes"].user.is_active = False
        team["cakes"].user.save()
        assert route(conversation(shop, "Un gâteau ?")) is None


class TestRoundRobin:
    def test_equals_take_turns_least_recently_assigned_first(self, shop, team):
        second = MembershipFactory(workspace=shop, role="member", expertise=["gâteau"])
        third = MembershipFactory(workspace=shop, role="manager", expertise=["GÂTEAUX"])
        start = timezone.now()
        given = [
            route(conversation(shop, f"Un gâteau n°{n} ?"), now=start + timedelta(minutes=n))
            for n in range(9)
        ]
        order = [a.membership for a in given]
        # Seniority breaks the first tie, then each waits for the two others.
        assert order == [team["cakes"], second, third] * 3

    def test_a_colleague_who_joins_is_served_first(self, shop, team):
        start = timezone.now()
        route(conversation(shop, "Un gâteau ?"), now=start)
        newcomer = MembershipFactory(workspace=shop, role="member", expertise=["gâteau"])
        chat = conversation(shop, "Encore un gâteau ?")
        assert route(chat, now=start + timedelta(minutes=1)).membership == newcomer

    def test_turns_are_per_workspace(self, shop, team):
        other = MembershipFactory(role="member", expertise=["gâteau"])
        Assignment.objects.create(
            workspace=other.workspace,
            conversation=conversation(other.workspace, "Un gâteau"),
            membership=other,
            assigned_at=timezone.now(),
        )
        assert route(conversation(shop, "Un gâteau ?")).membership == team["cakes"]


class TestRouteNew:
    def test_the_assignee_is_told_at_once_in_the_app_and_by_email(
        self, shop, team, django_capture_on_commit_callbacks
    ):
        chat = conversation(shop, "Un gâteau au chocolat pour samedi ?")
        with django_capture_on_commit_callbacks(execute=True):
            route_new([chat])
        notice = Notification.objects.get()
        assert notice.recipient == team["cakes"].user
        assert "Un gâteau au chocolat pour samedi ?" in notice.body
        assert notice.url == reverse("inbox:conversation", args=[shop.slug, chat.pk])
        assert [m.to for m in mail.outbox] == [[team["cakes"].user.email]]
        assert notice.title in mail.outbox[0].subject

    def test_already_assigned_conversations_are_left_alone(self, shop, team):
        chat = conversation(shop, "Un gâteau ?", assignee=team["owner"])
        assert route_new([chat]) == []
        assert Conversation.objects.get(pk=chat.pk).assignee == team["owner"]
        assert not Notification.objects.exists()

    def test_outside_opening_hours_the_notice_says_it_can_wait(self, shop, team):
        chat = conversation(shop, "Un gâteau ?")
        route(chat, now=paris(2026, 11, 22, 23, 0))  # Sunday night
        # In the workspace's language, French, as the colleague has not chosen one.
        assert closed_fr() in Notification.objects.get().body

    def test_during_opening_hours_no_such_remark(self, shop, team):
        route(conversation(shop, "Un gâteau ?"), now=paris(2026, 11, 23, 10, 0))
        assert closed_fr() not in Notification.objects.get().body

    def test_a_failure_is_logged_and_other_conversations_are_still_routed(
        self, shop, team, monkeypatch, caplog
    ):
        from comptoir.routing import engine

        broken = conversation(shop, "Un gâteau ?")
        fine = conversation(shop, "Un autre gâteau ?")
        real = engine.route

        def flaky(chat, now=None):
            if chat.pk == broken.pk:
                raise RuntimeError("boom")
            return real(chat, now)

        monkeypatch.setattr(engine, "route", flaky)
        made = route_new([broken, fine])
        assert [a.conversation_id for a in made] == [fine.pk]
        assert "could not be routed" in caplog.text
