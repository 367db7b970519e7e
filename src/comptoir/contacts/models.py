"""People who talk with the business, on whatever network."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import Network
from comptoir.workspaces.models import WorkspaceScoped


class Person(WorkspaceScoped):
    display_name = models.CharField(_("name"), max_length=150)
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    handle = models.CharField(_("handle"), max_length=150)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "handle"], name="one_person_per_handle"
            )
        ]

    def __str__(self) -> str:
        return self.display_name
