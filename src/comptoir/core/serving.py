"""The web server: waitress, in one process or in several that share one listening socket.

Waitress answers requests in threads, and Python runs one thread at a time per process: a
single process uses one core however many threads it has. A busy server (an agency, a
chamber of commerce) uses every core with a few processes accepting connections on the
same socket, the kernel handing each connection to one of them. A laptop keeps the
default single process, which uses the least memory.

Extra processes are forked (POSIX only) before the task worker starts, so no thread is
copied half-way through its work; each stops when the first process stops or disappears.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from types import FrameType
from typing import Any

from django.db import connections

logger = logging.getLogger(__name__)

BACKLOG = 1024


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


class ServerProcesses:
    """The extra processes serving ``sock`` beside this one."""

    def __init__(self, sock: socket.socket, options: dict[str, Any], count: int) -> None:
        self.sock = sock
        self.options = options
        self.pids: list[int] = []
        # Loaded once, before forking, so that every process shares the loaded code.
        import comptoir.wsgi  # noqa: F401

        # Forked children must not share the parent's database connections.
        connections.close_all()
        for _ in range(count):
            pid = os.fork()
            if pid == 0:
                self._serve_in_child()
            self.pids.append(pid)

    def _serve_in_child(self) -> None:
        """Serve until told to stop or orphaned; never return into the parent's code."""
        parent = os.getppid()
        signal.signal(signal.SIGTERM, exit_on_signal)
        signal.signal(signal.SIGINT, exit_on_signal)
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
        status = 0
        try:
            serve_on(self.sock, **self.options)
        except SystemExit:
            pass
        except BaseException:
            logger.exception("A web server process failed")
            status = 1
        finally:
            os._exit(status)

    def stop(self) -> None:
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                continue


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def serve_on(sock: socket.socket, **options: Any) -> None:
    """Serve Comptoir with waitress on an already listening socket until SystemExit.

    ``options`` are waitress's own (``threads``, ``url_scheme``...).
    """
    from waitress import serve

    from comptoir.wsgi import application

    serve(application, sockets=[sock], ident="Comptoir", _quiet=True, **options)
