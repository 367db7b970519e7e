"""The media library on a phone: add a photo, describe it, delete it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.media.models import MediaItem
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory
from tests.media.factories import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_describe_and_delete_an_image_on_a_phone(open_page: OpenPage) -> None:
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    page = open_page(user=owner, viewport=PHONE)
    page.goto(reverse("publishing:index", args=[workspace.slug]))
    page.get_by_role("link", name=tr("fr", "Media library")).click()
    expect(page.get_by_role("heading", name=tr("fr", "Media library"), level=1)).to_be_visible()

    form = page.get_by_role("form", name=tr("fr", "Add an image"))
    form.get_by_label(tr("fr", "Image")).set_input_files(
        files=[{"name": "fournil.png", "mimeType": "image/png", "buffer": image_bytes(300, 200)}]
    )
    page.get_by_role("button", name=tr("fr", "Upload")).click()
    expect(page.get_by_text(tr("fr", "The image is in the library."))).to_be_visible()
    expect(page.get_by_text(tr("fr", "No description yet"))).to_be_visible()
    thumbnail = page.locator(".media-grid img").first
    expect(thumbnail).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The scoped view served a real image (decode() waits for it, and fails on a broken one).
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    label = tr("fr", "Description of %(name)s") % {"name": "fournil.png"}
    page.get_by_label(label).fill("Le fournil au petit matin")
    page.get_by_role("button", name=tr("fr", "Save the description")).click()
    expect(page.get_by_text(tr("fr", "The description is saved."))).to_be_visible()
    assert MediaItem.objects.get().alt_text == "Le fournil au petit matin"
    expect(page.get_by_role("img", name="Le fournil au petit matin")).to_be_visible()

    delete = tr("fr", "Delete %(name)s") % {"name": "fournil.png"}
    page.get_by_role("button", name=delete).click()
    expect(page.get_by_text(tr("fr", "The image is deleted."))).to_be_visible()
    assert not MediaItem.objects.exists()
