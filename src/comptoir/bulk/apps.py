from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkConfig(AppConfig):
    name = "comptoir.bulk"
    label = "bulk"

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        # A blog post can wait a quarter of an hour before it is shared; feeds are polite
        # to read no more often (conditional requests keep unchanged feeds cheap).
        register(
            Schedule(
                "bulk_feed_rules",
                "comptoir.bulk.tasks.read_feed_rules",
                timedelta(minutes=15),
                _("Turn new entries of followed feeds into posts"),
            )
        )
