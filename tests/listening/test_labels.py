"""Mentions get their language, sentiment and intent as they arrive, whatever finds them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from comptoir.listening.models import Mention
from tests.factories import MentionFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_a_saved_mention_is_labelled():
    mention = MentionFactory(text="Service horrible, commande jamais livrée, je suis furieux !")
    mention.refresh_from_db()
    assert mention.labelled_by == "model"
    assert mention.language == "fr"
    assert mention.sentiment == "negative"
    assert mention.intent == "complaint"


def test_mentions_created_in_bulk_are_labelled():
    workspace = WorkspaceFactory()
    Mention.objects.bulk_create(
        Mention(
            workspace=workspace,
            network="mastodon",
            author_name="Sam",
            author_handle="@sam@example.org",
            text=text,
            found_at=timezone.now(),
        )
        for text in ("I love this bakery, best croissants ever!", "Vous êtes ouverts dimanche ?")
    )
    got = dict(Mention.objects.for_workspace(workspace).values_list("text", "language"))
    assert set(got.values()) == {"en", "fr"}
    labels = Mention.objects.for_workspace(workspace).values_list("sentiment", "intent")
    assert ("positive", "praise") in labels
    assert ("neutral", "question") in labels


def test_the_model_never_overwrites_a_person_s_labels():
    mention = MentionFactory.build(
        workspace=WorkspaceFactory(),
        text="Service horrible, je suis furieux !",
        sentiment="positive",
        intent="",
        language="fr",
        labelled_by="person",
    )
    Mention.objects.bulk_create([mention])
    stored = Mention.objects.get(text=mention.text)
    assert (stored.sentiment, stored.intent, stored.labelled_by) == ("positive", "", "person")


def test_a_mention_saved_again_keeps_its_labels():
    mention = MentionFactory(text="Trop bon ce pain !")
    Mention.objects.filter(pk=mention.pk).update(sentiment="negative", labelled_by="person")
    mention.refresh_from_db()
    mention.topic = "pain"
    mention.save()
    mention.refresh_from_db()
    assert (mention.sentiment, mention.labelled_by) == ("negative", "person")
