"""Replies written in Comptoir: their way out to the network, and the team's saved answers.

The reply itself is an outbound ``inbox.Message`` in the conversation, so the inbox shows
it among the customer's messages. ``Reply`` holds what only sending needs: the state
machine that guarantees a reply leaves at most once (claimed by one worker with a
conditional UPDATE, with a lease), the idempotency key the network may honour, and the
approval round.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.inbox.models import Message
from comptoir.workspaces.models import Membership, WorkspaceScoped


class ReplyState(models.TextChoices):
    APPROVAL = "approval", _("Awaiting approval")
    RETURNED = "returned", _("Sent back")
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")
    # The network may or may not have it: never sent again without a person looking.
    UNKNOWN = "unknown", _("To check on the network")


class Reply(WorkspaceScoped):
    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="reply")
    # The text as the colleague wrote it, before the signature was added.
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReplyState.choices, default=ReplyState.QUEUED
    )
    idempotency_key = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Not tried before this moment (a network that asked us to slow down).
    due_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    error_kind = models.CharField(max_length=30, blank=True)
    # Safe to send again: the network certainly did not receive the failed attempt.
    retryable = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return self.body[:60]


class SavedReply(WorkspaceScoped):
    """An answer the team gives often; {first_name}, {name} and {business} are filled in."""

    title = models.CharField(_("title"), max_length=80)
    text = models.TextField(
        _("text"),
        help_text=_(
            "{first_name} is the customer's first name, {name} yours, {business} the business name."
        ),
    )
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved reply")
        verbose_name_plural = _("saved replies")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "title"], name="one_saved_reply_per_title")
        ]

    def __str__(self) -> str:
        return self.title
