"""Which conversations the inbox lists, in which order, one page at a time.

The list must stay fast on a workspace with a million messages, so it never counts rows
and never sorts on an expression: overdue conversations (waiting longer than the
workspace's answer target, in minutes of opening hours as the alerts count them) and the
others are two index-ordered queries, read one after the other, and pages are "previous /
next" with one extra row to know whether a next page exists.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.inbox import search
from comptoir.inbox.choices import InboxChoices
from comptoir.inbox.models import (
    Conversation,
    ConversationStatus,
    Direction,
    Intent,
    Message,
    Sentiment,
)
from comptoir.routing.business_time import overdue_cutoff
from comptoir.workspaces.models import Membership, Workspace

PAGE_SIZE = 25
# The rows of a page in one statement: each conversation with what its row shows, its
# person's and its assignee's names, its label names (a JSON array) and its latest
# message, found through the (conversation, received_at) index with its text cut by the
# database (a 100,000-character message never travels for an excerpt). It is plain SQL
# because building these joins through the ORM took longer than running them, on every
# page; every column read here is in the row's fingerprint (``row_fingerprint``), so a
# row that shows more adds it here.
ROWS_SQL = """
SELECT c.id, c.network, c.rating, c.last_message_at, c.status, c.snoozed_until,
       c.sentiment, c.intent, c.waiting_since,
       p.display_name AS person_name,
       u.full_name AS assignee_full_name, u.email AS assignee_email,
       m.id AS latest_id, m.direction AS latest_direction,
       SUBSTR(m.text, 1, 280) AS latest_excerpt,
       (SELECT {json_array}(l.name) FROM inbox_conversation_labels cl
        JOIN inbox_label l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS label_list
FROM inbox_conversation c
JOIN contacts_person p ON p.id = c.person_id
LEFT JOIN workspaces_membership a ON a.id = c.assignee_id
LEFT JOIN accounts_user u ON u.id = a.user_id
LEFT JOIN inbox_message m ON m.id = (
    SELECT l.id FROM inbox_message l WHERE l.conversation_id = c.id
    ORDER BY l.received_at DESC, l.id DESC LIMIT 1
)
WHERE c.id IN ({ids})
"""
ROW_COLUMNS = (
    "network",
    "rating",
    "last_message_at",
    "status",
    "snoozed_until",
    "sentiment",
    "intent",
    "waiting_since",
    "person_name",
    "assignee_full_name",
    "assignee_email",
    "latest_id",
    "latest_direction",
    "latest_excerpt",
    "label_names",
)
# The JSON array aggregate of each database (PostgreSQL's gives NULL for no row).
JSON_ARRAY_OF = {"sqlite": "json_group_array", "postgresql": "json_agg"}
# The tabs above the list; status tabs use the status values themselves.
TAB_TO_ANSWER = ""
TAB_MINE = "mine"
TAB_SNOOZED = "snoozed"
FILTER_NAMES = (
    "network",
    "status",
    "assignee",
    "label",
    "sentiment",
    "intent",
    "language",
    "received_from",
    "received_to",
    "q",
)


@dataclass
class Listing:
    """The conversations of one page, and what the template needs to link to the others."""

    rows: list[Conversation]
    page: int
    has_next: bool
    tab: str
    filters: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    def query(self, **changes: Any) -> str:
        """The query string of this list with some parameters changed (None removes)."""
        params: dict[str, Any] = {"tab": self.tab, **self.filters, "page": self.page}
        params.update(changes)
        kept = {
            k: v for k, v in params.items() if v not in ("", None) and not (k == "page" and v == 1)
        }
        return urlencode(kept)

    def previous_query(self) -> str:
        return self.query(page=self.page - 1)

    def next_query(self) -> str:
        return self.query(page=self.page + 1)


def clean_filters(params: QueryDict, choices: InboxChoices) -> tuple[dict[str, str], list[str]]:
    """The filters of the query string that make sense here, and what was refused.

    A label or a colleague counts only when it is one of the workspace's ``choices``.
    """
    kept: dict[str, str] = {}
    errors: list[str] = []
    allowed = {
        "network": Network.values,
        "status": ConversationStatus.values,
        "sentiment": Sentiment.values,
        "intent": Intent.values,
        "label": [str(pk) for pk, _name in choices.labels],
        "assignee": ["me", "unassigned", *(str(pk) for pk, _name in choices.members)],
    }
    for name in FILTER_NAMES:
        value = params.get(name, "").strip()
        if not value:
            continue
        if name in allowed and value not in allowed[name]:
            continue
        if name in ("received_from", "received_to"):
            try:
                parsed = parse_date(value)
            except ValueError:
                parsed = None
            if parsed is None:
                errors.append(
                    str(_("This date is not valid, use YYYY-MM-DD: %(date)s") % {"date": value})
                )
                continue
        kept[name] = value[:200]
    return kept, errors


def start_of_day(day: date, workspace: Workspace) -> datetime:
    return datetime.combine(day, time.min, tzinfo=workspace.tzinfo)


def filtered(
    workspace: Workspace,
    membership: Membership,
    tab: str,
    filters: dict[str, str],
    now: datetime | None = None,
) -> QuerySet[Conversation]:
    """The workspace's conversations in this tab that pass these filters, unordered.

    The search words (``q``) are not applied here: see :func:`list_page`.
    """
    now = now or timezone.now()
    conversations: QuerySet[Conversation] = Conversation.objects.for_workspace(workspace)
    not_snoozed = Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=now)
    if tab == TAB_MINE:
        conversations = conversations.filter(assignee=membership).exclude(
            status=ConversationStatus.DONE
        )
    elif tab == TAB_SNOOZED:
        conversations = conversations.filter(snoozed_until__gt=now)
    elif tab in ConversationStatus.values:
        conversations = conversations.filter(status=tab)
    else:
        conversations = conversations.filter(not_snoozed).exclude(status=ConversationStatus.DONE)
    simple = {
        name: filters[name]
        for name in ("network", "status", "sentiment", "intent", "language")
        if name in filters
    }
    conversations = conversations.filter(**simple)
    assignee = filters.get("assignee")
    if assignee == "me":
        conversations = conversations.filter(assignee=membership)
    elif assignee == "unassigned":
        conversations = conversations.filter(assignee__isnull=True)
    elif assignee:
        conversations = conversations.filter(assignee_id=int(assignee))
    if "label" in filters:
        conversations = conversations.filter(labels=int(filters["label"]))
    if "received_from" in filters:
        day = parse_date(filters["received_from"])
        assert day is not None  # checked by clean_filters
        conversations = conversations.filter(last_message_at__gte=start_of_day(day, workspace))
    if "received_to" in filters:
        day = parse_date(filters["received_to"])
        assert day is not None  # checked by clean_filters
        conversations = conversations.filter(
            last_message_at__lt=start_of_day(day + timedelta(days=1), workspace)
        )
    return conversations


def list_page(
    workspace: Workspace,
    membership: Membership,
    params: QueryDict,
    choices: InboxChoices,
    now: datetime | None = None,
) -> Listing:
    """One page of the inbox for these query parameters: overdue first, then newest.

    A search lists the conversations by their newest matching message instead.
    """
    now = now or timezone.now()
    tab = params.get("tab", "")
    if tab not in (TAB_MINE, TAB_SNOOZED, *ConversationStatus.values):
        tab = TAB_TO_ANSWER
    filters, errors = clean_filters(params, choices)
    page = params.get("page", "1")
    number = min(int(page), 10_000) if page.isdigit() and int(page) > 0 else 1
    base = filtered(workspace, membership, tab, filters, now)
    cutoff = overdue_cutoff(workspace, now)
    start = (number - 1) * PAGE_SIZE
    wanted = PAGE_SIZE + 1
    if filters.get("q"):
        # Found messages come newest first: the search reads its index in that order.
        ids = search.matching_ids(base, workspace.pk, filters["q"], wanted, skip=start)
    else:
        ids = ordered_ids(base, cutoff, start, wanted)
    has_next = len(ids) > PAGE_SIZE
    ids = ids[:PAGE_SIZE]
    rows_by_id = {row.pk: row for row in load_rows(ids)}
    rows = [rows_by_id[pk] for pk in ids if pk in rows_by_id]
    shown = display_names()
    for row in rows:
        # Choice labels looked up once per page: get_FOO_display() per row is slow.
        row.network_label = shown["network"].get(row.network, row.network)  # type: ignore[attr-defined]
        row.status_label = shown["status"].get(row.status, row.status)  # type: ignore[attr-defined]
        row.sentiment_label = shown["sentiment"].get(row.sentiment, "")  # type: ignore[attr-defined]
        row.intent_label = shown["intent"].get(row.intent, "")  # type: ignore[attr-defined]
        row.snoozed = bool(row.snoozed_until and row.snoozed_until > now)  # type: ignore[attr-defined]
        row.overdue = is_overdue(row, cutoff)  # type: ignore[attr-defined]
        row.assignee_name = row.assignee_full_name or row.assignee_email  # type: ignore[attr-defined]
    for row in rows:
        row.fingerprint = row_fingerprint(row, workspace)  # type: ignore[attr-defined]
    return Listing(rows, number, has_next, tab, filters, errors)


def load_rows(ids: list[int]) -> list[Conversation]:
    """The conversations of these ids with the columns of ``ROWS_SQL``, in any order."""
    if not ids:
        return []
    sql = ROWS_SQL.format(
        ids=", ".join(["%s"] * len(ids)), json_array=JSON_ARRAY_OF[connection.vendor]
    )
    rows = list(Conversation.objects.raw(sql, ids))
    for row in rows:
        found = row.label_list  # type: ignore[attr-defined]
        names: list[str] = json.loads(found) if isinstance(found, str) else found or []
        row.label_names = sorted(names)  # type: ignore[attr-defined]
    return rows


def row_fingerprint(conversation: Conversation, workspace: Workspace) -> str:
    """A digest of everything the inbox row of this conversation shows.

    Rendering 25 rows is most of a list page's time; the row template caches each row
    under this digest. Every column read for the row (``ROWS_SQL``) goes in, with the
    language and time zone of the page: any change anywhere gives another digest, so a
    cached row can be reused but never be out of date.
    """
    state = (
        conversation.pk,
        tuple(getattr(conversation, column) for column in ROW_COLUMNS),
        getattr(conversation, "overdue", None),
        getattr(conversation, "snoozed", None),
        workspace.slug,
        get_language(),
        timezone.get_current_timezone_name(),
    )
    return digest(state)


def digest(state: object) -> str:
    """A short digest of a value's ``repr``: the key of a page fragment drawn from it."""
    return hashlib.blake2b(repr(state).encode(), digest_size=16).hexdigest()


def is_overdue(conversation: Conversation, cutoff: datetime) -> bool:
    """Still waiting for an answer since the cutoff or before: as the alerts count it."""
    waiting_since = conversation.waiting_since
    return (
        waiting_since is not None
        and conversation.status != ConversationStatus.DONE
        and waiting_since <= cutoff
    )


def ordered_ids(
    base: QuerySet[Conversation], cutoff: datetime, start: int, wanted: int
) -> list[int]:
    """``wanted`` conversation ids from ``start``: overdue ones first, then the newest."""
    order = ("-last_message_at", "-pk")
    # Overdue: still waiting, since the cutoff or before. The comparison goes through
    # Coalesce so that the database walks the index of waiting conversations in the
    # list's order (and stops after one page) rather than sorting every overdue one.
    overdue = (
        base.filter(waiting_since__isnull=False)
        .exclude(status=ConversationStatus.DONE)
        .alias(waited=Coalesce("waiting_since", Value(cutoff)))
        .filter(waited__lte=cutoff)
        .order_by(*order)
    )
    others = base.filter(
        Q(waiting_since__isnull=True)
        | Q(status=ConversationStatus.DONE)
        | Q(waiting_since__gt=cutoff)
    ).order_by(*order)
    ids = list(overdue.values_list("pk", flat=True)[start : start + wanted])
    if len(ids) < wanted:
        # The page reaches past the overdue ones: how many came before it decides the offset.
        overdue_total = start + len(ids) if ids or start == 0 else overdue.count()
        offset = max(start - overdue_total, 0)
        ids += list(others.values_list("pk", flat=True)[offset : offset + wanted - len(ids)])
    return ids


def waiting_for_answer(
    workspace: Workspace, membership: Membership, now: datetime | None = None
) -> QuerySet[Conversation]:
    """The conversations of "To answer" whose customer is waiting for the business.

    Their latest received message has no answer yet (``waiting_since``, which a reply
    clears: see ``conversations.refresh``) and nobody marked them as waiting for the
    customer. The alerts and the overdue badge measure the same ``waiting_since``.
    """
    return (
        filtered(workspace, membership, TAB_TO_ANSWER, {}, now)
        .filter(waiting_since__isnull=False)
        .exclude(status=ConversationStatus.WAITING)
    )


def waiting_messages(
    workspace: Workspace, membership: Membership, count: int, now: datetime | None = None
) -> list[Message]:
    """The latest received message of the first ``count`` conversations waiting for an
    answer, in the inbox's order: overdue first, then the newest."""
    now = now or timezone.now()
    base = waiting_for_answer(workspace, membership, now)
    ids = ordered_ids(base, overdue_cutoff(workspace, now), 0, count)
    latest_received = (
        Message.objects.filter(conversation=OuterRef("pk"), direction=Direction.INBOUND)
        .order_by("-received_at", "-pk")
        .values("pk")[:1]
    )
    message_of = dict(
        Conversation.objects.filter(pk__in=ids)
        .annotate(message_id=Subquery(latest_received))
        .values_list("pk", "message_id")
    )
    found = Message.objects.select_related("person", "conversation__assignee__user").in_bulk(
        [pk for pk in message_of.values() if pk is not None]
    )
    return [found[message_of[pk]] for pk in ids if message_of.get(pk) in found]


def display_names() -> dict[str, dict[str, str]]:
    """The labels of each choice field of the list, in the current language."""
    fields: dict[str, list[tuple[str, Any]]] = {
        "network": Network.choices,
        "status": ConversationStatus.choices,
        "sentiment": Sentiment.choices,
        "intent": Intent.choices,
    }
    return {name: {v: str(label) for v, label in choices} for name, choices in fields.items()}
