from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "comptoir.webhooks"
    verbose_name = _("Incoming webhooks")
