"""The periodic job reads every account that can receive messages, each on its own."""

from __future__ import annotations

import pytest

from comptoir.core.scheduler import SCHEDULES
from comptoir.inbox import tasks
from comptoir.inbox.models import Message
from comptoir.networks import actions
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.factories import WorkspaceFactory
from tests.inbox.conftest import customer_post

pytestmark = pytest.mark.django_db


def connect(name):
    workspace = WorkspaceFactory()
    info = SandboxConnector.connect({"display_name": name})
    return actions.save_connection(workspace, "sandbox", info, None)


def mention(account, text="Bravo"):
    customer_post(account.workspace, f"{text} @{account.remote_id}")


def test_every_workspace_s_accounts_are_read():
    first, second = connect("Boulangerie Martin"), connect("Plomberie Durand")
    mention(first)
    mention(second)
    mention(second, "Merci")
    assert tasks.ingest_all_accounts.call() == {"accounts": 2, "messages": 3, "failed": 0}
    assert Message.objects.for_workspace(first.workspace).count() == 1
    assert Message.objects.for_workspace(second.workspace).count() == 2
    assert tasks.ingest_all_accounts.call()["messages"] == 0


def test_one_failing_account_does_not_stop_the_others(monkeypatch):
    first, second = connect("Boulangerie Martin"), connect("Plomberie Durand")
    mention(second)
    real = tasks.ingest_account

    def failing_first(account):
        if account.pk == first.pk:
            raise RuntimeError("unexpected data")
        return real(account)

    monkeypatch.setattr(tasks, "ingest_account", failing_first)
    assert tasks.ingest_all_accounts.call() == {"accounts": 1, "messages": 1, "failed": 1}


def test_disconnected_accounts_and_feeds_are_left_alone(monkeypatch):
    gone = connect("Ancien Commerce")
    actions.disconnect(gone)
    ConnectedAccount.objects.create(
        workspace=WorkspaceFactory(),
        network="rss",
        remote_id="https://example.org/feed.xml",
        handle="example.org",
    )
    calls = []
    monkeypatch.setattr(tasks, "ingest_account", lambda account: calls.append(account) or 0)
    tasks.ingest_all_accounts.call()
    assert calls == []


def test_the_job_runs_every_minute():
    (schedule,) = [
        s for s in SCHEDULES if s.task_path == "comptoir.inbox.tasks.ingest_all_accounts"
    ]
    assert schedule.interval_seconds == 60
