"""The public webhook address, and the account page's switch for it."""

from __future__ import annotations

import threading
import time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from comptoir.networks.http import TokenBucket
from comptoir.networks.models import ConnectedAccount
from comptoir.webhooks import hooks, signing
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

# A nudge is a few hundred bytes; networks' event bodies stay well under this.
MAX_BYTES = 64 * 1024
# Calls per account: a burst, then one every two seconds. Beyond, 429 and polling reads.
RATE_CAPACITY, RATE_SECONDS = 30, 60.0
# Per process, like the outgoing buckets: several web processes each allow this much.
BUCKETS: dict[int, TokenBucket] = {}
BUCKETS_LOCK = threading.Lock()


def rate_wait(hook_id: int) -> float:
    """0 when the hook may be called now (a token is taken), else the seconds to wait."""
    with BUCKETS_LOCK:
        bucket = BUCKETS.setdefault(
            hook_id, TokenBucket(RATE_CAPACITY, RATE_CAPACITY / RATE_SECONDS)
        )
        return bucket.wait_time(time.monotonic())


@csrf_exempt
@require_POST
def receive(request: HttpRequest, token: str) -> HttpResponse:
    """Check the call and ask for the account to be read; answer at once.

    Size first (nothing big is read), then the token, the rate, the signature. Whatever
    the body says is ignored: the reading takes what the network's API says.
    """
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BYTES:
        return HttpResponse(status=413)
    body = request.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        return HttpResponse(status=413)
    hook = hooks.find(token)
    if hook is None:
        return HttpResponse(status=404)
    wait = rate_wait(hook.pk)
    if wait:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(int(wait) + 1)
        return response
    header = request.headers.get(signing.HEADER, "")
    if not signing.is_valid(hook.secret, body, header):
        return HttpResponse(status=403)
    hooks.nudge(hook)
    return HttpResponse(status=202)


@workspace_view(Role.MANAGER)
@require_POST
def switch(request: WorkspaceRequest, account_id: int) -> HttpResponse:
    """Turn the account's webhook on (a new address and secret each time) or off."""
    account = get_scoped(ConnectedAccount, request.workspace, pk=account_id)
    if request.POST.get("action") == "off":
        hooks.turn_off(account)
        messages.success(request, _("Instant delivery is off for this account."))
    elif not hooks.supports_webhooks(account):
        messages.error(request, _("This network cannot send webhooks."))
    elif not hooks.public_base_url():
        messages.error(
            request,
            _(
                "Networks can only call Comptoir at a public https address: set "
                "COMPTOIR_BASE_URL to it first."
            ),
        )
    else:
        hooks.turn_on(account)
        messages.success(
            request,
            _("Instant delivery is on. Copy the address and the secret into the network."),
        )
    return redirect("networks:index", request.workspace.slug)
