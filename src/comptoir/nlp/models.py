"""Corrections colleagues make to the model's labels, kept as the workspace's training data.

A row keeps its own copy of the text and language, so that it stays usable to train and
measure the model after the message or mention it came from is deleted.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import Membership, WorkspaceScoped


class LabelField(models.TextChoices):
    LANGUAGE = "language", _("Language")
    SENTIMENT = "sentiment", _("Sentiment")
    INTENT = "intent", _("Intent")


class Correction(WorkspaceScoped):
    """One label of one text, as the model gave it and as a colleague set it."""

    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    field = models.CharField(_("label"), max_length=10, choices=LabelField.choices)
    model_value = models.CharField(_("model's value"), max_length=10, blank=True)
    person_value = models.CharField(_("corrected value"), max_length=10, blank=True)
    corrected_by = models.ForeignKey(
        Membership,
        verbose_name=_("corrected by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="label_corrections",
    )
    corrected_at = models.DateTimeField(_("corrected"), default=timezone.now)
    # Where the text came from, while it exists: a second correction of the same label
    # updates this row rather than adding a contradicting one.
    message = models.ForeignKey(
        "inbox.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="label_corrections",
    )
    mention = models.ForeignKey(
        "listening.Mention",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="label_corrections",
    )

    class Meta:
        verbose_name = _("label correction")
        verbose_name_plural = _("label corrections")
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "field"],
                condition=models.Q(message__isnull=False),
                name="one_correction_per_message_label",
            ),
            models.UniqueConstraint(
                fields=["mention", "field"],
                condition=models.Q(mention__isnull=False),
                name="one_correction_per_mention_label",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.model_value or '-'} → {self.person_value or '-'}"
