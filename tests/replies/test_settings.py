"""Settings > Replies: the signature, approvals and saved replies, and who may change them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.replies.models import SavedReply
from comptoir.workspaces.models import Membership
from tests.factories import SavedReplyFactory
from tests.replies.conftest import member, signed_in

pytestmark = pytest.mark.django_db


def url(bakery, name="index", *args) -> str:
    return reverse(f"reply_settings:{name}", args=[bakery.slug, *args])


def test_the_tab_is_in_the_settings_navigation(bakery, paul):
    page = signed_in(paul).get(reverse("workspaces:settings", args=[bakery.slug]))
    assert url(bakery) in page.content.decode()


def test_a_manager_changes_the_signature(bakery, paul, julie):
    client = signed_in(paul)
    response = client.post(url(bakery), {"reply_signature": "  {name} de chez {business}  "})
    assert response.status_code == 302
    bakery.refresh_from_db()
    assert bakery.reply_signature == "{name} de chez {business}"
    page = client.get(url(bakery)).content.decode()
    assert "Paul de chez Boulangerie Martin" in page


def test_a_member_cannot_change_the_signature_or_approvals(bakery, julie):
    client = signed_in(julie)
    client.post(url(bakery), {"reply_signature": "— {name}"})
    bakery.refresh_from_db()
    assert bakery.reply_signature == "— {name}, {business}"
    approvals = client.post(url(bakery, "approvals"), {"need_approval": [str(julie.pk)]})
    assert approvals.status_code == 403


def test_a_manager_ticks_whose_replies_need_approval(bakery, paul, julie):
    other = member(bakery, "member", "Marc Roux", replies_need_approval=True)
    response = signed_in(paul).post(
        url(bakery, "approvals"), {"need_approval": [str(julie.pk), str(paul.pk)]}
    )
    assert response.status_code == 302
    flags = dict(Membership.objects.values_list("pk", "replies_need_approval"))
    assert flags[julie.pk] is True
    assert flags[other.pk] is False
    assert flags[paul.pk] is False  # managers never need approval


def test_saved_replies_are_added_edited_and_deleted(bakery, julie):
    client = signed_in(julie)
    added = client.post(
        url(bakery, "saved_create"), {"title": "Horaires", "text": "Bonjour {first_name} !"}
    )
    assert added.status_code == 302
    item = SavedReply.objects.get(workspace=bakery)
    assert item.created_by == julie
    twice = client.post(url(bakery, "saved_create"), {"title": "horaires", "text": "x"})
    assert twice.status_code == 400
    assert SavedReply.objects.count() == 1
    edited = client.post(
        url(bakery, "saved_edit", item.pk), {"title": "Horaires d'été", "text": "Ouvert !"}
    )
    assert edited.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.text) == ("Horaires d'été", "Ouvert !")
    assert client.post(url(bakery, "saved_delete", item.pk)).status_code == 302
    assert not SavedReply.objects.exists()


def test_the_reply_box_offers_saved_replies_filled_in(conversation, bakery, julie):
    SavedReplyFactory(workspace=bakery, title="Gâteaux", text="Bonjour {first_name}, ici {name}.")
    page = signed_in(julie).get(reverse("inbox:conversation", args=[bakery.slug, conversation.pk]))
    assert 'data-text="Bonjour Claire, ici Julie."' in page.content.decode()


def test_another_workspaces_saved_reply_is_not_found(bakery, julie):
    foreign = SavedReplyFactory()
    client = signed_in(julie)
    assert client.get(url(bakery, "saved_edit", foreign.pk)).status_code == 404
    assert client.post(url(bakery, "saved_delete", foreign.pk)).status_code == 404
    assert SavedReply.objects.filter(pk=foreign.pk).exists()
