from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "comptoir.routing"
    label = "routing"

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        # Targets are counted in minutes; looking every five minutes keeps an alert at most
        # five minutes late while costing one small query per waiting workspace.
        register(
            Schedule(
                "routing_waiting_alerts",
                "comptoir.routing.tasks.alert_waiting_conversations",
                timedelta(minutes=5),
                _("Alert colleagues about conversations waiting too long for an answer"),
            )
        )
