"""Messaging windows: how long a direct message may still be answered (Meta's 24 h rule).

The window is declared by the network (``Limits.reply_window``) and runs from the
customer's latest direct message in the conversation. Only direct messages have one:
comments and reviews can be answered at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comptoir.inbox.models import Conversation, Direction, Message, MessageKind
from comptoir.networks.registry import get_network


@dataclass(frozen=True)
class Window:
    closes_at: datetime
    now: datetime

    @property
    def remaining(self) -> timedelta:
        return max(self.closes_at - self.now, timedelta(0))

    @property
    def is_open(self) -> bool:
        return self.now < self.closes_at

    def describe(self) -> str:
        """ "You can answer for another 3 h 20 min", or why you no longer can."""
        if not self.is_open:
            return _(
                "This network only lets a business answer a direct message within a set time "
                "after the customer's last message, and that time is over. Wait for the "
                "customer to write again, or answer them another way."
            )
        return _("You can answer for another %(time)s.") % {"time": duration(self.remaining)}


def duration(span: timedelta) -> str:
    """A short, translated duration: "3 h 20 min", "45 min"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if hours:
        return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
    return ngettext("%(minutes)s minute", "%(minutes)s minutes", minutes) % {"minutes": minutes}


def window_for(
    conversation: Conversation, answered: Message | None, now: datetime | None = None
) -> Window | None:
    """The window the answer to ``answered`` must fit in, or None when there is none."""
    if answered is None or answered.kind != MessageKind.DIRECT:
        return None
    try:
        declared = get_network(conversation.network).limits.reply_window
    except LookupError:
        return None
    if declared is None:
        return None
    last = (
        Message.objects.filter(
            conversation=conversation, direction=Direction.INBOUND, kind=MessageKind.DIRECT
        )
        .order_by("-received_at")
        .values_list("received_at", flat=True)
        .first()
    )
    if last is None:
        return None
    return Window(closes_at=last + declared, now=now or timezone.now())
