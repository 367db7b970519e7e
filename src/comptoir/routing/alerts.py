"""Conversations waiting too long: told once per waiting episode, to whoever can act.

A conversation is overdue when its customer has waited ``response_target_minutes`` of
opening hours for an answer (see ``business_time.overdue_cutoff``). Its assignee is told;
when nobody is assigned, the owners and managers are, since one of them has to pick it
up. ``alerted_at`` remembers the alert: a new wait (a later ``waiting_since``) is a new
episode and may be alerted again, the same wait never twice. Snoozed and done
conversations are left alone, and so is the demo workspace, whose people are invented.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from comptoir.inbox.models import Conversation, ConversationStatus
from comptoir.notifications.actions import notify
from comptoir.routing.business_time import overdue_cutoff
from comptoir.routing.engine import conversation_url
from comptoir.workspaces.models import Membership, Role, Workspace

logger = logging.getLogger(__name__)

# Beyond this many new overdue conversations at once, a colleague gets one summary.
DIGEST_AFTER = 3


def waiting(now: datetime) -> QuerySet[Conversation]:
    """Conversations someone should answer now: waiting, not done, not snoozed."""
    return (
        Conversation.objects.filter(waiting_since__isnull=False)
        .exclude(status=ConversationStatus.DONE)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now))
    )


def not_alerted() -> Q:
    return Q(alerted_at__isnull=True) | Q(alerted_at__lt=F("waiting_since"))


def overdue(workspace: Workspace, now: datetime) -> QuerySet[Conversation]:
    return (
        waiting(now)
        .filter(workspace=workspace, waiting_since__lte=overdue_cutoff(workspace, now))
        .filter(not_alerted())
    )


def recipients(conversation: Conversation) -> list[Membership]:
    if conversation.assignee is not None and conversation.assignee.user.is_active:
        return [conversation.assignee]
    return list(
        Membership.objects.filter(
            workspace_id=conversation.workspace_id,
            role__in=[Role.OWNER, Role.MANAGER],
            user__is_active=True,
        ).select_related("user")
    )


def claim(conversation: Conversation, now: datetime) -> bool:
    """Take this waiting episode for alerting; a concurrent run finds nothing left to take."""
    return bool(
        Conversation.objects.filter(pk=conversation.pk).filter(not_alerted()).update(alerted_at=now)
    )


def alert_workspace(workspace: Workspace, now: datetime) -> int:
    """Alert the overdue conversations of one workspace; return how many were alerted.

    Each colleague gets one notice per conversation, or a single summary when more than
    ``DIGEST_AFTER`` became overdue at once (after an outage, or the first run on an
    inbox with a backlog), so nobody receives a flood of emails.
    """
    candidates = overdue(workspace, now).select_related("assignee__user", "person", "workspace")
    with transaction.atomic():
        claimed = [c for c in candidates if claim(c, now)]
        per_member: dict[int, tuple[Membership, list[Conversation]]] = {}
        for conversation in claimed:
            for member in recipients(conversation):
                per_member.setdefault(member.pk, (member, []))[1].append(conversation)
        for member, conversations in per_member.values():
            if len(conversations) > DIGEST_AFTER:
                tell_many(workspace, member, len(conversations))
            else:
                for conversation in conversations:
                    tell_one(workspace, member, conversation)
    return len(claimed)


def tell_one(workspace: Workspace, member: Membership, conversation: Conversation) -> None:
    notify(
        workspace,
        [member],
        _("%(person)s has been waiting too long for an answer"),
        url=conversation_url(conversation),
        body=_(
            "The customer has waited longer than your team's response target, "
            "counted in opening hours."
        ),
        params={"person": conversation.person.display_name},
    )


def tell_many(workspace: Workspace, member: Membership, count: int) -> None:
    notify(
        workspace,
        [member],
        ngettext_lazy(
            "%(count)s conversation has been waiting too long for an answer",
            "%(count)s conversations have been waiting too long for an answer",
            count,
        ),
        url=reverse("inbox:index", args=[workspace.slug]),
        body=_("The inbox lists the conversations waiting too long first."),
        params={"count": count},
    )


def alert_all(now: datetime | None = None) -> dict[str, int]:
    """One pass over every workspace with a conversation waiting; a failure stays local."""
    now = now or timezone.now()
    summary = {"workspaces": 0, "alerted": 0, "failed": 0}
    with_waiting = waiting(now).filter(not_alerted()).values("workspace")
    for workspace in Workspace.objects.filter(pk__in=with_waiting, is_demo=False).order_by("pk"):
        try:
            summary["alerted"] += alert_workspace(workspace, now)
        except Exception:
            logger.exception("routing: alerts failed for workspace %s", workspace.pk)
            summary["failed"] += 1
            continue
        summary["workspaces"] += 1
    return summary
