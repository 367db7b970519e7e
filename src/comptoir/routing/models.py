"""Routing rules, and the record of whom routing gave each conversation to.

Rules are tried in order; the first whose conditions all hold decides. Every automatic
assignment is recorded: the record says why (shown to the team) and is what round-robin
reads to find the colleague who received a conversation least recently.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.inbox.models import Conversation, Intent
from comptoir.workspaces.models import Membership, WorkspaceScoped


class Language(models.TextChoices):
    """The languages the language detector tells apart (see comptoir.nlp)."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    PORTUGUESE = "pt", _("Portuguese")
    DUTCH = "nl", _("Dutch")
    ARABIC = "ar", _("Arabic")


class Action(models.TextChoices):
    MEMBER = "member", _("Assign to one colleague")
    EXPERTISE = "expertise", _("Assign to the colleagues with an area of expertise")


class RoutingRule(WorkspaceScoped):
    """When a new conversation matches every condition set here, it goes to someone.

    Empty conditions match everything, so a rule with none catches all conversations.
    """

    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveIntegerField(_("position"), default=0)
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_("Any of these words or phrases, whatever the case and accents."),
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, blank=True)
    network = models.CharField(_("network"), max_length=30, choices=Network.choices, blank=True)
    intent = models.CharField(_("intent"), max_length=10, choices=Intent.choices, blank=True)
    action = models.CharField(
        _("then"), max_length=10, choices=Action.choices, default=Action.MEMBER
    )
    # A colleague who leaves does not delete the rule: it is skipped and shown as broken.
    assignee = models.ForeignKey(
        Membership,
        verbose_name=_("colleague"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routing_rules",
    )
    expertise = models.CharField(_("area of expertise"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Assignment(WorkspaceScoped):
    """One conversation given to one colleague by routing, and why."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="routing_assignments"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="routing_assignments"
    )
    rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The expertise tag that decided, when no rule did.
    expertise = models.CharField(max_length=40, blank=True)
    assigned_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("automatic assignment")
        verbose_name_plural = _("automatic assignments")
        ordering = ["-assigned_at", "-pk"]
        indexes = [models.Index(fields=["workspace", "membership", "-assigned_at"])]

    def __str__(self) -> str:
        return f"{self.conversation_id} -> {self.membership_id}"
