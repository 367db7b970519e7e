from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "comptoir.listening"
    label = "listening"

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        # Public posts are not waiting for an answer, and search is rationed by the
        # networks: every quarter of an hour is fresh enough and stays within their limits.
        register(
            Schedule(
                "listening_search",
                "comptoir.listening.tasks.search_all_workspaces",
                timedelta(minutes=15),
                _("Search the networks for what is said about each workspace's topics"),
            )
        )
