"""Messages that reach the business: comments, replies, mentions, direct messages, reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.contacts.models import Person
from comptoir.core.networks import Network
from comptoir.workspaces.models import Membership, WorkspaceScoped


class MessageKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    REPLY = "reply", _("Reply")
    MENTION = "mention", _("Mention")
    DIRECT = "direct", _("Direct message")
    REVIEW = "review", _("Review")


class MessageStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for customer")
    DONE = "done", _("Done")


class Message(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.NEW
    )
    assignee = models.ForeignKey(
        Membership,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_messages",
    )
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "status", "-received_at"])]

    def __str__(self) -> str:
        return self.text[:60]
