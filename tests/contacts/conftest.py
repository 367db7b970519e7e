from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ConversationFactory, MessageFactory, PersonFactory


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so that assertions read as the code's own strings."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def lucie(workspace):
    """Lucie on Bluesky, with one conversation of two messages and the team's reply."""
    person = PersonFactory(
        workspace=workspace, display_name="Lucie Martin", handle="lucie.martin.bsky.social"
    )
    start = timezone.now() - timedelta(days=3)
    conversation = ConversationFactory(
        workspace=workspace,
        person=person,
        network="bluesky",
        thread_key="at://post-1#lucie.martin.bsky.social",
        started_at=start,
    )
    MessageFactory(
        workspace=workspace,
        person=person,
        conversation=conversation,
        text="Vous faites des galettes ?",
        received_at=start,
    )
    MessageFactory(
        workspace=workspace,
        person=person,
        conversation=conversation,
        text="Oui, tout le mois de janvier.",
        direction="out",
        kind="reply",
        received_at=start + timedelta(hours=1),
    )
    return person


@pytest.fixture
def lucie_on_mastodon(workspace):
    """The same Lucie, met again on Mastodon: one more person until someone merges them."""
    person = PersonFactory(
        workspace=workspace,
        display_name="lucie martin",
        network="mastodon",
        handle="@luciemartin@piaille.fr",
    )
    start = timezone.now() - timedelta(days=1)
    conversation = ConversationFactory(
        workspace=workspace,
        person=person,
        network="mastodon",
        thread_key="109#@luciemartin@piaille.fr",
        started_at=start,
    )
    MessageFactory(
        workspace=workspace,
        person=person,
        conversation=conversation,
        network="mastodon",
        text="La galette aux pommes était parfaite.",
        received_at=start,
    )
    return person
