from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "comptoir.benchmarks"
    label = "benchmarks"
