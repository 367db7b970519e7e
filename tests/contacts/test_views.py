"""The people pages: the list, a person's page, editing, merging and splitting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from comptoir.contacts.models import Consent, Event, Identity, Person
from comptoir.inbox.models import Message, Note
from tests.factories import IdentityFactory, MentionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def url(name, workspace, *args):
    return reverse(f"contacts:{name}", args=[workspace.slug, *args])


class TestList:
    def test_empty_state(self, owner_client, workspace):
        page = owner_client.get(url("index", workspace)).content.decode()
        assert "No contact yet" in page

    def test_search_by_name_or_handle_filter_and_sort(
        self, owner_client, workspace, lucie, lucie_on_mastodon
    ):
        marc = PersonFactory(
            workspace=workspace, display_name="Marc Petit", handle="marc.bsky.social"
        )
        marc.tags.create(workspace=workspace, name="wholesale")

        def names(**query):
            response = owner_client.get(url("index", workspace), query)
            return [p.display_name for p in response.context["page"].object_list]

        # Lucie on Mastodon wrote last; Marc never wrote.
        assert names() == ["lucie martin", "Lucie Martin", "Marc Petit"]
        assert names(sort="oldest") == ["Marc Petit", "Lucie Martin", "lucie martin"]
        assert [n.lower() for n in names(sort="name")] == [
            "lucie martin",
            "lucie martin",
            "marc petit",
        ]
        assert names(q="piaille") == ["lucie martin"]
        assert names(q="petit") == ["Marc Petit"]
        assert names(network="mastodon") == ["lucie martin"]
        assert names(tag="wholesale") == ["Marc Petit"]
        page = owner_client.get(url("index", workspace), {"q": "nobody"}).content.decode()
        assert "Nobody matches this search." in page

    def test_counts_and_last_contact_are_per_person(self, owner_client, workspace, lucie):
        IdentityFactory(workspace=workspace, person=lucie, network="mastodon", handle="@l@x.fr")
        response = owner_client.get(url("index", workspace), {"q": "lucie"})
        [shown] = response.context["page"].object_list
        assert shown.message_count == 2
        assert shown.last_contact == Message.objects.latest("received_at").received_at


class TestPersonPage:
    def test_shows_identities_and_the_timeline_newest_first(self, owner_client, workspace, lucie):
        conversation = lucie.conversations.get()
        Note.objects.create(workspace=workspace, conversation=conversation, text="Rappeler jeudi")
        Event.objects.create(workspace=workspace, person=lucie, kind="note", text="Cliente fidèle")
        MentionFactory(
            workspace=workspace,
            network="bluesky",
            author_handle="lucie.martin.bsky.social",
            text="Meilleure boulangerie",
            found_at=lucie.messages.earliest("received_at").received_at - timedelta(days=1),
        )
        response = owner_client.get(url("person", workspace, lucie.pk))
        page = response.content.decode()
        assert "lucie.martin.bsky.social" in page
        texts = [entry.text for entry in response.context["page"].object_list]
        assert texts[0] == "Cliente fidèle"
        assert set(texts) == {
            "Cliente fidèle",
            "Rappeler jeudi",
            "Oui, tout le mois de janvier.",
            "Vous faites des galettes ?",
            "Meilleure boulangerie",
        }
        assert texts[-1] == "Meilleure boulangerie"
        kinds = {entry.text: entry.kind for entry in response.context["page"].object_list}
        assert kinds["Oui, tout le mois de janvier."] == "out"
        assert kinds["Vous faites des galettes ?"] == "in"
        conversation_page = reverse("inbox:conversation", args=[workspace.slug, conversation.pk])
        assert f'href="{conversation_page}"' in page

    def test_profile_links_are_only_web_links(self, owner_client, workspace, lucie):
        IdentityFactory(
            workspace=workspace,
            person=lucie,
            network="mastodon",
            handle="@a@b.fr",
            profile_url="javascript:alert(1)",
        )
        IdentityFactory(
            workspace=workspace,
            person=lucie,
            network="instagram",
            handle="lucie",
            profile_url="https://instagram.com/lucie",
        )
        page = owner_client.get(url("person", workspace, lucie.pk)).content.decode()
        assert "javascript:alert" not in page
        assert 'href="https://instagram.com/lucie"' in page

    def test_hostile_names_are_escaped(self, owner_client, workspace):
        person = PersonFactory(workspace=workspace, display_name="<script>alert(1)</script>")
        page = owner_client.get(url("person", workspace, person.pk)).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page

    def test_edit_name_tags_and_notes(self, owner_client, workspace, lucie):
        response = owner_client.post(
            url("edit", workspace, lucie.pk),
            {
                "display_name": "Lucie M.",
                "notes": "Commande le vendredi",
                "tag_names": "Régulière, vip, VIP, ",
            },
        )
        assert response.status_code == 302
        lucie.refresh_from_db()
        assert lucie.display_name == "Lucie M." and lucie.notes == "Commande le vendredi"
        assert sorted(lucie.tags.values_list("name", flat=True)) == ["Régulière", "vip"]
        # Tags are shared, whatever their case.
        other = PersonFactory(workspace=workspace)
        owner_client.post(
            url("edit", workspace, other.pk), {"display_name": "X", "tag_names": "VIP"}
        )
        assert list(other.tags.values_list("name", flat=True)) == ["vip"]

    def test_bad_input_keeps_what_was_typed(self, owner_client, workspace, lucie):
        response = owner_client.post(
            url("edit", workspace, lucie.pk),
            {"display_name": "", "notes": "À garder", "tag_names": "x" * 60},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "À garder" in page and "at most 50 characters" in page

    def test_consent_is_recorded_with_who_and_when(self, owner_client, workspace, lucie):
        owner_client.post(url("consent", workspace, lucie.pk), {"consent": "no"})
        lucie.refresh_from_db()
        assert lucie.consent == Consent.NO and lucie.consent_at and lucie.consent_by.role == "owner"
        assert lucie.events.get().kind == "consent"
        response = owner_client.post(url("consent", workspace, lucie.pk), {"consent": "maybe"})
        assert response.status_code == 302
        lucie.refresh_from_db()
        assert lucie.consent == Consent.NO

    def test_notes_go_in_the_timeline(self, owner_client, workspace, lucie):
        owner_client.post(url("note", workspace, lucie.pk), {"text": "A appelé pour une commande"})
        page = owner_client.get(url("person", workspace, lucie.pk)).content.decode()
        assert "A appelé pour une commande" in page
        assert owner_client.post(url("note", workspace, lucie.pk), {"text": " "}).status_code == 400


class TestMergeAndSplit:
    def test_merge_from_the_suggestions(self, owner_client, workspace, lucie, lucie_on_mastodon):
        page = owner_client.get(url("suggestions", workspace)).content.decode()
        assert "Same name on two networks" in page
        response = owner_client.post(
            url("merge", workspace, lucie.pk), {"other": lucie_on_mastodon.pk}
        )
        assert response.url == url("person", workspace, lucie.pk)
        assert Person.objects.count() == 1
        page = owner_client.get(url("person", workspace, lucie.pk)).content.decode()
        assert "La galette aux pommes était parfaite." in page
        assert (
            "No likely duplicate"
            in owner_client.get(url("suggestions", workspace)).content.decode()
        )

    def test_merge_search_and_missing_person(
        self, owner_client, workspace, lucie, lucie_on_mastodon
    ):
        response = owner_client.get(url("merge", workspace, lucie.pk), {"q": "piaille"})
        assert list(response.context["candidates"]) == [lucie_on_mastodon]
        response = owner_client.post(url("merge", workspace, lucie.pk), {"other": "999999"})
        assert response.status_code == 302 and Person.objects.count() == 2

    def test_split_page_says_what_moves(self, owner_client, workspace, lucie, lucie_on_mastodon):
        owner_client.post(url("merge", workspace, lucie.pk), {"other": lucie_on_mastodon.pk})
        identity = Identity.objects.get(network="mastodon")
        page = owner_client.get(url("split", workspace, lucie.pk, identity.pk)).content.decode()
        assert "1 conversation moves with it" in page and "1 message in all" in page
        response = owner_client.post(url("split", workspace, lucie.pk, identity.pk))
        new = Identity.objects.get(pk=identity.pk).person
        assert response.url == url("person", workspace, new.pk)
        assert Person.objects.count() == 2

    def test_the_only_identity_cannot_be_split(self, owner_client, workspace, lucie):
        identity = lucie.identities.get()
        response = owner_client.post(url("split", workspace, lucie.pk, identity.pk), follow=True)
        assert "nothing to split" in response.content.decode()
        assert Person.objects.count() == 1


class TestPermissions:
    def test_read_only_members_see_but_do_not_change(
        self, member_factory, workspace, lucie, lucie_on_mastodon
    ):
        _membership, client = member_factory("readonly")
        page = client.get(url("person", workspace, lucie.pk)).content.decode()
        assert "Vous faites des galettes ?" in page
        assert 'name="tag_names"' not in page
        for name, data in (
            ("edit", {"display_name": "X"}),
            ("consent", {"consent": "yes"}),
            ("note", {"text": "x"}),
            ("merge", {"other": lucie_on_mastodon.pk}),
        ):
            assert client.post(url(name, workspace, lucie.pk), data).status_code == 403
        assert Person.objects.count() == 2

    def test_members_cannot_export_or_erase(self, member_factory, workspace, lucie):
        _membership, client = member_factory("member")
        assert client.get(url("export", workspace, lucie.pk)).status_code == 403
        assert client.get(url("erase", workspace, lucie.pk)).status_code == 403
        assert client.post(url("erase", workspace, lucie.pk)).status_code == 403
        assert client.get(url("erasures", workspace)).status_code == 403
        assert Person.objects.filter(pk=lucie.pk).exists()
        assert (
            "Erase this person"
            not in client.get(url("person", workspace, lucie.pk)).content.decode()
        )

    def test_managers_can(self, member_factory, workspace, lucie):
        _membership, client = member_factory("manager")
        assert client.get(url("export", workspace, lucie.pk)).status_code == 200
        assert client.post(url("erase", workspace, lucie.pk)).status_code == 302
        assert not Person.objects.exists()
