"""What the account page shows about an account's webhook."""

from __future__ import annotations

from typing import Any

from django import template

from comptoir.networks.models import ConnectedAccount
from comptoir.webhooks import hooks
from comptoir.webhooks.models import AccountHook

register = template.Library()


@register.simple_tag
def account_webhook(account: ConnectedAccount) -> dict[str, Any]:
    """Whether the account can have a webhook here, and its address and secret if on.

    Nothing is offered while the site has no public https address: a network could not
    reach it, and a secret shown for nothing is a secret exposed for nothing.
    """
    base = hooks.public_base_url()
    if not base or not hooks.supports_webhooks(account):
        return {"available": False}
    hook = AccountHook.objects.filter(account=account).first()
    if hook is None:
        return {"available": True, "on": False}
    return {
        "available": True,
        "on": True,
        "url": hooks.hook_url(hook, base),
        "secret": hook.secret,
        "last_received_at": hook.last_received_at,
    }
