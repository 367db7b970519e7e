from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "comptoir.inbox"
    label = "inbox"
