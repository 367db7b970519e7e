from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "comptoir.media"
    label = "media"
