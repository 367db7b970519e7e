"""Giving each new conversation to the colleague who knows.

Order of decisions, as a small team expects it:

1. the workspace's rules, in their order: the first rule whose conditions all hold and
   that has someone to give the conversation to decides;
2. otherwise the team's areas of expertise: the colleagues whose tags appear most in what
   the customer wrote (spam is never routed this way);
3. otherwise nobody: the conversation waits in the shared inbox.

When several colleagues are equally right, the one who received a routed conversation
least recently gets it (then the longest-standing member), so work is shared fairly and
the choice is the same however often it is replayed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from comptoir.inbox.models import Conversation, Direction, Intent, Message
from comptoir.notifications.actions import notify
from comptoir.routing import text
from comptoir.routing.models import Action, Assignment, RoutingRule
from comptoir.workspaces.hours import is_open
from comptoir.workspaces.models import Membership, Role, Workspace

logger = logging.getLogger(__name__)

# Enough of a long thread to know what it is about, without reading it all.
MESSAGES_READ = 20
EXCERPT_LENGTH = 200


@dataclass(frozen=True)
class Decision:
    """Who may take the conversation, and why (a rule, or an expertise tag)."""

    candidates: Sequence[Membership]
    rule: RoutingRule | None = None
    expertise: str = ""


def eligible_members(workspace: Workspace) -> list[Membership]:
    """Colleagues who answer customers: everyone but read-only members and inactive users."""
    return list(
        Membership.objects.for_workspace(workspace)
        .filter(user__is_active=True)
        .exclude(role=Role.READONLY)
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def has_tag(membership: Membership, tag: str) -> bool:
    wanted = text.phrase(tag)
    return bool(wanted) and any(text.phrase(own) == wanted for own in membership.expertise)


def rule_applies(rule: RoutingRule, conversation: Conversation, words: Sequence[str]) -> bool:
    """Whether every condition the rule sets holds; unset conditions always hold."""
    if rule.language and rule.language != conversation.language:
        return False
    if rule.network and rule.network != conversation.network:
        return False
    if rule.intent and rule.intent != conversation.intent:
        return False
    return not rule.keywords or bool(text.matching(words, rule.keywords))


def rule_candidates(rule: RoutingRule, members: Sequence[Membership]) -> list[Membership]:
    if rule.action == Action.MEMBER:
        return [m for m in members if m.pk == rule.assignee_id]
    return [m for m in members if has_tag(m, rule.expertise)]


def by_expertise(members: Sequence[Membership], words: Sequence[str]) -> Decision | None:
    """The colleagues whose tags appear most often in the text, and their first such tag."""
    found = {m.pk: text.matching(words, m.expertise) for m in members}
    best = max((len(tags) for tags in found.values()), default=0)
    if best == 0:
        return None
    equals = [m for m in members if len(found[m.pk]) == best]
    return Decision(equals, expertise=found[equals[0].pk][0])


def decide(
    conversation: Conversation,
    rules: Sequence[RoutingRule],
    members: Sequence[Membership],
    words: Sequence[str],
) -> Decision | None:
    for rule in rules:
        if rule_applies(rule, conversation, words):
            candidates = rule_candidates(rule, members)
            if candidates:
                return Decision(candidates, rule=rule)
    if conversation.intent == Intent.SPAM:
        return None
    return by_expertise(members, words)


def least_recently_assigned(workspace: Workspace, candidates: Sequence[Membership]) -> Membership:
    """Round-robin: never routed to first, then the longest since; ties by seniority."""
    last = dict(
        Assignment.objects.for_workspace(workspace)
        .filter(membership__in=[m.pk for m in candidates])
        .order_by()
        .values("membership")
        .annotate(latest=Max("assigned_at"))
        .values_list("membership", "latest")
    )
    order = {m.pk: index for index, m in enumerate(candidates)}
    never = datetime.min.replace(tzinfo=UTC)

    def key(member: Membership) -> tuple[datetime, int]:
        return (last.get(member.pk) or never, order[member.pk])

    return min(candidates, key=key)


def conversation_words(conversation: Conversation) -> tuple[list[str], str]:
    """The reduced words of what the customer wrote, and their latest message."""
    texts = list(
        Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
        .order_by("-received_at", "-pk")
        .values_list("text", flat=True)[:MESSAGES_READ]
    )
    return text.words(" ".join(reversed(texts))), (texts[0] if texts else "")


def route(conversation: Conversation, now: datetime | None = None) -> Assignment | None:
    """Give one unassigned conversation to a colleague and tell them; None if nobody fits."""
    workspace = conversation.workspace
    now = now or timezone.now()
    rules = list(RoutingRule.objects.for_workspace(workspace))
    members = eligible_members(workspace)
    words, latest = conversation_words(conversation)
    decision = decide(conversation, rules, members, words)
    if decision is None:
        return None
    # Locking the candidates makes two concurrent runs take turns, so both do not pick
    # the same "least recently assigned" colleague.
    list(Membership.objects.select_for_update().filter(pk__in=[m.pk for m in decision.candidates]))
    chosen = least_recently_assigned(workspace, decision.candidates)
    taken = Conversation.objects.filter(pk=conversation.pk, assignee__isnull=True).update(
        assignee=chosen
    )
    if not taken:
        return None  # a colleague assigned it meanwhile: their choice wins
    conversation.assignee = chosen
    assignment = Assignment.objects.create(
        workspace=workspace,
        conversation=conversation,
        membership=chosen,
        rule=decision.rule,
        expertise=decision.expertise,
        assigned_at=now,
    )
    tell_assignee(assignment, latest, now)
    return assignment


def route_new(conversations: Iterable[Conversation]) -> list[Assignment]:
    """Route the conversations that have no assignee; called when new messages arrive.

    Each conversation is routed in its own savepoint, and a failure is logged rather than
    raised: routing must never keep customers' messages out of the inbox (the ingestion
    transaction would roll back and retry the same page forever).
    """
    made = []
    for conversation in conversations:
        if conversation.assignee_id is not None:
            continue
        try:
            with transaction.atomic():
                assignment = route(conversation)
        except Exception:
            logger.exception("routing: conversation %s could not be routed", conversation.pk)
            continue
        if assignment is not None:
            made.append(assignment)
    return made


def conversation_url(conversation: Conversation) -> str:
    slug = conversation.workspace.slug
    try:
        return reverse("inbox:conversation", args=[slug, conversation.pk])
    except NoReverseMatch:
        return reverse("inbox:index", args=[slug])


def reason(assignment: Assignment) -> Promise:
    if assignment.rule is not None:
        return _("Routed to you by the rule “%(rule)s”.")
    return _("Routed to you for your expertise: %(tag)s.")


def tell_assignee(assignment: Assignment, latest: str, now: datetime) -> None:
    """Tell the colleague at once, in the app and by email, even when the shop is closed.

    A small team has no one on call: an email at night is how a plumber hears of a leak.
    Outside opening hours the notice says so, and that the response time only counts
    from opening, so nobody feels they must answer before then.
    """
    conversation = assignment.conversation
    parts = [reason(assignment)]
    if not is_open(conversation.workspace, now):
        parts.append(
            _("It arrived while the business is closed: its response time counts from opening.")
        )
    parts.append(_("They wrote: “%(excerpt)s”"))
    notify(
        conversation.workspace,
        [assignment.membership],
        _("New conversation for you: %(person)s"),
        url=conversation_url(conversation),
        body=format_lazy("{}\n\n" * (len(parts) - 1) + "{}", *parts),
        params={
            "person": conversation.person.display_name,
            "rule": assignment.rule.name if assignment.rule else "",
            "tag": assignment.expertise,
            "excerpt": _excerpt(latest),
        },
    )


def _excerpt(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= EXCERPT_LENGTH else flat[: EXCERPT_LENGTH - 1] + "…"
