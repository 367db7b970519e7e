"""A real Mastodon-compatible server (the mastodon-mock emulator) on 127.0.0.1.

One server runs for the whole session and is reset to its seed before each test: the
accounts alice, bob and carol (each with a token) and dave on a remote domain. The
workspace's connected account is alice; the others play the customers.
"""

from __future__ import annotations

import struct
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from comptoir.networks import actions
from comptoir.networks.mastodon import oauth
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.models import ConnectedAccount
from tests.peer_fixtures import emulator_installed, mastodon_server

__all__ = ["emulator_installed", "mastodon_server", "png"]


def png(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG image (a few orange pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xe0\x70\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def server(mastodon_server: Any, settings: Any) -> Any:
    mastodon_server.reset()  # seed data again, and no fault rule left
    settings.ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    return mastodon_server


@pytest.fixture
def alice_account(server: Any, workspace: Any) -> ConnectedAccount:
    """Alice's account connected to the workspace, as the OAuth flow would leave it."""
    app = oauth.App("test-client", "test-secret")
    info = oauth.account_info(server.base_url, app, "urn:ietf:wg:oauth:2.0:oob", "alice_token")
    return actions.save_connection(workspace, "mastodon", info, None)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def connector(alice_account: ConnectedAccount, sleeps: list[float]) -> MastodonConnector:
    return MastodonConnector(alice_account, timeout=5.0, sleep=sleeps.append)


@pytest.fixture
def alice(server: Any) -> Any:
    return server.client("alice")


@pytest.fixture
def bob(server: Any) -> Any:
    return server.client("bob")


@pytest.fixture
def carol(server: Any) -> Any:
    return server.client("carol")


class SlowAnswerProxy:
    """An HTTP proxy in front of the emulator that can hold back an answer.

    The request reaches the server and is carried out; only the answer is late. That is
    the case a client cannot tell apart from a lost request: it times out, yet the status
    exists. (The emulator's own latency fault delays before handling the request, so the
    request dies with the connection.)
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.hold: dict[tuple[str, str], float] = {}
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in {"host", "content-length", "connection"}
                }
                answer = httpx.request(
                    self.command,
                    proxy.upstream + self.path,
                    headers=headers,
                    content=body,
                    timeout=30,
                )
                delay = proxy.hold.pop((self.command, self.path.split("?")[0]), 0.0)
                time.sleep(delay)
                try:
                    self.send_response(answer.status_code)
                    for key, value in answer.headers.items():
                        if key.lower() not in {
                            "content-length",
                            "transfer-encoding",
                            "connection",
                            "content-encoding",
                        }:
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(answer.content)))
                    self.end_headers()
                    self.wfile.write(answer.content)
                except OSError:
                    pass  # the client gave up waiting, as intended

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def slow_proxy(server: Any) -> Iterator[SlowAnswerProxy]:
    proxy = SlowAnswerProxy(server.base_url)
    yield proxy
    proxy.close()
