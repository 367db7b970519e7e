"""Workspaces (one per small business), their team, invitations and objectives.

Every row that belongs to a business carries a ``workspace`` foreign key and is read
through ``WorkspaceScoped.objects.for_workspace()``: that one rule is what keeps each
business's data walled off from every other on a shared installation.
"""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def default_business_hours() -> dict[str, list[list[str]]]:
    """Tuesday to Saturday, 7:00-19:30: a typical French bakery, edited in the settings."""
    hours: dict[str, list[list[str]]] = {day: [] for day in DAYS}
    for day in ("tue", "wed", "thu", "fri", "sat"):
        hours[day] = [["07:00", "19:30"]]
    hours["sun"] = [["07:00", "13:00"]]
    return hours


class Sector(models.TextChoices):
    FOOD = "food", _("Food and bakery")
    RESTAURANT = "restaurant", _("Restaurant and café")
    RETAIL = "retail", _("Shop and retail")
    TRADES = "trades", _("Building trades")
    HOSPITALITY = "hospitality", _("Hotel and tourism")
    HEALTH = "health", _("Health and well-being")
    SERVICES = "services", _("Services to businesses")
    OTHER = "other", _("Other")


class ApprovalMode(models.TextChoices):
    OFF = "off", _("Off: posts are published as planned")
    OPTIONAL = "optional", _("Optional: anyone may ask a colleague to approve")
    REQUIRED = "required", _("Required for the members marked below")


class Workspace(models.Model):
    """One small business: where it is, whom it serves, when it is open, what it aims for."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    radius_km = models.PositiveIntegerField(
        _("area radius (km)"),
        default=10,
        help_text=_("How far around the address your customers come from."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default="other")
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
        help_text=_("The language of emails and of what Comptoir writes for the business."),
    )
    business_hours = models.JSONField(_("business hours"), default=default_business_hours)
    is_demo = models.BooleanField(_("demo workspace"), default=False)
    # Publishing: whether posts go through a colleague's approval before they are published.
    approval_mode = models.CharField(
        _("approval of posts"),
        max_length=10,
        choices=ApprovalMode.choices,
        default=ApprovalMode.OFF,
    )
    # Replies are signed by whoever answers; {name} and {business} are filled in.
    reply_signature = models.CharField(
        _("reply signature"),
        max_length=120,
        default="— {name}, {business}",
        blank=True,
        help_text=_(
            "Added to every reply. {name} is the colleague's first name, "
            "{business} the business name."
        ),
    )
    # A conversation waiting longer than this (in business minutes) rises to the top of
    # the inbox and its assignee is alerted.
    response_target_minutes = models.PositiveIntegerField(
        _("answer within (minutes of opening hours)"), default=120
    )
    # Links in posts get these UTM parameters, so visits can be traced back to a post.
    utm_enabled = models.BooleanField(_("add UTM parameters to links"), default=True)
    utm_source = models.CharField(_("utm_source"), max_length=60, default="{network}")
    utm_medium = models.CharField(_("utm_medium"), max_length=60, default="social")
    utm_campaign = models.CharField(_("utm_campaign"), max_length=60, default="comptoir")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "espace"
    slug, counter = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


M = TypeVar("M", bound=models.Model)


class WorkspaceQuerySet(models.QuerySet[M], Generic[M]):
    def for_workspace(self, workspace: Workspace) -> WorkspaceQuerySet[M]:
        return self.filter(workspace=workspace)


class WorkspaceScoped(models.Model):
    """Base for every model that belongs to one business."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")

    objects: ClassVar[Any] = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")
    READONLY = "readonly", _("Read-only")


# What each role may do; views ask ``membership.can(...)`` rather than comparing roles.
ROLE_RANK = {Role.READONLY: 0, Role.MEMBER: 1, Role.MANAGER: 2, Role.OWNER: 3}


class Membership(WorkspaceScoped):
    """A user's place in a workspace: role, areas of expertise, how they sign."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    expertise = models.JSONField(
        _("areas of expertise"),
        default=list,
        blank=True,
        help_text=_("Free tags such as bread, orders, delivery: questions on these reach you."),
    )
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    # Light approval: a manager approves these members' posts or replies before they go out.
    posts_need_approval = models.BooleanField(_("posts need approval"), default=False)
    replies_need_approval = models.BooleanField(_("replies need approval"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user")
        ]
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]


class Invitation(WorkspaceScoped):
    """An emailed invitation to join a workspace; the link holds a secret stored only hashed."""

    VALID_FOR = timedelta(days=14)

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    expertise = models.JSONField(_("areas of expertise"), default=list, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Resending makes a new link and restarts the validity period from here.
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Revoked invitations are kept (not deleted) so their link can say why it no longer works.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def new_token(self) -> str:
        """Give the invitation a fresh secret and return it (it is never stored in clear)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_token(token)
        return token

    @classmethod
    def find_by_token(cls, token: str) -> Invitation | None:
        """The invitation a link points to, whatever its state, or None."""
        return (
            cls.objects.select_related("workspace", "invited_by")
            .filter(token_hash=cls.hash_token(token))
            .first()
        )

    @property
    def expires_at(self) -> datetime:
        return self.sent_at + self.VALID_FOR

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.expires_at

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def state(self) -> str:
        """One word for templates and the acceptance page: pending, accepted, revoked, expired."""
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "pending"


class ObjectiveKind(models.TextChoices):
    VISITS = "visits", _("Visitors in the shop or on the website")
    ORDERS = "orders", _("Orders and bookings")
    CALLS = "calls", _("Phone calls")
    REPUTATION = "reputation", _("Reputation (average rating)")
    RESPONSE_TIME = "response_time", _("Response time")
    COMMUNITY = "community", _("Local community")


class Objective(WorkspaceScoped):
    """A business goal that social media should move, measured in the business's own terms."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("kind"), max_length=20, choices=ObjectiveKind.choices)
    label = models.CharField(_("objective"), max_length=160)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.label
