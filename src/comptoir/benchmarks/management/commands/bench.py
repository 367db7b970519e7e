"""``comptoir bench <name>``: the product's benchmarks (docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run a benchmark of the product's real code paths."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="benchmark", required=True)
        publish = sub.add_parser("publish", help="Exactly-once publishing under faults and kills.")
        publish.add_argument("--posts", type=int, default=2000)
        publish.add_argument("--workers", type=int, default=4)
        publish.add_argument("--kills", type=int, default=10)
        publish.add_argument("--backend", choices=["db", "rq"], default="db")
        publish.add_argument("--seed", type=int, default=1)
        publish.add_argument(
            "--spread", type=float, default=60.0, help="Seconds over which the posts fall due."
        )
        publish.add_argument(
            "--database-url", default=None, help="Database of the run (default: a new SQLite file)."
        )
        publish.add_argument("--json", action="store_true")
        web = sub.add_parser("web", help="Inbox response times on a large workspace.")
        web.add_argument("--messages", type=int, default=1_000_000)
        web.add_argument("--clients", type=int, default=10)
        web.add_argument("--requests", type=int, default=20, help="Rounds of pages per client.")
        web.add_argument(
            "--database-url",
            default=None,
            help="Database of the run (default: a SQLite file kept in the data folder).",
        )
        web.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["benchmark"] == "publish":
            self.publish(options)
        elif options["benchmark"] == "web":
            self.web(options)

    def publish(self, options: dict[str, Any]) -> None:
        from comptoir.benchmarks import publish

        if os.environ.get("COMPTOIR_BENCH_INSIDE") != "1":
            env = publish.bench_environment(
                options["backend"], options["database_url"], settings.REDIS_URL
            )
            argv = [sys.executable, "-m", "comptoir", "bench", "publish"]
            for name in ("posts", "workers", "kills", "backend", "seed", "spread"):
                argv += [f"--{name}", str(options[name])]
            argv += ["--json"] if options["json"] else []
            completed = subprocess.run(argv, env=env, check=False)  # noqa: S603
            if completed.returncode:
                raise CommandError("The publishing benchmark failed.")
            return
        result = publish.run_inside(options)
        self.stderr.write(result.summary())
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(result.summary())

    def web(self, options: dict[str, Any]) -> None:
        from comptoir.benchmarks import web

        if options["messages"] < 1 or options["clients"] < 1 or options["requests"] < 1:
            raise CommandError("--messages, --clients and --requests must be at least 1.")
        if os.environ.get("COMPTOIR_BENCH_INSIDE") != "1":
            url = options["database_url"] or web.default_database_url(settings.DATA_DIR)
            argv = [sys.executable, "-m", "comptoir", "bench", "web"]
            for name in ("messages", "clients", "requests"):
                argv += [f"--{name}", str(options[name])]
            argv += ["--json"] if options["json"] else []
            completed = subprocess.run(argv, env=web.bench_environment(url), check=False)  # noqa: S603
            if completed.returncode:
                raise CommandError("The web benchmark failed.")
            return
        try:
            result = web.run_inside(options)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(result.summary())
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(result.summary())
