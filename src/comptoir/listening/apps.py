from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "comptoir.listening"
    label = "listening"
