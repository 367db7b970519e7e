from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from comptoir.demo.loader import ensure_demo, login_help


class Command(BaseCommand):
    help = "Load the demo workspace (Boulangerie Martin), or reset it with --reset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete and rebuild it.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed of the activity.")

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_demo(reset=options["reset"], seed=options["seed"])
        self.stdout.write(login_help())
