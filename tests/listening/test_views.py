"""The listening list shows each mention's labels and filters on them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.listening.models import Mention
from tests.factories import MentionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentions(workspace):
    angry = MentionFactory(workspace=workspace, text="Commande jamais livrée, inadmissible !")
    asking = MentionFactory(workspace=workspace, text="Vous êtes ouverts dimanche ?")
    happy = MentionFactory(workspace=workspace, text="Le meilleur pain de la ville, merci !")
    Mention.objects.filter(pk=angry.pk).update(sentiment="negative", intent="complaint")
    Mention.objects.filter(pk=asking.pk).update(sentiment="neutral", intent="question")
    Mention.objects.filter(pk=happy.pk).update(sentiment="positive", intent="")
    return angry, asking, happy


def listing(client, workspace, **query):
    return client.get(
        reverse("listening:index", args=[workspace.slug]), query, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_list_shows_the_labels_with_a_correction_control(owner_client, workspace, mentions):
    angry, _, _ = mentions
    page = listing(owner_client, workspace).content.decode()
    url = reverse("nlp:mention_labels", args=[workspace.slug, angry.pk])
    assert f'hx-post="{url}"' in page
    assert 'value="negative" class="sentiment-negative" aria-pressed="true"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sentiment": "negative"}, {"Commande jamais livrée, inadmissible !"}),
        ({"intent": "question"}, {"Vous êtes ouverts dimanche ?"}),
        ({"intent": "none"}, {"Le meilleur pain de la ville, merci !"}),
        ({"sentiment": "positive", "intent": "complaint"}, set()),
        ({"sentiment": "furious"}, None),  # an unknown value is ignored
    ],
)
def test_filters(owner_client, workspace, mentions, query, expected):
    response = listing(owner_client, workspace, **query)
    shown = {m.text for m in response.context["page"].object_list}
    assert shown == (expected if expected is not None else {m.text for m in mentions})
    if expected == set():
        assert "No mention matches these filters." in response.content.decode()


def test_a_read_only_member_sees_the_labels_without_controls(member_factory, workspace, mentions):
    _, client = member_factory("readonly")
    page = listing(client, workspace).content.decode()
    assert "hx-post" not in page
    assert 'class="badge sentiment-negative"' in page
