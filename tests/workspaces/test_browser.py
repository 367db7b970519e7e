"""The settings and team pages driven in Chromium, as a shop owner would use them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.workspaces.models import Invitation, Membership, Role
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "farine-levain-four-1830"


@pytest.fixture
def owner():
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    return MembershipFactory(workspace=workspace, role=Role.OWNER, user__full_name="Claire Martin")


def test_owner_sets_business_hours_with_a_lunch_break(open_page: OpenPage, owner):
    workspace = owner.workspace
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:settings", args=[workspace.slug]))
    monday = page.locator("tr[data-day=mon]")
    monday.get_by_role("checkbox").uncheck()
    monday.locator("input[name='hours-mon_open_1']").fill("08:00")
    monday.locator("input[name='hours-mon_close_1']").fill("12:30")
    monday.locator("input[name='hours-mon_open_2']").fill("14:00")
    monday.locator("input[name='hours-mon_close_2']").fill("18:00")
    page.get_by_role("button", name=tr("fr", "Save the hours")).click()
    expect(page.get_by_role("status")).to_contain_text(tr("fr", "Business hours saved."))
    workspace.refresh_from_db()
    assert workspace.business_hours["mon"] == [["08:00", "12:30"], ["14:00", "18:00"]]

    # A closing time before the opening one is refused, on the settings page itself.
    page.locator("input[name='hours-tue_close_1']").fill("06:00")
    page.get_by_role("button", name=tr("fr", "Save the hours")).click()
    expect(page.locator("#hours .errorlist")).to_contain_text("Mardi")
    workspace.refresh_from_db()
    assert workspace.business_hours["tue"] == [["07:00", "19:30"]]


def test_owner_adds_and_removes_an_objective(open_page: OpenPage, owner):
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:settings", args=[owner.workspace.slug]))
    form = page.locator("#objectives form").last
    form.get_by_label(tr("fr", "kind").capitalize()).select_option("calls")
    form.get_by_label(tr("fr", "objective").capitalize()).fill("30 appels par semaine")
    form.get_by_label(tr("fr", "target").capitalize()).fill("30")
    form.get_by_label(tr("fr", "unit").capitalize()).fill("appels")
    form.get_by_role("button", name=tr("fr", "Add the objective")).click()
    objective = page.get_by_test_id("objective").filter(has_text="30 appels par semaine")
    expect(objective).to_contain_text("30 appels")
    objective.get_by_role("button", name=tr("fr", "Delete")).click()
    expect(page.get_by_test_id("objective")).to_have_count(0)


def test_invited_colleague_joins_through_the_copied_link(open_page: OpenPage, owner):
    workspace = owner.workspace
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:team", args=[workspace.slug]))
    invite = page.locator("#invite")
    invite.get_by_label(tr("fr", "Email address")).fill("lucie@exemple.fr")
    invite.get_by_label(tr("fr", "Role")).select_option(Role.MANAGER.value)
    invite.get_by_label(tr("fr", "Areas of expertise")).fill("livraison, commandes")
    invite.get_by_role("button", name=tr("fr", "Send the invitation")).click()
    pending = page.get_by_test_id("invitation").filter(has_text="lucie@exemple.fr")
    expect(pending).to_contain_text("livraison")
    link = pending.get_by_test_id("invitation-link").input_value()
    assert re.search(r"/invitations/[\w-]{40,}/$", link)

    newcomer = open_page(locale="fr-FR")
    newcomer.goto(link)
    newcomer.get_by_label(tr("fr", "Your name")).fill("Lucie Petit")
    newcomer.get_by_label(tr("fr", "Choose a password")).fill(NEW_PASSWORD)
    newcomer.get_by_label(tr("fr", "The same password again")).fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name=tr("fr", "Create my account and join")).click()
    expect(newcomer).to_have_url(
        re.compile(re.escape(reverse("workspaces:dashboard", args=[workspace.slug])) + "$")
    )
    expect(newcomer.get_by_role("status")).to_contain_text("Boulangerie Martin")
    membership = Membership.objects.get(workspace=workspace, user__email="lucie@exemple.fr")
    assert (membership.role, membership.expertise) == (Role.MANAGER, ["livraison", "commandes"])
    assert Invitation.objects.get().accepted_at is not None

    page.reload()
    expect(page.get_by_test_id("member").filter(has_text="Lucie Petit")).to_contain_text(
        tr("fr", "Manager")
    )
    expect(page.get_by_test_id("invitation")).to_have_count(0)


def test_owner_changes_a_colleagues_role_and_expertise(open_page: OpenPage, owner):
    workspace = owner.workspace
    MembershipFactory(workspace=workspace, role=Role.MEMBER, user__full_name="Karim Benali")
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:team", args=[workspace.slug]))
    karim = page.get_by_test_id("member").filter(has_text="Karim Benali")
    karim.get_by_role("link", name=tr("fr", "Edit")).click()
    page.get_by_label(tr("fr", "role").capitalize()).select_option(Role.READONLY.value)
    page.get_by_label(tr("fr", "job title").capitalize()).fill("Apprenti")
    page.get_by_label(tr("fr", "Areas of expertise")).fill("pain, viennoiseries")
    page.get_by_role("button", name=tr("fr", "Save"), exact=True).click()
    karim = page.get_by_test_id("member").filter(has_text="Karim Benali")
    expect(karim).to_contain_text(tr("fr", "Read-only"))
    expect(karim).to_contain_text("Apprenti")
    expect(karim).to_contain_text("viennoiseries")


def test_switching_workspace_from_the_top_bar(open_page: OpenPage, owner):
    hotel = MembershipFactory(
        user=owner.user, workspace=WorkspaceFactory(name="Hôtel du Loiret"), role=Role.MEMBER
    ).workspace
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:dashboard", args=[owner.workspace.slug]))
    page.get_by_test_id("workspace-switcher").click()
    page.get_by_role("link", name="Hôtel du Loiret").click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("workspaces:dashboard", args=[hotel.slug])) + "$")
    )
    expect(page.get_by_test_id("workspace-switcher")).to_have_text("Hôtel du Loiret")
    # The next visit opens the workspace used last.
    page.goto(reverse("home"))
    expect(page).to_have_url(
        re.compile(re.escape(reverse("workspaces:dashboard", args=[hotel.slug])))
    )
