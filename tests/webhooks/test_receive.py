"""The webhook address: checked, limited, and never more than a nudge to read the account."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.inbox.models import Message
from comptoir.networks import crypto
from comptoir.networks.models import AccountStatus
from comptoir.networks.models_sandbox import SandboxMessage
from comptoir.webhooks import hooks, signing, views
from comptoir.webhooks.models import AccountHook
from tests.webhooks.conftest import call

# Transactions really commit here: a reading is queued only once its request is committed.
pytestmark = pytest.mark.django_db(transaction=True)
READING = "comptoir.webhooks.tasks.read_hooked_account"


class Queue:
    """The readings waiting in the database task queue, by account id."""

    def __eq__(self, other: object) -> bool:
        return self.account_ids() == other

    def __repr__(self) -> str:
        return repr(self.account_ids())

    def account_ids(self) -> list[int]:
        rows = DBTaskResult.objects.filter(task_path=READING).order_by("enqueued_at")
        return [row.args_kwargs["args"][0] for row in rows]


@pytest.fixture
def enqueued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return Queue()


@pytest.fixture(autouse=True)
def fresh_rate_buckets():
    views.BUCKETS.clear()
    yield
    views.BUCKETS.clear()


def test_a_signed_call_asks_for_a_reading_and_is_answered_at_once(hook, enqueued):
    response = call(Client(), hook)
    assert response.status_code == 202
    assert enqueued == [hook.account_id]
    hook.refresh_from_db()
    assert hook.asked_at is not None and hook.last_received_at is not None


def test_calls_while_a_reading_waits_add_nothing_to_the_queue(hook, enqueued):
    client = Client()
    assert [call(client, hook).status_code for _ in range(3)] == [202, 202, 202]
    assert enqueued == [hook.account_id]


def test_the_reading_clears_the_flag_and_reads_the_account(hook, account, enqueued):
    from comptoir.webhooks.tasks import read_hooked_account

    SandboxMessage.objects.create(
        workspace_id=account.workspace_id,
        account_handle=account.remote_id,
        thread_id="dm-claire",
        sender_handle="claire.dubois",
        text="Bonjour, vous livrez ?",
    )
    call(Client(), hook)
    assert read_hooked_account.call(account.pk) == 1
    hook.refresh_from_db()
    assert hook.asked_at is None
    assert Message.objects.get(account=account).text == "Bonjour, vous livrez ?"
    call(Client(), hook)
    assert enqueued == [account.pk, account.pk]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=1,v1=00",
        "nonsense",
        "t=abc,v1=00",
    ],
)
def test_a_call_without_a_good_signature_is_refused_and_asks_nothing(hook, enqueued, header):
    extra = {} if header is None else {"HTTP_X_COMPTOIR_SIGNATURE": header}
    response = call(Client(), hook.token, **extra)
    assert response.status_code == 403
    assert enqueued == []
    hook.refresh_from_db()
    assert hook.asked_at is None and hook.last_received_at is None


def test_a_call_signed_with_another_secret_is_refused(hook, enqueued):
    assert call(Client(), hook.token, secret="not-the-secret").status_code == 403
    assert enqueued == []


def test_a_changed_body_breaks_the_signature(hook, enqueued):
    header = signing.signature(hook.secret, b'{"events": []}')
    response = Client().post(
        f"/hooks/{hook.token}/",
        b'{"events": [1]}',
        content_type="application/json",
        HTTP_X_COMPTOIR_SIGNATURE=header,
    )
    assert response.status_code == 403
    assert enqueued == []


def test_an_old_call_replayed_later_is_refused(hook, enqueued):
    body = b"{}"
    old = signing.signature(hook.secret, body, int(time.time()) - 3600)
    response = Client().post(
        f"/hooks/{hook.token}/",
        body,
        content_type="application/json",
        HTTP_X_COMPTOIR_SIGNATURE=old,
    )
    assert response.status_code == 403
    assert enqueued == []


def test_an_unknown_token_is_not_found(hook, enqueued):
    assert call(Client(), "x" * 43, secret=hook.secret).status_code == 404
    assert call(Client(), "x" * 500, secret=hook.secret).status_code == 404
    assert enqueued == []


def test_a_turned_off_or_disconnected_account_is_not_found(hook, account, enqueued):
    token, secret = hook.token, hook.secret
    account.status = AccountStatus.DISCONNECTED
    account.save()
    assert call(Client(), token, secret=secret).status_code == 404
    account.status = AccountStatus.ACTIVE
    account.save()
    hooks.turn_off(account)
    assert call(Client(), token, secret=secret).status_code == 404
    assert enqueued == []


def test_a_too_big_call_is_refused_before_anything_else(hook, enqueued):
    body = b"x" * (views.MAX_BYTES + 1)
    assert call(Client(), hook, body=body).status_code == 413
    assert call(Client(), "unknown", body=body).status_code == 413
    assert enqueued == []


def test_only_post_is_accepted(hook, enqueued):
    assert Client().get(f"/hooks/{hook.token}/").status_code == 405
    assert enqueued == []


def test_a_flood_is_slowed_down(hook, enqueued, monkeypatch):
    # A small bucket refilled slowly, so that the test's own pace does not matter.
    monkeypatch.setattr(views, "RATE_CAPACITY", 3)
    monkeypatch.setattr(views, "RATE_SECONDS", 3600.0)
    client = Client()
    codes = [call(client, hook).status_code for _ in range(5)]
    assert codes == [202, 202, 202, 429, 429]
    refused = call(client, hook)
    assert int(refused["Retry-After"]) > 60
    assert enqueued == [hook.account_id]


def test_a_request_the_queue_lost_does_not_hold_the_next_ones_back(hook, enqueued):
    call(Client(), hook)
    AccountHook.objects.filter(pk=hook.pk).update(
        asked_at=timezone.now() - hooks.LOST_AFTER - timedelta(seconds=1)
    )
    call(Client(), hook)
    assert enqueued == [hook.account_id, hook.account_id]


def test_the_token_and_secret_are_stored_encrypted(hook):
    row = AccountHook.objects.get(pk=hook.pk)
    assert hook.token not in row.token_hash and hook.token not in row.secrets_token
    assert hook.secret not in row.secrets_token
    assert crypto.decrypt(row.secrets_token) == {"token": hook.token, "secret": hook.secret}
    assert row.token_hash == hooks.token_hash(hook.token)


def test_turning_on_again_replaces_the_address_and_secret(hook, account, enqueued):
    fresh = hooks.turn_on(account)
    assert fresh.token != hook.token and fresh.secret != hook.secret
    assert call(Client(), hook.token, secret=hook.secret).status_code == 404
    assert call(Client(), fresh).status_code == 202
