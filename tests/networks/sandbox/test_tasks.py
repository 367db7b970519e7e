"""The periodic job runs one round of customers for every connected sandbox account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comptoir.networks import actions
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.networks.sandbox import tasks
from comptoir.networks.sandbox.simulation import StepReport
from tests.factories import WorkspaceFactory
from tests.networks.sandbox.conftest import MORNING, connect_sandbox

pytestmark = pytest.mark.django_db


def test_each_active_sandbox_account_gets_one_step(monkeypatch):
    first = connect_sandbox(WorkspaceFactory(), "Boulangerie Martin")
    second = connect_sandbox(WorkspaceFactory(), "Plomberie Durand")
    gone = connect_sandbox(WorkspaceFactory(), "Ancien Commerce")
    actions.disconnect(gone)
    calls = []
    real_step = tasks.step

    def recording_step(account, rng, now):
        calls.append(account.pk)
        return real_step(account, rng, now)

    monkeypatch.setattr(tasks, "step", recording_step)
    assert tasks.simulate_sandbox_customers.call() == 2
    assert calls == [first.pk, second.pk]


def test_one_failing_account_does_not_stop_the_others(monkeypatch):
    first = connect_sandbox(WorkspaceFactory(), "Boulangerie Martin")
    second = connect_sandbox(WorkspaceFactory(), "Plomberie Durand")
    calls = []

    def failing_first(account, rng, now):
        calls.append(account.pk)
        if account.pk == first.pk:
            raise RuntimeError("boom")
        return StepReport()

    monkeypatch.setattr(tasks, "step", failing_first)
    assert tasks.simulate_sandbox_customers.call() == 1
    assert calls == [first.pk, second.pk]


def test_the_task_really_writes_customer_activity(monkeypatch):
    account = connect_sandbox(WorkspaceFactory(sector="food"), "Boulangerie Martin")
    for minutes in range(0, 150, 10):  # a morning, when customers are awake
        monkeypatch.setattr(
            "django.utils.timezone.now", lambda m=minutes: MORNING + timedelta(minutes=m)
        )
        tasks.simulate_sandbox_customers.call()
    assert SandboxPost.objects.for_workspace(account.workspace).exists()


def test_the_task_can_be_enqueued_with_no_arguments(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    connect_sandbox(WorkspaceFactory(), "Boulangerie Martin")
    result = tasks.simulate_sandbox_customers.enqueue()
    assert result.return_value == 1
