"""In Chromium: a one-star review is found by its stars, read aloud as text, and answered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.inbox.ingestion import ingest_account
from comptoir.networks import actions
from comptoir.networks.models_sandbox import SandboxReview
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.workspaces.models import Role
from tests.e2e.conftest import (  # noqa: F401 - fixtures used by name
    PHONE,
    OpenPage,
    browser_type_launch_args,
    chromium_path,
    open_page,
    tr,
)
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def stars(language: str, rating: int) -> str:
    return tr(language, "%(stars)s out of 5") % {"stars": rating}


def test_a_bad_review_is_seen_by_its_stars_and_answered_on_a_phone(
    open_page: OpenPage,  # noqa: F811 - the fixture imported above
    settings: Any,
    workspace: Any,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    workspace.name = "Boulangerie Martin"
    workspace.save()
    julie = MembershipFactory(workspace=workspace, role=Role.MEMBER, user__full_name="Julie")
    account = actions.save_connection(
        workspace, "sandbox", SandboxConnector.connect({"display_name": "Boulangerie"}), None
    )
    review = SandboxReview.objects.create(
        workspace=workspace,
        account_handle=account.remote_id,
        author_handle="karim.haddad",
        author_name="Karim Haddad",
        rating=1,
        text="Gâteau commandé pour samedi oublié, aucune excuse.",
        created_at=timezone.now() - timedelta(minutes=3),
    )
    assert ingest_account(account) == 1

    page = open_page(user=julie.user, viewport=PHONE)
    page.goto(reverse("inbox:index", args=[workspace.slug]))
    row = page.locator("li.conversation-row", has_text="Karim Haddad")
    expect(row.get_by_role("img", name=stars("fr", 1))).to_be_visible()
    row.get_by_role("link").click()

    thread = page.locator("ol.thread")
    expect(thread.get_by_role("img", name=stars("fr", 1))).to_be_visible()
    box = page.locator("#reply")
    box.get_by_label(tr("fr", "Your reply")).fill("Toutes nos excuses Karim, appelez-nous.")
    box.get_by_role("button", name=tr("fr", "Send the reply")).click()
    expect(page.get_by_text(tr("fr", "Your reply is on its way."))).to_be_visible()
    expect(thread.get_by_text(tr("fr", "Sent"), exact=True)).to_be_visible()

    review.refresh_from_db()
    assert review.answer.startswith("Toutes nos excuses Karim, appelez-nous.")
