"""Everyone who writes is found behind their handle, even after a merge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.contacts.identities import backdate, people_for
from comptoir.contacts.merging import merge
from comptoir.contacts.models import Identity, Person
from tests.factories import PersonFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_newcomers_get_a_person_and_an_identity(workspace):
    found = people_for(
        workspace,
        "mastodon",
        [("@lea@piaille.fr", "Léa"), ("@lea@piaille.fr", "Léa bis"), ("@tom@piaille.fr", "")],
        urls={"@lea@piaille.fr": "https://piaille.fr/@lea", "@tom@piaille.fr": "javascript:x"},
    )
    assert {h: p.display_name for h, p in found.items()} == {
        "@lea@piaille.fr": "Léa",
        "@tom@piaille.fr": "@tom@piaille.fr",
    }
    lea = Identity.objects.get(handle="@lea@piaille.fr")
    assert (lea.person, lea.network, lea.profile_url) == (
        found["@lea@piaille.fr"],
        "mastodon",
        "https://piaille.fr/@lea",
    )
    assert Identity.objects.get(handle="@tom@piaille.fr").profile_url == ""


def test_known_handles_are_reused_and_merged_ones_lead_to_the_merged_person(workspace):
    lucie = PersonFactory(workspace=workspace, handle="lucie.bsky.social")
    other = PersonFactory(workspace=workspace, network="mastodon", handle="@lucie@piaille.fr")
    merge(lucie, other, by=None)

    found = people_for(workspace, "mastodon", [("@lucie@piaille.fr", "Lucie")])

    assert found == {"@lucie@piaille.fr": lucie}
    assert Person.objects.count() == 1


def test_the_same_handle_in_another_workspace_is_another_person(workspace):
    PersonFactory(workspace=workspace, handle="lucie.bsky.social")
    elsewhere = WorkspaceFactory()
    found = people_for(elsewhere, "bluesky", [("lucie.bsky.social", "Lucie")])
    assert found["lucie.bsky.social"].workspace == elsewhere
    assert Person.objects.count() == 2


def test_backdate_dates_people_and_identities(workspace):
    found = people_for(workspace, "bluesky", [("a.bsky.social", "A")])
    person = found["a.bsky.social"]
    person.created_at = timezone.now() - timedelta(days=40)
    backdate([person])
    person.refresh_from_db()
    assert Identity.objects.get().first_seen == person.created_at


def test_a_handle_added_meanwhile_by_another_run_wins(workspace, monkeypatch):
    """Two ingestion runs meeting the same newcomer end with one person, not two."""
    real = Person.objects.bulk_create

    def another_run_first(people, *args, **kwargs):
        theirs = Person.objects.create(workspace=workspace, display_name="Léa (autre passage)")
        Identity.objects.create(
            workspace=workspace, person=theirs, network="mastodon", handle="@lea@piaille.fr"
        )
        return real(people, *args, **kwargs)

    monkeypatch.setattr(Person.objects, "bulk_create", another_run_first)
    found = people_for(workspace, "mastodon", [("@lea@piaille.fr", "Léa")])

    assert found["@lea@piaille.fr"].display_name == "Léa (autre passage)"
    assert list(Person.objects.values_list("display_name", flat=True)) == ["Léa (autre passage)"]
