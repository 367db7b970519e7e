"""A colleague corrects the sentiment the model gave a message in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.inbox.labelling import label_messages
from comptoir.inbox.models import Conversation, Message
from comptoir.nlp.models import Correction
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, MessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_correcting_the_sentiment_of_a_message(open_page: OpenPage, viewport):
    membership = MembershipFactory(role="member")
    message = MessageFactory(workspace=membership.workspace, text="Vous êtes ouverts dimanche ?")
    label_messages([message])
    message.save()
    assert message.sentiment == "neutral"
    page = open_page(user=membership.user, viewport=viewport)
    url = reverse("inbox:conversation", args=[membership.workspace.slug, message.conversation_id])
    page.goto(url)

    sentiment = page.get_by_role("group", name=tr("fr", "Sentiment"))
    negative = sentiment.get_by_role("button", name=tr("fr", "Negative"))
    expect(negative).to_have_attribute("aria-pressed", "false")
    negative.click()

    expect(page.get_by_role("status").filter(has_text=tr("fr", "Saved"))).to_be_visible()
    expect(negative).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(
        page.get_by_role("group", name=tr("fr", "Sentiment")).get_by_role(
            "button", name=tr("fr", "Negative")
        )
    ).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text(tr("fr", "Labels checked by a colleague"))).to_be_visible()
    message = Message.objects.get(pk=message.pk)
    assert (message.sentiment, message.labelled_by) == ("negative", "person")
    assert Conversation.objects.get(pk=message.conversation_id).sentiment == "negative"
    correction = Correction.objects.get()
    assert (correction.model_value, correction.person_value) == ("neutral", "negative")
