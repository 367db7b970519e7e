from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from comptoir.core.worker import run_worker


class Command(BaseCommand):
    help = "Run a task worker (and the periodic scheduler). Start as many as you need."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run the queued tasks, then stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASKS_BACKEND == "immediate":
            self.stderr.write("COMPTOIR_TASKS=immediate runs tasks inline: no worker needed.")
            return
        run_worker(burst=options["burst"])
