"""Public posts that talk about the business, its products, its competitors or its town."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.inbox.models import Intent, LabelledBy, Sentiment
from comptoir.workspaces.models import WorkspaceQuerySet, WorkspaceScoped


def label_on_arrival(mentions: Iterable[Mention]) -> None:
    """Give mentions not labelled yet their language, sentiment and intent.

    Done where mentions are saved rather than in each place that finds them (search,
    streams, the demo), so that none arrives without labels.
    """
    from comptoir.nlp.labels import label  # imports numpy: only once mentions arrive

    label(mentions, only_new=True)


class MentionQuerySet(WorkspaceQuerySet["Mention"]):
    def bulk_create(self, objs: Iterable[Mention], *args: Any, **kwargs: Any) -> list[Mention]:
        objs = list(objs)
        label_on_arrival(objs)
        return super().bulk_create(objs, *args, **kwargs)


class Mention(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    author_name = models.CharField(_("author"), max_length=150)
    author_handle = models.CharField(_("handle"), max_length=150)
    text = models.TextField(_("text"))
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    found_at = models.DateTimeField(_("found"), db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    intent = models.CharField(_("intent"), max_length=10, choices=Intent.choices, blank=True)
    labelled_by = models.CharField(
        max_length=6, choices=LabelledBy.choices, default=LabelledBy.NOBODY, blank=True
    )

    objects: ClassVar[Any] = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-found_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "sentiment", "-found_at"]),
            models.Index(fields=["workspace", "intent", "-found_at"]),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            label_on_arrival([self])
        super().save(*args, **kwargs)
