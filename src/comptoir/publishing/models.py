"""Posts the business publishes or plans to publish."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from comptoir.workspaces.models import WorkspaceScoped


class PostStatus(models.TextChoices):
    """A post's status, shown beside the word "publication": in French the labels agree
    with it (feminine, "Programmée"), hence their own context apart from a target's."""

    DRAFT = "draft", pgettext_lazy("post status", "Draft")
    # Waits for a colleague's approval; its targets are *held*, which the engine never takes.
    PENDING = "pending", pgettext_lazy("post status", "To approve")
    SCHEDULED = "scheduled", pgettext_lazy("post status", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("post status", "Published")
    FAILED = "failed", pgettext_lazy("post status", "Failed")


class Post(WorkspaceScoped):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("text"))
    networks = models.JSONField(_("networks"), default=list)
    # A draft's chosen accounts and the text adapted for each: {account id: text}.
    draft_texts = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("likes"), default=0)
    comments = models.PositiveIntegerField(_("comments"), default=0)
    shares = models.PositiveIntegerField(_("shares"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # A recurring post: every occurrence is a post of its own, numbered from 1 in its series.
    series = models.ForeignKey(
        "publishing.Series", on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    occurrence = models.PositiveIntegerField(null=True, blank=True)
    # Light approval: who decided, and why a post was sent back to its author.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "occurrence"], name="one_post_per_occurrence")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class TargetStatus(models.TextChoices):
    # Its post waits for approval: the engine only ever dispatches *scheduled* targets.
    HELD = "held", _("Waiting for approval")
    SCHEDULED = "scheduled", _("Scheduled")
    QUEUED = "queued", _("Queued")
    PUBLISHING = "publishing", _("Publishing")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")
    NEEDS_CHECK = "needs_check", _("To check")


FINAL_STATUSES = (TargetStatus.PUBLISHED, TargetStatus.FAILED, TargetStatus.NEEDS_CHECK)


class PostTarget(WorkspaceScoped):
    """One post on one connected account: the unit the engine publishes exactly once.

    Life: scheduled -> queued (handed to a worker) -> publishing (a worker holds a lease
    and talks to the network) -> published, or failed / needs_check, both shown to a
    person with a plain explanation. ``idempotency_key`` is fixed at creation, so every
    attempt for this target presents the same key to the network.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="targets")
    account = models.ForeignKey(
        "networks.ConnectedAccount", on_delete=models.RESTRICT, related_name="targets"
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=12, choices=TargetStatus.choices, default=TargetStatus.SCHEDULED
    )
    due_at = models.DateTimeField(_("due"))
    attempts = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    remote_id = models.CharField(max_length=255, blank=True)
    remote_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    error_kind = models.CharField(max_length=30, blank=True)
    error_message = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication on an account")
        verbose_name_plural = _("publications on accounts")
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["status", "lease_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} -> {self.account_id} ({self.status})"

    @property
    def explanation(self) -> str:
        """What went wrong, in plain words and in the reader's language."""
        from comptoir.networks.errors import ErrorKind

        if not self.error_kind:
            return ""
        try:
            return str(ErrorKind(self.error_kind).message)
        except ValueError:
            return str(ErrorKind.UNKNOWN.message)


class PublishAttempt(models.Model):
    """Every try, kept so a person can see on the post what happened and when."""

    class Outcome(models.TextChoices):
        STARTED = "started", _("Started")
        PUBLISHED = "published", _("Published")
        RETRY = "retry", _("Will retry")
        FAILED = "failed", _("Failed")
        UNKNOWN = "unknown", _("Outcome unknown")
        RECONCILED = "reconciled", _("Found on the network")

    target = models.ForeignKey(PostTarget, on_delete=models.CASCADE, related_name="log")
    worker_id = models.CharField(max_length=64)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.STARTED)
    error_kind = models.CharField(max_length=30, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.outcome}"


class Frequency(models.TextChoices):
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class Series(WorkspaceScoped):
    """The rule a recurring post was created with; its occurrences are ordinary posts.

    Every occurrence is created when the post is scheduled, so no job ever creates posts
    later and none can be created (or published) twice.
    """

    frequency = models.CharField(_("repeat every"), max_length=6, choices=Frequency.choices)
    interval = models.PositiveSmallIntegerField(_("interval"), default=1)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("occurrences"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("series of posts")
        verbose_name_plural = _("series of posts")

    def __str__(self) -> str:
        return f"{self.interval} {self.frequency}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class QueueSlot(WorkspaceScoped):
    """A weekly time at which an account publishes what is added to its queue.

    The time is a wall-clock time in the workspace's time zone: 9:00 stays 9:00 when the
    clocks change.
    """

    account = models.ForeignKey(
        "networks.ConnectedAccount", on_delete=models.CASCADE, related_name="queue_slots"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    time = models.TimeField(_("time"))

    class Meta:
        verbose_name = _("queue slot")
        verbose_name_plural = _("queue slots")
        ordering = ["account", "weekday", "time"]
        constraints = [
            models.UniqueConstraint(fields=["account", "weekday", "time"], name="one_slot_a_time")
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.weekday} {self.time:%H:%M}"


class CalendarFeed(WorkspaceScoped):
    """The secret address of the workspace's calendar feed; regenerating it retires the old."""

    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="one_feed_per_workspace")]

    def __str__(self) -> str:
        return f"{self.workspace_id}"
