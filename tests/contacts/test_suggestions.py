"""Likely duplicates: the same person met on two networks."""

from __future__ import annotations

import pytest

from comptoir.contacts.suggestions import handle_stem, link_key, normalised_name, suggestions
from tests.factories import IdentityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def pairs(workspace):
    return {
        (s.keep.display_name, s.other.display_name, tuple(str(r) for r in s.reasons))
        for s in suggestions(workspace)
    }


def test_normalising():
    assert normalised_name("Martin, Lucie") == normalised_name("lucie  MARTIN") == "lucie martin"
    assert normalised_name("Éloïse Gâteau") == "eloise gateau"
    assert normalised_name("Lucie") == ""  # one word is too common to mean anything
    assert handle_stem("lucie.martin.bsky.social", "bluesky") == "luciemartin"
    assert handle_stem("@lucie_martin@piaille.fr", "mastodon") == "luciemartin"
    assert handle_stem("luciemartin.fr", "bluesky") == "luciemartin"
    assert handle_stem("lucie.martin46", "instagram") == "luciemartin46"
    assert handle_stem("@jo@piaille.fr", "mastodon") == ""
    assert link_key("https://www.Lucie.fr/") == link_key("http://lucie.fr") == "lucie.fr"
    assert link_key("javascript:alert(1)") == ""


def test_same_name_on_two_networks(workspace):
    PersonFactory(workspace=workspace, display_name="Lucie Martin", handle="lm.bsky.social")
    PersonFactory(
        workspace=workspace, display_name="Martin Lucie", network="mastodon", handle="@l@x.fr"
    )
    assert pairs(workspace) == {("Lucie Martin", "Martin Lucie", ("Same name on two networks",))}


def test_homonyms_on_one_network_are_not_suggested(workspace):
    PersonFactory(workspace=workspace, display_name="Lucie Martin", handle="a1.bsky.social")
    PersonFactory(workspace=workspace, display_name="Lucie Martin", handle="b2.bsky.social")
    assert pairs(workspace) == set()


def test_same_profile_address_or_handle(workspace):
    a = PersonFactory(workspace=workspace, display_name="Fournil", handle="fournil.bsky.social")
    b = PersonFactory(
        workspace=workspace, display_name="Le Fournil", network="mastodon", handle="@fournil@m.fr"
    )
    IdentityFactory(
        workspace=workspace,
        person=a,
        network="instagram",
        handle="fo",
        profile_url="https://www.fournil.fr/",
    )
    IdentityFactory(
        workspace=workspace,
        person=b,
        network="facebook",
        handle="fb",
        profile_url="http://fournil.fr",
    )
    [found] = suggestions(workspace)
    assert (found.keep, found.other) == (a, b)
    assert {str(r) for r in found.reasons} == {
        "Same profile or website address",
        "Same handle on two networks",
    }


def test_common_names_shared_by_many_are_not_clues(workspace):
    for n, network in enumerate(["bluesky", "mastodon", "instagram", "facebook", "sandbox"]):
        PersonFactory(
            workspace=workspace, display_name="Marie Martin", network=network, handle=f"m{n}"
        )
    assert pairs(workspace) == set()


def test_merged_people_are_no_longer_suggested(workspace):
    person = PersonFactory(workspace=workspace, display_name="Lucie Martin")
    IdentityFactory(workspace=workspace, person=person, network="mastodon", handle="@lm@x.fr")
    assert pairs(workspace) == set()
