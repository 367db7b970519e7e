"""Messages that reach the business: comments, replies, mentions, direct messages, reviews."""

from urllib.parse import urlsplit

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.contacts.models import Person
from comptoir.core.networks import Network
from comptoir.networks.models import ConnectedAccount
from comptoir.workspaces.models import Membership, WorkspaceScoped


class MessageKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    REPLY = "reply", _("Reply")
    MENTION = "mention", _("Mention")
    QUOTE = "quote", _("Quote")
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
    # Where the message came from. Demo messages and those written before ingestion
    # existed have no account and no remote id; a disconnected and deleted account
    # leaves its messages in the inbox.
    account = models.ForeignKey(
        ConnectedAccount,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_messages",
    )
    remote_id = models.CharField(_("id on the network"), max_length=255, blank=True)
    url = models.URLField(_("address on the network"), max_length=2000, blank=True)
    in_reply_to = models.CharField(_("in reply to"), max_length=255, blank=True)
    thread_id = models.CharField(_("conversation"), max_length=255, blank=True)
    # The network's own description of the item (JSON), kept as received for later needs
    # (answering, finding the context) without asking the network again.
    raw = models.TextField(_("as received"), blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "status", "-received_at"])]
        constraints = [
            # Replaying a batch from the network never stores a message twice.
            models.UniqueConstraint(
                fields=["workspace", "account", "remote_id"],
                condition=~models.Q(remote_id=""),
                name="one_message_per_remote_id",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def link(self) -> str:
        """The address to show for the message on its network, or "" when unsafe.

        The address comes from the network, so from whoever wrote the message: only web
        addresses (and this site's own pages, for the sandbox) are ever made a link,
        never ``javascript:`` or ``data:``.
        """
        url = self.url.strip()
        if url.startswith("/") and not url.startswith(("//", "/\\")):
            return url
        parts = urlsplit(url)
        if parts.scheme.lower() in ("http", "https") and parts.netloc:
            return url
        return ""
