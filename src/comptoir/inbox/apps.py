from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "comptoir.inbox"
    label = "inbox"

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        # Customers expect an answer within minutes: new messages are read every minute.
        register(
            Schedule(
                "inbox_ingestion",
                "comptoir.inbox.tasks.ingest_all_accounts",
                timedelta(minutes=1),
                _("Bring new messages from connected accounts into the inbox"),
            )
        )
