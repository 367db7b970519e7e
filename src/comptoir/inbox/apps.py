from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "comptoir.inbox"
    label = "inbox"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from comptoir.core.scheduler import Schedule, register
        from comptoir.inbox.search import repair_after_migrate

        # SQLite drops the search triggers when a migration rebuilds the message table.
        post_migrate.connect(repair_after_migrate, sender=self)

        # Customers expect an answer within minutes: new messages are read every minute.
        register(
            Schedule(
                "inbox_ingestion",
                "comptoir.inbox.tasks.ingest_all_accounts",
                timedelta(minutes=1),
                _("Bring new messages from connected accounts into the inbox"),
            )
        )
