from django.apps import AppConfig


class NlpConfig(AppConfig):
    name = "comptoir.nlp"
    label = "nlp"
