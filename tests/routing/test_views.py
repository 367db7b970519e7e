"""The routing settings page and the response-time report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.routing.models import RoutingRule
from tests.factories import ConversationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def client_for(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def url(shop, name, *args):
    return reverse(f"routing:{name}", args=[shop.slug, *args])


def rule(shop, name, position, **fields):
    return RoutingRule.objects.create(workspace=shop, name=name, position=position, **fields)


class TestSettings:
    def test_owners_create_a_rule(self, shop, team):
        owner = client_for(team["owner"])
        response = owner.post(
            url(shop, "rule_create"),
            {
                "name": "Commandes de gâteaux",
                "keywords": "Gâteau, pièce montée",
                "language": "",
                "network": "",
                "intent": "purchase",
                "action": "member",
                "assignee": team["cakes"].pk,
                "expertise": "",
            },
        )
        assert response.status_code == 302
        saved = RoutingRule.objects.get()
        assert saved.keywords == ["gâteau", "pièce montée"]
        assert (saved.workspace, saved.assignee, saved.intent) == (shop, team["cakes"], "purchase")
        page = owner.get(url(shop, "index")).content.decode()
        assert "Commandes de gâteaux" in page and "pièce montée" in page

    def test_missing_choices_get_clear_errors_and_nothing_is_lost(self, shop, team):
        owner = client_for(team["owner"])
        response = owner.post(
            url(shop, "rule_create"),
            {"name": "Sans personne", "keywords": "devis", "action": "member", "assignee": ""},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert "Choose the colleague who receives these conversations." in response.content.decode()
        assert 'value="devis"' in response.content.decode()
        response = owner.post(
            url(shop, "rule_create"),
            {"name": "Plombier", "action": "expertise", "expertise": "plomberie"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert "No colleague has this area of expertise yet" in response.content.decode()
        assert not RoutingRule.objects.exists()

    def test_an_expertise_rule_accepts_a_plural_of_a_known_tag(self, shop, team):
        response = client_for(team["owner"]).post(
            url(shop, "rule_create"),
            {"name": "Gâteaux", "action": "expertise", "expertise": "Gâteau", "assignee": ""},
        )
        assert response.status_code == 302
        assert RoutingRule.objects.get().expertise == "gâteau"

    def test_a_colleague_from_another_workspace_cannot_be_chosen(self, shop, team):
        stranger = MembershipFactory(role="member")
        response = client_for(team["owner"]).post(
            url(shop, "rule_create"),
            {"name": "X", "action": "member", "assignee": stranger.pk},
        )
        assert response.status_code == 200
        assert not RoutingRule.objects.exists()

    def test_edit_move_and_delete(self, shop, team):
        first = rule(shop, "Premier", 0, assignee=team["owner"])
        second = rule(shop, "Second", 1, assignee=team["cakes"])
        owner = client_for(team["owner"])
        owner.post(url(shop, "rule_move", second.pk), {"direction": "up"})
        assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Second", "Premier"]
        owner.post(url(shop, "rule_move", second.pk), {"direction": "up"})  # already first
        assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Second", "Premier"]
        owner.post(url(shop, "rule_move", second.pk), {"direction": "down"})
        assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Premier", "Second"]
        owner.post(
            url(shop, "rule_edit", first.pk),
            {"name": "Renommé", "action": "member", "assignee": team["bread"].pk},
        )
        first.refresh_from_db()
        assert (first.name, first.assignee) == ("Renommé", team["bread"])
        owner.post(url(shop, "rule_delete", first.pk))
        assert list(RoutingRule.objects.values_list("name", flat=True)) == ["Second"]

    def test_managers_may_edit(self, shop, team):
        manager = client_for(MembershipFactory(workspace=shop, role="manager"))
        assert manager.get(url(shop, "rule_create")).status_code == 200

    @pytest.mark.parametrize("role", ["member", "readonly"])
    def test_members_see_the_rules_read_only(self, shop, team, role):
        existing = rule(shop, "Mariages", 0, assignee=team["owner"])
        member = client_for(MembershipFactory(workspace=shop, role=role))
        page = member.get(url(shop, "index"))
        assert page.status_code == 200
        assert "Mariages" in page.content.decode()
        assert url(shop, "rule_edit", existing.pk) not in page.content.decode()
        assert member.get(url(shop, "rule_create")).status_code == 403
        assert member.post(url(shop, "rule_delete", existing.pk)).status_code == 403
        assert member.post(url(shop, "target"), {"response_target_minutes": 5}).status_code == 403
        assert RoutingRule.objects.filter(pk=existing.pk).exists()

    def test_another_workspaces_rule_is_not_found(self, shop, team):
        elsewhere = MembershipFactory(role="owner")
        foreign = rule(elsewhere.workspace, "Ailleurs", 0, assignee=elsewhere)
        owner = client_for(team["owner"])
        assert owner.get(url(shop, "rule_edit", foreign.pk)).status_code == 404
        assert owner.post(url(shop, "rule_delete", foreign.pk)).status_code == 404
        assert owner.post(url(shop, "rule_move", foreign.pk)).status_code == 404
        assert "Ailleurs" not in owner.get(url(shop, "index")).content.decode()

    def test_the_response_target_is_saved_and_checked(self, shop, team):
        owner = client_for(team["owner"])
        owner.post(url(shop, "target"), {"response_target_minutes": "45"})
        shop.refresh_from_db()
        assert shop.response_target_minutes == 45
        response = owner.post(
            url(shop, "target"), {"response_target_minutes": "0"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 200
        assert "Choose between 1 and 10080 minutes." in response.content.decode()
        shop.refresh_from_db()
        assert shop.response_target_minutes == 45

    def test_the_settings_tab_leads_here(self, shop, team):
        page = client_for(team["owner"]).get(reverse("workspaces:settings", args=[shop.slug]))
        assert url(shop, "index") in page.content.decode()


class TestReport:
    def test_empty_state(self, shop, team):
        page = client_for(team["owner"]).get(url(shop, "report"), HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert "No conversation started in this period" in page.content.decode()

    def test_medians_and_percentiles_per_colleague_and_network(self, shop, team):
        shop.business_hours = {}  # every minute counts: easy figures
        shop.save()
        start = timezone.now() - timedelta(days=2)
        for minutes, member, network in [
            (10, team["cakes"], "bluesky"),
            (20, team["cakes"], "bluesky"),
            (90, team["cakes"], "mastodon"),
            (30, team["bread"], "mastodon"),
        ]:
            ConversationFactory(
                workspace=shop,
                network=network,
                assignee=member,
                started_at=start,
                first_response_at=start + timedelta(minutes=minutes),
                resolved_at=start + timedelta(minutes=2 * minutes),
            )
        # Too old for the 7-day period.
        old = timezone.now() - timedelta(days=20)
        ConversationFactory(
            workspace=shop,
            assignee=team["bread"],
            started_at=old,
            first_response_at=old + timedelta(hours=5),
        )
        client = client_for(team["owner"])
        page = client.get(url(shop, "report") + "?days=7", HTTP_ACCEPT_LANGUAGE="en")
        report = page.context["report"]
        assert report.overall.response_median == 25
        assert report.overall.response_p90 == 90
        cakes = next(r for r in report.by_member if r.label == str(team["cakes"].user))
        assert (cakes.response_median, cakes.response_p90, cakes.resolution_median) == (20, 90, 40)
        networks = {str(r.label): r.response_median for r in report.by_network}
        assert networks == {"Bluesky": 15, "Mastodon": 60}
        html = page.content.decode()
        assert "1 h 30" in html and str(team["cakes"].user) in html
        wider = client.get(url(shop, "report") + "?days=30").context["report"]
        assert wider.overall.answered == 5

    def test_a_strange_period_falls_back_to_thirty_days(self, shop, team):
        page = client_for(team["owner"]).get(url(shop, "report") + "?days=abc")
        assert page.context["report"].days == 30

    def test_results_link_to_the_report(self, shop, team):
        page = client_for(team["owner"]).get(reverse("insights:index", args=[shop.slug]))
        assert url(shop, "report") in page.content.decode()
