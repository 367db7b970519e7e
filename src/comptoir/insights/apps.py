from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "comptoir.insights"
    label = "insights"
