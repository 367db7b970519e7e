from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "comptoir.coach"
    label = "coach"
