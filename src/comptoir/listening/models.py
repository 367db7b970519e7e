"""Public posts that talk about the business, its products, its competitors or its town."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.workspaces.models import WorkspaceScoped


class Mention(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    author_name = models.CharField(_("author"), max_length=150)
    author_handle = models.CharField(_("handle"), max_length=150)
    text = models.TextField(_("text"))
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    found_at = models.DateTimeField(_("found"), db_index=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-found_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]
