"""Rules that turn a followed feed's new entries into posts, and the entries they have seen."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import WorkspaceScoped


class FeedMode(models.TextChoices):
    DRAFT = "draft", _("Create drafts to review")
    QUEUE = "queue", _("Schedule them automatically")


DEFAULT_TEMPLATE = "{title}\n\n{summary}\n\n{link}"


class FeedRule(WorkspaceScoped):
    """One followed feed: where it is, which accounts its posts go to and how they read.

    ``etag`` and ``modified`` make the next read conditional. The last result is kept as a
    code and values rather than a sentence, so each reader sees it in their own language.
    """

    url = models.URLField(_("feed address"), max_length=500)
    title = models.CharField(_("title"), max_length=255, blank=True)
    accounts = models.ManyToManyField(
        "networks.ConnectedAccount", related_name="+", verbose_name=_("post on")
    )
    template = models.TextField(_("post text"), default=DEFAULT_TEMPLATE)
    mode = models.CharField(
        _("what to do with new entries"),
        max_length=10,
        choices=FeedMode.choices,
        default=FeedMode.DRAFT,
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Reading state.
    primed = models.BooleanField(default=False)  # the entries present at the start are seen
    etag = models.CharField(max_length=255, blank=True)
    modified = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    result = models.CharField(max_length=30, blank=True)
    result_values = models.JSONField(default=dict, blank=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feed rule")
        verbose_name_plural = _("feed rules")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def explanation(self) -> str:
        """The last result in plain words, in the reader's language."""
        from comptoir.bulk.results import explain

        return explain(self.result, self.result_values)

    @property
    def failed(self) -> bool:
        from comptoir.bulk.results import is_failure

        return is_failure(self.result)

    def values(self) -> dict[str, Any]:
        return dict(self.result_values or {})


class FeedEntry(WorkspaceScoped):
    """An entry a rule has seen, once and for all: the unique keys make it impossible to
    post the same entry twice, even from two reads running at the same moment."""

    rule = models.ForeignKey(FeedRule, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=255)
    link = models.URLField(max_length=500, blank=True)
    title = models.CharField(max_length=255, blank=True)
    post = models.ForeignKey(
        "publishing.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rule", "entry_id"], name="bulk_entry_once_by_id"),
            models.UniqueConstraint(
                fields=["rule", "link"],
                condition=~models.Q(link=""),
                name="bulk_entry_once_by_link",
            ),
        ]

    def __str__(self) -> str:
        return self.entry_id
