"""A local network that records what it receives, and misbehaves on purpose.

The publishing benchmark points its accounts at this server. It accepts posts, and with
the configured probabilities fails before accepting (503), rate-limits (429 with
Retry-After), or accepts and then answers too late for the client (a timeout after
acceptance: the case that makes naive engines post twice). Every accepted post is kept
with its arrival time, so the benchmark can count duplicates and lateness from the
network's point of view.
"""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from comptoir.networks.base import OutgoingPost, PublishedPost
from comptoir.networks.http import HttpClient


@dataclass
class Faults:
    fail: float = 0.03
    rate_limit: float = 0.03
    timeout_after_accept: float = 0.02
    client_timeout: float = 1.0


@dataclass
class Recorded:
    remote_id: str
    text: str
    key: str
    at: float


@dataclass
class RecordingState:
    faults: Faults
    seed: int
    posts: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def roll(self) -> float:
        with self.lock:
            self.requests += 1
            return self.rng.random()

    def accept(self, text: str, key: str) -> Recorded:
        with self.lock:
            record = Recorded(f"r{len(self.posts) + 1}", text, key, time.time())
            self.posts.append(record)
            return record

    def find(self, text: str, since: float) -> Recorded | None:
        with self.lock:
            for record in self.posts:
                if record.text == text and record.at >= since:
                    return record
        return None


def make_handler(state: RecordingState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def reply(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            payload = json.loads(self.rfile.read(length) or b"{}")
            roll = state.roll()
            faults = state.faults
            if roll < faults.fail:
                self.reply(503, {"error": "unavailable"})
                return
            if roll < faults.fail + faults.rate_limit:
                self.reply(429, {"error": "slow down"}, {"Retry-After": "1"})
                return
            record = state.accept(payload.get("text", ""), payload.get("key", ""))
            if roll < faults.fail + faults.rate_limit + faults.timeout_after_accept:
                time.sleep(faults.client_timeout * 2)
            self.reply(200, {"id": record.remote_id, "url": f"http://recording/{record.remote_id}"})

        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            text = query.get("text", [""])[0]
            since = float(query.get("since", ["0"])[0])
            record = state.find(text, since)
            if record is None:
                self.reply(200, {"found": None})
            else:
                self.reply(200, {"found": {"id": record.remote_id, "at": record.at}})

    return Handler


class RecordingServer:
    def __init__(self, faults: Faults, seed: int) -> None:
        self.state = RecordingState(faults, seed)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self.state))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingConnector:
    """Publisher for the recording network, through the shared HTTP layer like any other."""

    def __init__(self, account: Any) -> None:
        self.client = HttpClient(
            network="recording",
            account_key=str(account.pk),
            base_url=account.server_url,
            timeout=float(account.credentials.get("timeout", 1.0)),
            max_attempts=2,
            max_wait=2.0,
        )

    def publish(self, post: OutgoingPost) -> PublishedPost:
        data = self.client.json(
            "POST", "/posts", json={"text": post.text, "key": post.idempotency_key}
        )
        return PublishedPost(remote_id=data["id"], url=data["url"], published_at=datetime.now(UTC))

    def delete(self, remote_id: str) -> None:
        raise NotImplementedError

    def find_published(self, post: OutgoingPost, since: datetime) -> PublishedPost | None:
        data = self.client.json(
            "GET", "/posts", params={"text": post.text, "since": since.timestamp()}
        )
        found = data.get("found")
        if not found:
            return None
        return PublishedPost(
            remote_id=found["id"],
            url=f"http://recording/{found['id']}",
            published_at=datetime.fromtimestamp(found["at"], UTC),
        )
