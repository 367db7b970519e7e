from datetime import timedelta

from django.apps import AppConfig

# Three jobs due every second, so that several workers compete for each occurrence.
TEST_JOBS = ("test_every_second_a", "test_every_second_b", "test_every_second_c")


class PeriodicTestConfig(AppConfig):
    name = "tests.core.periodic"
    label = "periodic_test"

    def ready(self) -> None:
        from comptoir.core.scheduler import Schedule, register

        for name in TEST_JOBS:
            register(
                Schedule(
                    name,
                    f"tests.core.periodic.tasks.{name}",
                    timedelta(seconds=1),
                    pass_occurrence=True,
                )
            )
