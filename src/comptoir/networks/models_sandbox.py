"""The practice network's own storage: what would live on a real network's servers.

The sandbox is a network like the others for the rest of Comptoir, which only reaches it
through ``SandboxConnector``. These tables are its "remote side": the public feed, the
reactions, the direct messages and the reviews, each row in one workspace. Authors are network
handles (the business's is its sandbox account's ``remote_id``), as on a real network.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import WorkspaceScoped


def new_remote_id() -> str:
    return uuid.uuid4().hex


class SandboxPost(WorkspaceScoped):
    """A public post on the practice network, by the business or a simulated customer."""

    remote_id = models.CharField(max_length=40, default=new_remote_id, editable=False)
    author_handle = models.CharField(_("author"), max_length=100)
    author_name = models.CharField(_("author name"), max_length=150, blank=True)
    text = models.TextField(_("text"))
    # The post this one answers, and the first post of its conversation.
    in_reply_to = models.CharField(max_length=40, blank=True, db_index=True)
    root_id = models.CharField(max_length=40, blank=True)
    media_count = models.PositiveSmallIntegerField(default=0)
    idempotency_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sandbox post")
        verbose_name_plural = _("sandbox posts")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "remote_id"], name="sandbox_post_unique_remote_id"
            )
        ]
        indexes = [models.Index(fields=["workspace", "author_handle"])]

    def __str__(self) -> str:
        return f"{self.author_handle}: {self.text[:40]}"


class SandboxReaction(WorkspaceScoped):
    """A like or a repost of a sandbox post; one of each kind per person and post."""

    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        REPOST = "repost", _("Repost")

    post = models.ForeignKey(SandboxPost, on_delete=models.CASCADE, related_name="reactions")
    author_handle = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sandbox reaction")
        verbose_name_plural = _("sandbox reactions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "author_handle", "kind"], name="sandbox_one_reaction_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_handle} {self.kind}"


class SandboxMessage(WorkspaceScoped):
    """A direct message between the business's sandbox account and a simulated customer."""

    remote_id = models.CharField(max_length=40, default=new_remote_id, editable=False)
    # The business's side of the conversation, whoever wrote this message.
    account_handle = models.CharField(max_length=100)
    thread_id = models.CharField(max_length=140)
    sender_handle = models.CharField(max_length=100)
    sender_name = models.CharField(max_length=150, blank=True)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sandbox message")
        verbose_name_plural = _("sandbox messages")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "remote_id"], name="sandbox_message_unique_remote_id"
            )
        ]
        indexes = [models.Index(fields=["workspace", "account_handle", "thread_id"])]

    def __str__(self) -> str:
        return f"{self.sender_handle}: {self.text[:40]}"


class SandboxReview(WorkspaceScoped):
    """A customer's review of the business: a star rating, a text, and the owner's answer.

    As on review sites, each customer reviews a business once, and the business answers a
    review with one public answer, which a new answer replaces: sending it again is safe.
    """

    remote_id = models.CharField(max_length=40, default=new_remote_id, editable=False)
    # The business reviewed: its sandbox account's handle.
    account_handle = models.CharField(max_length=100)
    author_handle = models.CharField(max_length=100)
    author_name = models.CharField(max_length=150, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"))
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sandbox review")
        verbose_name_plural = _("sandbox reviews")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "remote_id"], name="sandbox_review_unique_remote_id"
            ),
            models.UniqueConstraint(
                fields=["workspace", "account_handle", "author_handle"],
                name="sandbox_one_review_per_customer",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="sandbox_review_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_handle} {self.rating}/5: {self.text[:40]}"


__all__ = ["SandboxMessage", "SandboxPost", "SandboxReaction", "SandboxReview"]
