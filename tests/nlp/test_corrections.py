"""One-click corrections: who may make them, what they change, what they keep."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.inbox.labelling import label_messages
from comptoir.inbox.models import Conversation, Message
from comptoir.listening.models import Mention
from comptoir.nlp.models import Correction
from tests.factories import MembershipFactory, MentionFactory, MessageFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def message(workspace):
    message = MessageFactory(workspace=workspace, text="Vous êtes ouverts dimanche ?")
    label_messages([message])
    message.save()
    return message


def message_url(message):
    return reverse("nlp:message_labels", args=[message.workspace.slug, message.pk])


def mention_url(mention):
    return reverse("nlp:mention_labels", args=[mention.workspace.slug, mention.pk])


def test_one_click_sets_the_sentiment_and_keeps_the_correction(member_factory, message):
    assert (message.sentiment, message.labelled_by) == ("neutral", "model")
    membership, client = member_factory("member")

    response = client.post(message_url(message), {"sentiment": "negative"}, **HTMX)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<form class="label-editor"')  # the fragment only
    assert 'value="negative" class="sentiment-negative" aria-pressed="true"' in page
    assert "Labels checked by a colleague" in page
    message.refresh_from_db()
    assert (message.sentiment, message.labelled_by) == ("negative", "person")
    conversation = Conversation.objects.get(pk=message.conversation_id)
    assert conversation.sentiment == "negative"  # the summary follows
    row = Correction.objects.get()
    assert row.workspace == message.workspace
    assert (row.field, row.model_value, row.person_value) == ("sentiment", "neutral", "negative")
    assert (row.text, row.language, row.corrected_by) == (message.text, "fr", membership)
    assert row.message == message


def test_correcting_again_updates_the_row_and_going_back_withdraws_it(owner_client, message):
    owner_client.post(message_url(message), {"sentiment": "negative"}, **HTMX)
    owner_client.post(message_url(message), {"sentiment": "positive"}, **HTMX)
    row = Correction.objects.get()
    assert (row.model_value, row.person_value) == ("neutral", "positive")

    owner_client.post(message_url(message), {"sentiment": "neutral"}, **HTMX)
    assert not Correction.objects.exists()
    message.refresh_from_db()
    assert message.labelled_by == "person"  # a person has checked it: the model keeps off


def test_intent_and_language_are_corrected_together(owner_client, message):
    owner_client.post(message_url(message), {"intent": "purchase", "language": "en"}, **HTMX)
    message.refresh_from_db()
    assert (message.intent, message.language) == ("purchase", "en")
    rows = {r.field: (r.model_value, r.person_value) for r in Correction.objects.all()}
    assert rows == {"intent": ("question", "purchase"), "language": ("fr", "en")}
    # Every correction of this text now says it is English, for training.
    assert set(Correction.objects.values_list("language", flat=True)) == {"en"}

    owner_client.post(message_url(message), {"intent": ""}, **HTMX)
    message.refresh_from_db()
    assert message.intent == ""
    assert Correction.objects.get(field="intent").person_value == ""


def test_later_labelling_respects_the_person(owner_client, message):
    owner_client.post(message_url(message), {"sentiment": "positive"}, **HTMX)
    message.refresh_from_db()
    label_messages([message])
    assert (message.sentiment, message.labelled_by) == ("positive", "person")


def test_a_mention_is_corrected_the_same_way(owner_client, workspace):
    mention = MentionFactory(workspace=workspace, text="Trop bon ce pain !")
    assert mention.sentiment == "positive"
    response = owner_client.post(mention_url(mention), {"sentiment": "negative"}, **HTMX)
    assert response.status_code == 200
    mention.refresh_from_db()
    assert (mention.sentiment, mention.labelled_by) == ("negative", "person")
    row = Correction.objects.get()
    assert (row.mention, row.message, row.model_value) == (mention, None, "positive")
    # Saved again later (a new search finding it), it keeps the person's label.
    mention.save()
    assert Mention.objects.get(pk=mention.pk).sentiment == "negative"


def test_a_bad_value_is_refused_in_the_fragment(owner_client, message):
    response = owner_client.post(message_url(message), {"sentiment": "furious"}, **HTMX)
    assert response.status_code == 200  # htmx swaps only successful answers
    assert 'role="alert"' in response.content.decode()
    message.refresh_from_db()
    assert (message.sentiment, message.labelled_by) == ("neutral", "model")
    assert not Correction.objects.exists()
    response = owner_client.post(message_url(message), {"sentiment": ""}, **HTMX)
    assert "Choose negative, neutral or positive." in response.content.decode()


def test_without_javascript_the_form_goes_back_to_the_page(owner_client, message):
    back = reverse("listening:index", args=[message.workspace.slug]) + "?sentiment=negative"
    response = owner_client.post(message_url(message), {"sentiment": "positive", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    response = owner_client.post(
        message_url(message), {"sentiment": "negative", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("inbox:index", args=[message.workspace.slug])
    message.refresh_from_db()
    assert message.sentiment == "negative"


def test_read_only_members_cannot_correct(member_factory, message):
    _, client = member_factory("readonly")
    response = client.post(message_url(message), {"sentiment": "negative"}, **HTMX)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.sentiment == "neutral"


def test_another_workspace_s_message_is_not_found(message):
    stranger = Client()
    stranger.force_login(MembershipFactory(role="owner").user)
    response = stranger.post(message_url(message), {"sentiment": "negative"}, **HTMX)
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.sentiment == "neutral" and not Correction.objects.exists()


def test_a_reply_has_no_labels_to_correct(owner_client, workspace):
    reply = MessageFactory(workspace=workspace, direction="out", text="Oui, de 8h à 13h.")
    response = owner_client.post(message_url(reply), {"sentiment": "negative"}, **HTMX)
    assert response.status_code == 404
    assert Message.objects.get(pk=reply.pk).sentiment == ""


def test_get_is_refused(owner_client, message):
    assert owner_client.get(message_url(message)).status_code == 405
