from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "comptoir.core"
    label = "core"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Registers the start-up checks with Django's check framework.
        from comptoir.core import checks  # noqa: F401
