"""``comptoir worker``: run queued tasks and periodic jobs. Start as many as you need."""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from comptoir.core.checks import format_problems, startup_problems
from comptoir.core.worker import run_worker


class Command(BaseCommand):
    help = "Run a task worker (and the periodic scheduler). Start as many as you need."
    # The start-up checks run in handle(), with the database and Redis ones included.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="Run the queued tasks, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASKS_BACKEND == "immediate":
            self.stderr.write(_("COMPTOIR_TASKS=immediate runs tasks inline: no worker needed."))
            return
        problems = startup_problems()
        errors = [problem for problem in problems if problem.is_serious()]
        if errors:
            self.stderr.write(_("The worker cannot start:"))
            self.stderr.write(format_problems(errors), self.style.ERROR)
            sys.exit(2)
        run_worker(burst=options["burst"])
