"""``comptoir run``: everything a laptop needs in one command.

Checks the set-up, applies migrations, loads the demo workspace the first time, then serves
the web interface with a task worker beside it: a thread for the database queue, a child
process for RQ (RQ runs jobs in its main thread and needs its own signal handling) and
with several server processes (a process with threads must not fork more of them).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from comptoir.core.checks import format_problems, startup_problems
from comptoir.core.serving import (
    can_fork,
    exit_on_signal,
    listening_socket,
    serve_on,
    serve_with_processes,
)
from comptoir.core.worker import (
    PARENT_PID_VARIABLE,
    SchedulerLoop,
    database_worker,
    new_worker_id,
)

Stopper = Callable[[], None]
EVERY_ADDRESS = {"0.0.0.0", "::", ""}  # noqa: S104


class Command(BaseCommand):
    help = "Serve Comptoir with a task worker (migrates and loads the demo on first run)."
    # The start-up checks run in handle(), with the database and Redis ones included.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--threads", type=int, default=8, help="Web server threads (one process only)."
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Web server processes: one per core on a busy server (POSIX only).",
        )
        parser.add_argument(
            "--url-scheme",
            choices=("http", "https"),
            default="http",
            help="https when a proxy in front serves HTTPS only.",
        )
        parser.add_argument("--no-worker", action="store_true", help="Serve pages only.")
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not self.setup_is_sound():
            sys.exit(2)
        call_command("migrate", interactive=False, verbosity=0)
        host = options["host"]
        # Listening on every address: this machine still answers on 127.0.0.1.
        url = f"http://{'127.0.0.1' if host in EVERY_ADDRESS else host}:{options['port']}"
        if "COMPTOIR_BASE_URL" not in os.environ:
            # Links in emails point to where this server really listens.
            settings.BASE_URL = url
            os.environ["COMPTOIR_BASE_URL"] = url
        if not options["no_demo"]:
            from comptoir.demo.loader import ensure_demo, login_help

            ensure_demo()
            self.stdout.write(login_help())
        sock = listening_socket(options["host"], options["port"])
        processes = max(1, options["processes"]) if can_fork() else 1
        stop_worker = None if options["no_worker"] else self.start_worker(processes)
        self.stdout.write(self.style.SUCCESS(_("Comptoir is running: open %(url)s") % {"url": url}))
        self.stdout.write(_("Press Ctrl+C to stop."))
        self.stdout.flush()
        # Waitress closes cleanly on SystemExit; turning SIGTERM into one lets the worker
        # below stop with the server instead of being left running.
        signal.signal(signal.SIGTERM, exit_on_signal)
        try:
            if processes > 1:
                serve_with_processes(sock, processes, options["url_scheme"])
            else:
                serve_on(sock, threads=options["threads"], url_scheme=options["url_scheme"])
        finally:
            if stop_worker:
                stop_worker()
        self.stdout.write(_("Comptoir has stopped."))

    def setup_is_sound(self) -> bool:
        """Print what is wrong with the set-up; False if Comptoir cannot start."""
        problems = startup_problems()
        errors = [problem for problem in problems if problem.is_serious()]
        warnings = [problem for problem in problems if not problem.is_serious()]
        if warnings:
            self.stderr.write(_("Comptoir starts, but check this:"))
            self.stderr.write(format_problems(warnings), self.style.WARNING)
        if errors:
            self.stderr.write(_("Comptoir cannot start:"))
            self.stderr.write(format_problems(errors), self.style.ERROR)
            return False
        return True

    def start_worker(self, server_processes: int = 1) -> Stopper:
        """Start the worker beside the web server; return how to stop it."""
        if settings.TASKS_BACKEND == "rq" or server_processes > 1:
            return start_child_worker()
        worker_id = new_worker_id()
        loop = SchedulerLoop(worker_id)
        loop.beat()
        loop.start()
        if settings.TASKS_BACKEND == "immediate":
            # Tasks run where they are enqueued; only the scheduler needs a thread.
            return loop.stop
        worker = database_worker(worker_id)
        thread = threading.Thread(target=worker.run, name="comptoir-worker", daemon=True)
        thread.start()

        def stop_thread() -> None:
            worker.running = False  # finishes the task in hand, then leaves its loop
            thread.join(timeout=60)
            loop.stop()

        return stop_thread


def start_child_worker() -> Stopper:
    """RQ's worker in a process of its own, stopped (once) by this one.

    Its own process group keeps Ctrl+C in the terminal from reaching it as well: a second
    signal would make RQ abandon the task in hand instead of finishing it.
    """
    environment = {**os.environ, PARENT_PID_VARIABLE: str(os.getpid())}
    child = subprocess.Popen(
        [sys.executable, "-m", "comptoir", "worker"], env=environment, process_group=0
    )

    def stop_child() -> None:
        child.terminate()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    return stop_child
