"""Messaging windows: declared by the network, counted from the customer's last message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from comptoir.networks.registry import get_network
from comptoir.replies import actions
from comptoir.replies.window import duration, window_for
from tests.replies.conftest import direct

pytestmark = pytest.mark.django_db


def test_the_sandbox_declares_meta_s_24_hours_and_other_networks_none():
    assert get_network("sandbox").limits.reply_window == timedelta(hours=24)
    assert get_network("sandbox").limits.as_dict()["reply_window"] == 24
    assert get_network("bluesky").limits.reply_window is None
    assert get_network("mastodon").limits.as_dict()["reply_window"] is None


def test_durations_read_naturally():
    with translation.override("en"):
        assert duration(timedelta(hours=3, minutes=20, seconds=59)) == "3 h 20 min"
        assert duration(timedelta(hours=1)) == "1 hour"
        assert duration(timedelta(minutes=1)) == "1 minute"
        assert duration(timedelta(seconds=-5)) == "0 minutes"
    with translation.override("fr"):
        assert duration(timedelta(hours=2)) == "2 heures"


def test_the_window_runs_from_the_latest_direct_message(account, julie):
    first = direct(account, "Bonjour", age=timedelta(hours=30))
    conversation = first.conversation
    assert not window_for(conversation, first).is_open
    latest = direct(account, "Vous êtes là ?", age=timedelta(hours=1))
    window = window_for(conversation, latest)
    assert window.is_open
    assert timedelta(hours=22, minutes=59) < window.remaining <= timedelta(hours=23)
    with translation.override("en"):
        assert window.describe().startswith("You can answer for another 22 h 59 min")
    assert actions.problems(conversation, julie, "Oui", latest) == []


def test_a_closed_window_refuses_the_reply(account, julie):
    old = direct(account, "Bonjour", age=timedelta(hours=24, minutes=1))
    with pytest.raises(actions.ReplyRefused) as refused:
        actions.create_reply(old.conversation, julie, "Oui", old)
    with translation.override("en"):
        assert "that time is over" in str(window_for(old.conversation, old).describe())
    assert refused.value.problems


def test_comments_have_no_window(question):
    assert window_for(question.conversation, question, timezone.now()) is None
