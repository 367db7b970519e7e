"""A real HTTP server on 127.0.0.1 that serves the feed fixtures.

Each test declares routes: a path answers with a fixture file, a status, headers, a
redirect, or a function that writes the response itself (to be slow, or huge). Requests
are recorded with their headers, so conditional GETs can be checked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from comptoir.networks.models import ConnectedAccount
from comptoir.networks.rss.connector import FeedConnector

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    # When set, writes the whole response itself (status line included).
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    # Answer 304 when the request carries this ETag in If-None-Match.
    etag: str | None = None
    last_modified: str | None = None


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                headers = dict(route.headers)
                if route.etag:
                    headers["ETag"] = route.etag
                if route.last_modified:
                    headers["Last-Modified"] = route.last_modified
                unchanged = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified
                    and self.headers.get("If-Modified-Since") == route.last_modified
                )
                status, body = (304, b"") if unchanged else (route.status, route.body)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def serve(
        self, path: str, fixture: str, content_type: str = "application/rss+xml", **kwargs: object
    ) -> Route:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        route = Route(body=(FIXTURES / fixture).read_bytes(), headers=headers, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.routes[path] = Route(status=status, headers={"Location": location})


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def allow_local(settings):
    """Let the tests reach the local server; without this, 127.0.0.1 is refused."""
    settings.ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    return settings


@pytest.fixture
def follow(workspace):
    """A connector for a feed account (not saved: connectors only read the account)."""

    def make(url: str) -> FeedConnector:
        account = ConnectedAccount(
            workspace=workspace, network="rss", remote_id=url, handle="feed", server_url=url
        )
        return FeedConnector(account)

    return make
