"""``comptoir run``: everything a laptop needs in one command.

Applies migrations, loads the demo workspace the first time, then serves the web
interface with a task worker beside it: a thread for the database queue, a child
process for RQ.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from comptoir.core.worker import SchedulerLoop, database_worker, new_worker_id


class Command(BaseCommand):
    help = "Serve Comptoir with a task worker (migrates and loads the demo on first run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="Serve pages only.")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"]:
            from comptoir.demo.loader import ensure_demo, login_help

            ensure_demo()
            self.stdout.write(login_help())
        stop_worker = self.start_worker() if not options["no_worker"] else None
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Comptoir is running: open {url}"))
        self.stdout.flush()
        from waitress import serve

        from comptoir.wsgi import application

        try:
            serve(application, host=options["host"], port=options["port"],
                  threads=options["threads"], ident="Comptoir", _quiet=True)
        finally:
            if stop_worker:
                stop_worker()

    def start_worker(self) -> Any:
        """Start the worker beside the web server; return how to stop it."""
        if settings.TASKS_BACKEND == "rq":
            child = subprocess.Popen([sys.executable, "-m", "comptoir", "worker"])  # noqa: S603

            def stop_child() -> None:
                child.terminate()
                child.wait(timeout=30)

            return stop_child
        if settings.TASKS_BACKEND == "immediate":
            return None
        worker_id = new_worker_id()
        loop = SchedulerLoop(worker_id)
        loop.start()
        worker = database_worker(worker_id)
        thread = threading.Thread(target=worker.run, name="comptoir-worker", daemon=True)
        thread.start()

        def stop_thread() -> None:
            loop.stop()
            worker.running = False  # finishes the task in hand, then leaves its loop
            thread.join(timeout=30)

        return stop_thread
