"""End to end through a real server: the sandbox calls the webhook, the inbox reads at once.

The live server answers on http://localhost:<port>; the sandbox reaches it through the
shared HTTP layer, which lets it through only because the test allows that private host.
The task queue is the database one, run by a real worker in burst mode: no periodic job
(no polling) ever runs here.
"""

from __future__ import annotations

import random
from datetime import timedelta

import httpx
import pytest
from django_tasks_db.models import DBTaskResult

from comptoir.core.worker import database_worker
from comptoir.inbox.models import Message
from comptoir.networks.errors import PrivateAddressError
from comptoir.networks.sandbox import webhooks as sandbox_webhooks
from comptoir.networks.sandbox.simulation import step
from comptoir.webhooks import hooks, signing, views
from comptoir.webhooks.models import AccountHook
from tests.networks.sandbox.conftest import MORNING

pytestmark = pytest.mark.django_db(transaction=True)
SENDING = "comptoir.networks.sandbox.tasks.call_sandbox_webhook"
READING = "comptoir.webhooks.tasks.read_hooked_account"
POLLING = "comptoir.inbox.tasks.ingest_all_accounts"


@pytest.fixture
def site(live_server, settings):
    settings.BASE_URL = live_server.url
    settings.ALLOWED_PRIVATE_HOSTS = ["localhost"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    views.BUCKETS.clear()
    return live_server.url


def queued(path: str) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def customers_write(account) -> list[dict[str, str]]:
    """Steps of customer activity until some of it is for the account; what the network
    says it sent."""
    rng = random.Random(7)
    for n in range(20):
        report = step(account, rng, MORNING + timedelta(minutes=10 * n))
        events = sandbox_webhooks.events_of(account, report.created)
        if events:
            return events
    raise AssertionError("the customers never wrote")


def run_worker_until_idle() -> None:
    database_worker("webhook-test", burst=True).run()


def test_the_sandbox_calls_the_webhook_and_the_inbox_has_the_message_before_any_polling(
    site, account, hook
):
    events = customers_write(account)
    # The network's call waits in the queue; nothing is in the inbox yet.
    assert queued(SENDING) == 1
    assert not Message.objects.filter(account=account).exists()

    run_worker_until_idle()

    # The call reached the server, which asked for a reading, which the worker ran.
    hook.refresh_from_db()
    assert hook.last_received_at is not None and hook.asked_at is None
    assert queued(READING) == 1 and queued(POLLING) == 0
    assert DBTaskResult.objects.filter(task_path=SENDING).get().return_value is True
    stored = set(Message.objects.filter(account=account).values_list("remote_id", flat=True))
    assert {event["id"] for event in events} <= stored


def test_an_account_without_webhook_is_never_called(site, account):
    customers_write(account)
    assert queued(SENDING) == 0


def test_the_sandbox_calls_no_private_address_unless_allowed(site, settings, account, hook):
    settings.ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(PrivateAddressError):
        sandbox_webhooks.call(account, [{"type": "message.created", "id": "x"}])
    hook.refresh_from_db()
    assert hook.last_received_at is None


def test_a_forged_call_is_refused_and_asks_for_nothing(site, hook):
    body = b'{"events": [{"type": "message.created", "id": "forged"}]}'
    forged = signing.signature("guessed-secret", body)
    response = httpx.post(
        f"{site}/hooks/{hook.token}/", content=body, headers={signing.HEADER: forged}
    )
    assert response.status_code == 403
    assert queued(READING) == 0
    assert AccountHook.objects.get(pk=hook.pk).asked_at is None


def test_a_too_big_call_is_refused(site, hook):
    body = b"{" + b" " * views.MAX_BYTES + b"}"
    response = httpx.post(
        f"{site}/hooks/{hook.token}/",
        content=body,
        headers={signing.HEADER: signing.signature(hook.secret, body)},
    )
    assert response.status_code == 413
    assert queued(READING) == 0


def test_an_unknown_address_is_not_found(site, hook):
    body = b"{}"
    response = httpx.post(
        f"{site}/hooks/{'x' * 43}/",
        content=body,
        headers={signing.HEADER: signing.signature(hook.secret, body)},
    )
    assert response.status_code == 404
    assert queued(READING) == 0


def test_a_signed_call_is_accepted_at_once(site, hook):
    body = b"{}"
    response = httpx.post(
        hooks.hook_url(hook),
        content=body,
        headers={signing.HEADER: signing.signature(hook.secret, body)},
    )
    assert response.status_code == 202
    assert queued(READING) == 1
