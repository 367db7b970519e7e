"""A conversation waiting too long is alerted once per waiting episode."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from comptoir.core.scheduler import SCHEDULES
from comptoir.inbox.models import Conversation
from comptoir.notifications.models import Notification
from comptoir.routing import tasks
from comptoir.routing.alerts import alert_all
from tests.factories import ConversationFactory
from tests.routing.conftest import paris

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 11:00; the target is 60 minutes of opening hours.
NOW = paris(2026, 11, 23, 11, 0)


@pytest.fixture
def waiting(shop, team):
    shop.response_target_minutes = 60
    shop.save()

    def make(since, **fields):
        return ConversationFactory(
            workspace=shop,
            started_at=since,
            last_message_at=since,
            waiting_since=since,
            **fields,
        )

    return make


def recipients():
    return sorted(n.recipient.email for n in Notification.objects.all())


def test_the_assignee_is_told_once_per_episode(
    shop, team, waiting, django_capture_on_commit_callbacks
):
    chat = waiting(paris(2026, 11, 23, 9, 30), assignee=team["cakes"])
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_all(NOW)["alerted"] == 1
        assert alert_all(NOW + timedelta(minutes=5))["alerted"] == 0
    assert recipients() == [team["cakes"].user.email]
    assert [m.to for m in mail.outbox] == [[team["cakes"].user.email]]
    chat.refresh_from_db()
    assert chat.alerted_at == NOW

    # The customer writes again after an answer: a new episode, a new alert later on.
    new_wait = paris(2026, 11, 23, 14, 0)
    Conversation.objects.filter(pk=chat.pk).update(waiting_since=new_wait)
    assert alert_all(paris(2026, 11, 23, 14, 30))["alerted"] == 0
    assert alert_all(paris(2026, 11, 23, 15, 1))["alerted"] == 1
    assert Notification.objects.count() == 2


def test_only_opening_hours_count(shop, team, waiting):
    # Saturday 11:30 -> Monday 9:20: 30 + 20 business minutes, under the target.
    waiting(paris(2026, 11, 21, 11, 30), assignee=team["cakes"])
    assert alert_all(paris(2026, 11, 23, 9, 20))["alerted"] == 0
    assert alert_all(paris(2026, 11, 23, 9, 31))["alerted"] == 1


def test_unassigned_conversations_alert_owners_and_managers(shop, team, waiting):
    from tests.factories import MembershipFactory

    manager = MembershipFactory(workspace=shop, role="manager")
    waiting(paris(2026, 11, 23, 9, 0))
    alert_all(NOW)
    assert recipients() == sorted([team["owner"].user.email, manager.user.email])


def test_snoozed_done_and_answered_conversations_are_left_alone(shop, team, waiting):
    long_ago = paris(2026, 11, 20, 9, 0)
    waiting(long_ago, snoozed_until=NOW + timedelta(hours=1))
    waiting(long_ago, status="done")
    ConversationFactory(workspace=shop, waiting_since=None)
    assert alert_all(NOW)["alerted"] == 0
    # A snooze that has ended counts again.
    assert alert_all(NOW + timedelta(hours=2))["alerted"] == 1


def test_the_demo_workspace_is_never_alerted(shop, team, waiting):
    shop.is_demo = True
    shop.save()
    waiting(paris(2026, 11, 20, 9, 0))
    assert alert_all(NOW)["alerted"] == 0


def test_the_job_is_scheduled_and_runs_as_a_task(shop, team, waiting):
    schedule = next(
        s for s in SCHEDULES if s.task_path == "comptoir.routing.tasks.alert_waiting_conversations"
    )
    assert schedule.every == timedelta(minutes=5)
    waiting(paris(2026, 11, 2, 9, 0))
    assert tasks.alert_waiting_conversations.call() == {"workspaces": 1, "alerted": 1, "failed": 0}


def test_a_backlog_becomes_one_summary_per_colleague(
    shop, team, waiting, django_capture_on_commit_callbacks
):
    for _ in range(5):
        waiting(paris(2026, 11, 20, 9, 0), assignee=team["cakes"])
    waiting(paris(2026, 11, 20, 9, 0), assignee=team["bread"])
    with django_capture_on_commit_callbacks(execute=True):
        assert alert_all(NOW)["alerted"] == 6
    cakes = Notification.objects.get(recipient=team["cakes"].user)
    assert cakes.title == "5 conversations attendent une réponse depuis trop longtemps"
    assert cakes.url == reverse("inbox:index", args=[shop.slug])
    assert Notification.objects.filter(recipient=team["bread"].user).count() == 1
    assert len(mail.outbox) == 2
    assert alert_all(NOW + timedelta(minutes=5))["alerted"] == 0
