"""The web server: waitress in one process, or pre-forked processes on a busy server.

A laptop keeps the default: one waitress process answering in threads, with the task
worker beside it in the same process, which uses the least memory and runs everywhere.

Python runs one thread at a time per process, so a busy server (an agency, a chamber of
commerce) needs one process per core. Those are gunicorn's pre-forked workers (POSIX
only): each answers one request at a time and takes the next connection from the shared
socket only when it is free, so requests are spread evenly over the cores. Keep-alive
connections to several waitress processes tied each client to one process, which was
overloaded while another idled: ten clients on two cores waited about twice as long at
the 95th percentile (``comptoir bench web``, docs/benchmarks.md). A reverse proxy in
front (nginx, Caddy) keeps slow clients from holding those processes.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from types import FrameType
from typing import Any

from django.db import connections

BACKLOG = 2048
# A request taking longer than this (a big export on a slow disk) has its process
# replaced; a person would have given up long before.
REQUEST_TIMEOUT_SECONDS = 120


def can_fork() -> bool:
    return hasattr(os, "fork")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, ready to be shared by every server process."""
    address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(address[0], socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(address[4])
    sock.listen(BACKLOG)
    return sock


def exit_on_signal(signum: int, frame: FrameType | None) -> None:
    """Waitress closes cleanly on SystemExit."""
    raise SystemExit(0)


def serve_on(sock: socket.socket, **options: Any) -> None:
    """Serve Comptoir with waitress on an already listening socket until SystemExit.

    ``options`` are waitress's own (``threads``, ``url_scheme``...).
    """
    from waitress import serve

    from comptoir.wsgi import application

    serve(application, sockets=[sock], ident="Comptoir", _quiet=True, **options)


def leave_with_parent(worker: Any) -> None:
    """Stop a server process within a second of its parent's end, even a SIGKILL.

    Gunicorn's own check waits for the next idle timeout, up to a minute.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="comptoir-parent-watch", daemon=True).start()


def serve_with_processes(sock: socket.socket, processes: int, url_scheme: str) -> None:
    """Serve on ``sock`` with ``processes`` pre-forked workers until SIGTERM or SIGINT.

    The workers leave when this process does, even when it is killed with SIGKILL.
    """
    from gunicorn.app.base import BaseApplication

    from comptoir.wsgi import application

    def with_scheme(environ: dict[str, Any], start_response: Any) -> Any:
        environ["wsgi.url_scheme"] = url_scheme
        return application(environ, start_response)

    class PreforkedServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": [f"fd://{sock.fileno()}"],
                "workers": processes,
                "worker_class": "sync",
                "timeout": REQUEST_TIMEOUT_SECONDS,
                "backlog": BACKLOG,
                "proc_name": "comptoir",
                "loglevel": "warning",
                "control_socket_disable": True,
                # The application is already loaded here: every worker shares its memory.
                "preload_app": True,
                "post_worker_init": leave_with_parent,
            }
            for name, value in settings.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return with_scheme

    # Forked workers must not share this process's database connections.
    connections.close_all()
    PreforkedServer().run()
