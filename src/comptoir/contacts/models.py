"""People who talk with the business, and the identities they use on each network.

A person is who the business knows (Lucie Martin); an identity is one account of theirs
on one network (``lucie.bsky.social`` on Bluesky). Messages and conversations point to the
person, so merging two people or splitting an identity out moves whole histories at once.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.workspaces.models import Membership, WorkspaceScoped


class Consent(models.TextChoices):
    UNKNOWN = "unknown", _("Not asked yet")
    YES = "yes", _("May be contacted")
    NO = "no", _("Does not want to be contacted")


class Tag(WorkspaceScoped):
    """A word the team sorts people by ("regular", "wholesale", "press")."""

    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="one_tag_name")]

    def __str__(self) -> str:
        return self.name


class Person(WorkspaceScoped):
    display_name = models.CharField(_("name"), max_length=150)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="people")
    consent = models.CharField(
        _("consent"), max_length=10, choices=Consent.choices, default=Consent.UNKNOWN
    )
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_by = models.ForeignKey(
        Membership,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def main_identity(self) -> Identity | None:
        """The identity seen first: the one lists show beside the name.

        Reads ``identities.all()`` so that a prefetched list costs no query.
        """
        identities = list(self.identities.all())
        return min(identities, key=lambda i: (i.first_seen, i.pk)) if identities else None

    @property
    def network(self) -> str:
        identity = self.main_identity
        return identity.network if identity else ""

    @property
    def handle(self) -> str:
        identity = self.main_identity
        return identity.handle if identity else ""


class Identity(WorkspaceScoped):
    """One account of a person on one network; a handle belongs to one person only."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identities")
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    handle = models.CharField(_("handle"), max_length=150)
    display_name = models.CharField(_("name on the network"), max_length=150, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        ordering = ["first_seen", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "handle"], name="one_identity_per_handle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.get_network_display()})"

    @property
    def safe_profile_url(self) -> str:
        """The profile address if it is a web link; anything else is never made a link."""
        return web_url(self.profile_url)


def web_url(url: str) -> str:
    """``url`` if it is an http(s) address, else nothing: other schemes never become links."""
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


class EventKind(models.TextChoices):
    NOTE = "note", _("Note")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    CONSENT = "consent", _("Consent")


class Event(WorkspaceScoped):
    """What the team did or wrote about a person, shown in their timeline."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        Membership,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Erasure(WorkspaceScoped):
    """That a person's data was erased, by whom and how much: never who they were."""

    erased_by = models.ForeignKey(
        Membership,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased"), auto_now_add=True)
    identities = models.PositiveIntegerField(_("identities"), default=0)
    conversations = models.PositiveIntegerField(_("conversations"), default=0)
    messages = models.PositiveIntegerField(_("messages"), default=0)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d}"
