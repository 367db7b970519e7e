"""Messages that reach the business: comments, replies, mentions, direct messages, reviews."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.contacts.models import Person
from comptoir.core.links import safe_link
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


class ConversationStatus(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting for customer")
    DONE = "done", _("Done")


class Sentiment(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class Intent(models.TextChoices):
    QUESTION = "question", _("Question")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")
    PURCHASE = "purchase", _("Order or purchase")
    URGENT = "urgent", _("Urgent")
    SPAM = "spam", _("Spam")


class LabelledBy(models.TextChoices):
    """Who set a message's language, sentiment and intent: the model or a colleague."""

    NOBODY = "", _("Not labelled")
    MODEL = "model", _("The model")
    PERSON = "person", _("A colleague")


class Direction(models.TextChoices):
    INBOUND = "in", _("Received")
    OUTBOUND = "out", _("Sent")


class Delivery(models.TextChoices):
    """Where a reply written in Comptoir stands; received messages keep this empty."""

    NONE = "", _("Received")
    AWAITING_APPROVAL = "approval", _("Awaiting approval")
    QUEUED = "queued", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent")


class Label(WorkspaceScoped):
    """A workspace's own tag for conversations: "order", "allergy", "press"…"""

    name = models.CharField(_("name"), max_length=40)
    color = models.CharField(_("colour"), max_length=7, default="#6b7280")

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="one_label_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class Conversation(WorkspaceScoped):
    """Messages of one thread with one person: the unit the team assigns, answers and closes.

    A thread on a network (the replies under one post, one direct-message thread) is one
    conversation; a message without a thread starts its own. The labels of the latest
    received message are copied here so that lists filter without joining messages.
    """

    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    account = models.ForeignKey(
        ConnectedAccount,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    # The network's thread id, or the first message's id; empty for demo conversations.
    thread_key = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.NEW,
    )
    assignee = models.ForeignKey(
        Membership,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_conversations",
    )
    snoozed_until = models.DateTimeField(_("snoozed until"), null=True, blank=True)
    labels = models.ManyToManyField(Label, verbose_name=_("labels"), blank=True)
    started_at = models.DateTimeField(_("started"))
    last_message_at = models.DateTimeField(_("last message"))
    # Set while the latest received message has no answer: what "waiting too long" measures.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # When the assignee was last told that the conversation waits too long.
    alerted_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    intent = models.CharField(_("intent"), max_length=10, choices=Intent.choices, blank=True)
    # The stars of the latest received review (1 to 5), so a list shows them without a join.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "status", "-last_message_at"]),
            models.Index(fields=["workspace", "assignee", "status", "-last_message_at"]),
            # One colleague's conversations in the list's order, whatever their status.
            models.Index(
                fields=["workspace", "assignee", "-last_message_at"],
                name="inbox_conversation_assignee",
            ),
            models.Index(fields=["workspace", "-last_message_at"]),
            models.Index(fields=["workspace", "waiting_since"]),
            # The inbox lists overdue conversations first, newest activity first: only those
            # still waiting, so a busy year of closed ones is never walked.
            models.Index(
                fields=["workspace", "-last_message_at"],
                condition=models.Q(waiting_since__isnull=False) & ~models.Q(status="done"),
                name="inbox_conversation_waiting",
            ),
            # The same for one colleague's conversations (the assignee filter, "mine").
            models.Index(
                fields=["workspace", "assignee", "-last_message_at"],
                condition=models.Q(waiting_since__isnull=False) & ~models.Q(status="done"),
                name="inbox_conv_assignee_waiting",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "account", "thread_key"],
                condition=~models.Q(thread_key=""),
                name="one_conversation_per_thread",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class Note(WorkspaceScoped):
    """An internal note on a conversation: seen by the team, never sent to the customer."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="inbox_notes"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Message(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(_("text"))
    received_at = models.DateTimeField(_("received"), db_index=True)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.INBOUND
    )
    # Replies: who wrote them in Comptoir, which message they answer, whether they left.
    sent_by = models.ForeignKey(
        Membership,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_messages",
    )
    answers = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_by"
    )
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.NONE, blank=True
    )
    delivery_error = models.TextField(blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    intent = models.CharField(_("intent"), max_length=10, choices=Intent.choices, blank=True)
    labelled_by = models.CharField(
        max_length=6, choices=LabelledBy.choices, default=LabelledBy.NOBODY, blank=True
    )
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # A review's stars, 1 to 5, as the network gave them; empty for every other message.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
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
        indexes = [
            models.Index(fields=["conversation", "received_at"]),
            models.Index(fields=["workspace", "-received_at"]),
        ]
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
        """The address to show for the message on its network, or "" when unsafe."""
        return safe_link(self.url)


class StreamLease(models.Model):
    """Which worker holds an account's live stream, and until when.

    Every worker may run streams; the lease makes sure one account's stream is open in one
    worker at a time, however many workers run on however many machines. The holder renews
    it every few seconds; a worker that dies (even with SIGKILL) stops renewing, and once
    ``expires_at`` has passed another worker takes the account over. Not scoped to a
    workspace: it is the workers' bookkeeping, never shown inside a workspace.
    """

    account = models.OneToOneField(
        ConnectedAccount, on_delete=models.CASCADE, primary_key=True, related_name="stream_lease"
    )
    # The worker id (``comptoir.core.worker.new_worker_id``); empty when nobody holds it.
    holder = models.CharField(max_length=64, blank=True, default="")
    expires_at = models.DateTimeField()
    # When the holder's connection was last established; None while it is not.
    opened_at = models.DateTimeField(null=True, blank=True)
    # When the polling pass that follows each connection last finished.
    caught_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["holder"], name="inbox_lease_holder")]

    def __str__(self) -> str:
        return f"{self.account_id} held by {self.holder or 'nobody'}"
