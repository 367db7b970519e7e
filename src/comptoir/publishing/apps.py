from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "comptoir.publishing"
    label = "publishing"
