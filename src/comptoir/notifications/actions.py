"""Tell colleagues something at once: in the app, and by email unless they are the actor.

Callers pass lazy strings (``gettext_lazy``); each is rendered in the recipient's own
language (their profile's, else the workspace's), so a team that mixes French and
English reads each notice in its own language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise

from comptoir.notifications.models import Notification
from comptoir.workspaces.models import Membership, Workspace

logger = logging.getLogger(__name__)


def notify(
    workspace: Workspace,
    recipients: Iterable[Membership],
    title: str | Promise,
    *,
    url: str = "",
    body: str | Promise = "",
    params: Mapping[str, Any] | None = None,
    email: bool = True,
) -> list[Notification]:
    """Store one notification per recipient and email it once the transaction commits.

    ``title`` and ``body`` may hold ``%(name)s`` placeholders filled from ``params``
    after translation. ``url`` must be a path on this site ("/w/…").
    """
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError("notifications only lead to pages of this site")
    created = []
    for membership in recipients:
        user = membership.user
        with translation.override(user.language or workspace.language):
            rendered_title = _fill(title, params)[:200]
            rendered_body = _fill(body, params)
        created.append(
            Notification.objects.create(
                workspace=workspace,
                recipient=user,
                title=rendered_title,
                body=rendered_body,
                url=url,
            )
        )
    if email:
        for notification in created:
            transaction.on_commit(lambda n=notification: _send(n))  # type: ignore[misc]
    return created


def _fill(text: str | Promise, params: Mapping[str, Any] | None) -> str:
    rendered = str(text)
    return rendered % dict(params) if params else rendered


def _send(notification: Notification) -> None:
    """Email one notification; a mail server that fails never undoes the notification."""
    user = notification.recipient
    if not user.is_active or not user.email:
        return
    context = {
        "notification": notification,
        "link": settings.BASE_URL + notification.url if notification.url else "",
    }
    with translation.override(user.language or notification.workspace.language):
        body = render_to_string("notifications/email/notification.txt", context)
    try:
        send_mail(f"Comptoir · {notification.title}", body, None, [user.email])
    except OSError:
        logger.exception("Could not email notification %s", notification.pk)
