"""Drafts saved by themselves in the composer: nothing typed is lost, nothing doubles."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.models import Role, Workspace
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def saved_at(language: str) -> re.Pattern[str]:
    """The status line once a draft is saved, whatever the time."""
    before_time = tr(language, "Draft saved at %(time)s").split("%(time)s")[0]
    return re.compile(re.escape(before_time) + r"\d")


def open_composer(open_page: OpenPage) -> tuple[Page, Workspace]:
    """An owner's new composer, in a workspace with one sandbox account."""
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="martin", handle="martin"
    )
    page = open_page(user=owner)
    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    return page, workspace


def test_a_draft_saves_itself_then_is_the_post_published(open_page: OpenPage):
    page, workspace = open_composer(open_page)
    status = page.get_by_test_id("autosave-status")
    text = page.locator("textarea[name=text]")

    text.press_sequentially("Brioche tressée")
    expect(status).to_have_text(saved_at("fr"))

    draft = Post.objects.get()
    assert draft.status == PostStatus.DRAFT and draft.text == "Brioche tressée"
    edit_url = reverse("publishing:edit", args=[workspace.slug, draft.pk])
    expect(page).to_have_url(re.compile(re.escape(edit_url) + "$"))

    page.reload()
    expect(page.get_by_role("heading", name=tr("fr", "Edit the draft"), level=1)).to_be_visible()
    expect(text).to_have_value("Brioche tressée")

    text.press("Control+End")
    text.press_sequentially(" ce samedi")
    expect(status).to_have_text(saved_at("fr"))
    draft.refresh_from_db()
    assert draft.text == "Brioche tressée ce samedi"

    # Ticking an account saves again at once; publishing right away must not race it.
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    page.get_by_role("button", name=tr("fr", "Publish now")).click()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("publishing:detail", args=[workspace.slug, draft.pk])))
    )

    published = Post.objects.get()
    assert published.pk == draft.pk and published.status != PostStatus.DRAFT
    assert [t.text for t in published.targets.all()] == ["Brioche tressée ce samedi"]


def test_publishing_during_the_first_save_waits_for_it(open_page: OpenPage):
    page, _ = open_composer(open_page)
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # the first save stays on its way until the test lets it go

    page.route("**/autosave/", hold)

    page.locator("textarea[name=text]").fill("Fougasse aux olives")
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    expect(page.get_by_test_id("autosave-status")).to_have_text(tr("fr", "Saving…"))
    page.get_by_role("button", name=tr("fr", "Publish now")).click()
    assert not Post.objects.exists()

    held[0].continue_()

    expect(page).to_have_url(re.compile(r"/publish/\d+/$"))
    published = Post.objects.get()
    assert published.status != PostStatus.DRAFT
    assert [t.text for t in published.targets.all()] == ["Fougasse aux olives"]
