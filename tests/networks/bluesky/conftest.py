"""A PDS replayed in memory: recorded payloads from the local AT Protocol network, served
through ``httpx.MockTransport`` to the real SDK, so the connector's own code runs as in
production and only the network is recorded."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.utils import translation

from comptoir.networks import actions
from comptoir.networks.base import AccountInfo
from comptoir.networks.bluesky import api
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.models import ConnectedAccount

FIXTURES = Path(__file__).parent / "fixtures"
PDS = "https://pds.example.com"
DID = "did:plc:zhjj56mo2ty6qdw6lsj6z3un"  # the account the recorded payloads belong to
HANDLE = "boulangerie.test"
APP_PASSWORD = "abcd-efgh-ijkl-mnop"

Handler = Callable[[httpx.Request], httpx.Response]


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def jwt(scope: str = "com.atproto.appPass", expires_in: int = 7200, did: str = DID) -> str:
    """An unsigned JWT with the claims the SDK reads (it never checks the signature)."""

    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    now = int(time.time())
    claims = {"scope": scope, "sub": did, "aud": "did:web:pds.example.com", "iat": now}
    claims["exp"] = now + expires_in
    return f"{part({'alg': 'ES256K', 'typ': 'at+jwt'})}.{part(claims)}.c2lnbmF0dXJl"


def session_body(did: str = DID, scope: str = "com.atproto.appPass") -> dict[str, Any]:
    return {
        "did": did,
        "handle": HANDLE,
        "accessJwt": jwt(scope),
        "refreshJwt": jwt("com.atproto.refresh", 86400 * 60),
        "didDoc": {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "alsoKnownAs": [f"at://{HANDLE}"],
            "service": [
                {
                    "id": "#atproto_pds",
                    "type": "AtprotoPersonalDataServer",
                    "serviceEndpoint": PDS,
                }
            ],
        },
    }


def xrpc_error(status: int, error: str, message: str = "", **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": error, "message": message}, headers=headers)


class FakePds:
    """Answers XRPC calls by method name; every request is kept for assertions."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Handler]] = {}
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def on(self, nsid: str, *answers: Handler | httpx.Response | dict[str, Any]) -> None:
        """Answer ``nsid`` with these, in turn (the last one repeats)."""
        self.routes[nsid] = [self._handler(answer) for answer in answers]

    @staticmethod
    def _handler(answer: Handler | httpx.Response | dict[str, Any]) -> Handler:
        if callable(answer):
            return answer
        if isinstance(answer, httpx.Response):
            return lambda request: answer
        return lambda request: httpx.Response(200, json=answer)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        nsid = request.url.path.removeprefix("/xrpc/")
        answers = self.routes.get(nsid)
        if not answers:
            return xrpc_error(501, "MethodNotImplemented", nsid)
        handler = answers.pop(0) if len(answers) > 1 else answers[0]
        return handler(request)

    def calls(self, nsid: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == f"/xrpc/{nsid}"]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English, whatever the catalogues hold."""
    with translation.override("en"):
        yield


@pytest.fixture
def pds(settings: Any) -> Iterator[FakePds]:
    settings.ALLOWED_PRIVATE_HOSTS = ["pds.example.com", "entryway.example.com"]
    api.forget_sessions()
    yield FakePds()
    api.forget_sessions()


def session_string(did: str = DID) -> str:
    body = session_body(did)
    return ":::".join([HANDLE, did, body["accessJwt"], body["refreshJwt"], PDS])


@pytest.fixture
def account(workspace: Any) -> ConnectedAccount:
    info = AccountInfo(
        remote_id=DID,
        handle=HANDLE,
        server_url=PDS,
        credentials={
            "identifier": DID,
            "app_password": APP_PASSWORD,
            "service": "https://entryway.example.com",
            "session": session_string(),
        },
    )
    return actions.save_connection(workspace, "bluesky", info, None)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def connector(account: ConnectedAccount, pds: FakePds, sleeps: list[float]) -> BlueskyConnector:
    return BlueskyConnector(account, transport=pds.transport, sleep=sleeps.append)
