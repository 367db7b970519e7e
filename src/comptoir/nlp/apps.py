from django.apps import AppConfig


class NlpConfig(AppConfig):
    name = "comptoir.nlp"
    label = "nlp"

    def ready(self) -> None:
        # Registers the start-up check of the configured model file.
        from comptoir.nlp import checks  # noqa: F401
