"""What a colleague must know at once: a conversation assigned to them, a post to approve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import WorkspaceScoped


class Notification(WorkspaceScoped):
    """One thing told to one person, in their language, in the app (and by email).

    ``url`` is a path on this site, never an outside address: opening the notification
    marks it read and leads there.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "workspace", "read_at"])]

    def __str__(self) -> str:
        return self.title
