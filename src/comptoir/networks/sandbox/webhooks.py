"""The sandbox calling Comptoir back, as a real network calls a webhook.

When simulated customers write to an account whose webhook is on, the sandbox posts one
signed call listing what happened to the address shown on the account page, through the
shared HTTP layer (private addresses refused unless allowed). The call only says *that*
something happened: the inbox then reads the account through the connector.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone

from comptoir.networks.http import HttpClient, check_public_url, public_transport
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost, SandboxReview
from comptoir.networks.sandbox.connector import mentions
from comptoir.webhooks import hooks, signing


def events_of(account: ConnectedAccount, created: list[models.Model]) -> list[dict[str, Any]]:
    """What a network would tell the account about: comments, mentions, messages, reviews."""
    events = []
    for row in created:
        if isinstance(row, SandboxReview):
            kind = "review.created"
        elif isinstance(row, SandboxMessage):
            kind = "message.created"
        elif isinstance(row, SandboxPost) and (
            row.in_reply_to or mentions(account.remote_id, row.text)
        ):
            kind = "comment.created" if row.in_reply_to else "mention.created"
        else:
            continue
        events.append({"type": kind, "id": row.remote_id})
    return events


def call(account: ConnectedAccount, events: list[dict[str, Any]]) -> bool:
    """Post the signed call; False when the account's webhook is off."""
    found = hooks.subscription(account)
    if found is None or not events:
        return False
    url, secret = found
    check_public_url(url)
    body = json.dumps(
        {"account": account.remote_id, "sent_at": timezone.now().isoformat(), "events": events}
    ).encode()
    client = HttpClient(
        network="sandbox",
        account_key=str(account.pk),
        timeout=5.0,
        transport=public_transport(),  # the address is typed by a user
    )
    try:
        # Repeating a call is harmless (it only asks for a reading): retry it freely.
        client.request(
            "POST",
            url,
            content=body,
            idempotent=True,
            headers={
                "Content-Type": "application/json",
                signing.HEADER: signing.signature(secret, body),
            },
        )
    finally:
        client.close()
    return True
