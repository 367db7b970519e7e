from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepliesConfig(AppConfig):
    name = "comptoir.replies"
    label = "replies"
    verbose_name = _("Replies")

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        # A reply whose task was lost, or whose worker died mid-send, must not wait for a
        # person: it is picked up again (or reconciled) within the minute.
        register(
            Schedule(
                "replies_sweep",
                "comptoir.replies.tasks.sweep_replies_task",
                timedelta(minutes=1),
                _("Send replies whose sending was interrupted"),
            )
        )
