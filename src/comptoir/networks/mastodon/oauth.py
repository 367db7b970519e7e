"""Connecting a Mastodon account: app registration on the instance, then the OAuth code flow.

Every Mastodon server is its own OAuth provider, so Comptoir registers itself as an app
on each instance (``POST /api/v1/apps``) before sending the person there to authorise
it. The registration and the code exchange go through Comptoir's HTTP layer: the address
the person typed is checked against private networks, nothing is redirected, and every
failure is classified. Tokens do not expire on Mastodon; revoking the app ends them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.networks.base import AccountInfo
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.http import HttpClient, check_public_url, public_transport
from comptoir.networks.mastodon.client import MastodonApi
from comptoir.networks.mastodon.items import full_acct

CLIENT_NAME = "Comptoir"
SCOPES = "read write"
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$")

NOT_MASTODON = _(
    "No Mastodon server answers at this address. Check the name of your server, for "
    "example piaille.fr."
)
CODE_REFUSED = _("Your server refused the authorisation. Please start again.")


class ConnectError(NetworkError):
    """A connection failure with an explanation about connecting, not publishing."""

    def __init__(self, kind: ErrorKind, detail: str, message: Promise) -> None:
        super().__init__(kind, detail)
        self.message = message

    @property
    def user_message(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class App:
    """Comptoir's registration on one instance, for one redirect address."""

    client_id: str
    client_secret: str


def instance_url(value: str) -> str:
    """The base URL of an instance from what a person types.

    "piaille.fr", "@boulangerie@piaille.fr" and "https://piaille.fr/@boulangerie" all
    give "https://piaille.fr". Plain http is kept only for hosts allowed to be private
    (a test server); anywhere else it becomes https. Raises ValueError when it is not a
    host name.
    """
    text = value.strip()
    if "://" in text:
        parts = urlsplit(text)
        scheme, host = parts.scheme.lower(), parts.netloc.rsplit("@", 1)[-1]
    else:
        scheme, host = "https", text.split("/")[0].rsplit("@", 1)[-1]
    try:
        host = host.encode("idna").decode("ascii").lower().rstrip(".")
    except UnicodeError as exc:
        raise ValueError(value) from exc
    hostname = host.split(":")[0]
    allowed = set(getattr(settings, "ALLOWED_PRIVATE_HOSTS", []))
    if scheme not in {"http", "https"} or not HOST.match(host):
        raise ValueError(value)
    if "." not in hostname and hostname not in allowed:
        raise ValueError(value)
    if scheme == "http" and hostname not in allowed:
        scheme = "https"
    return f"{scheme}://{host}"


def http(instance: str) -> HttpClient:
    return HttpClient(
        network="mastodon",
        base_url=instance,
        timeout=15.0,
        max_attempts=2,
        transport=public_transport(),  # the instance is typed by a user
    )


def register_app(instance: str, redirect_uri: str) -> App:
    """Register Comptoir on the instance (once per instance and redirect address)."""
    check_public_url(instance)
    client = http(instance)
    try:
        data: Any = client.json(
            "POST",
            "/api/v1/apps",
            data={"client_name": CLIENT_NAME, "redirect_uris": redirect_uri, "scopes": SCOPES},
        )
    except NetworkError as error:
        if error.status in {404, 405} or error.kind is ErrorKind.UNKNOWN:
            raise ConnectError(ErrorKind.VALIDATION, error.detail, NOT_MASTODON) from error
        raise
    finally:
        client.close()
    if not isinstance(data, dict) or not data.get("client_id") or not data.get("client_secret"):
        raise ConnectError(ErrorKind.VALIDATION, f"unexpected app: {data!r:.200}", NOT_MASTODON)
    return App(str(data["client_id"]), str(data["client_secret"]))


def authorize_url(instance: str, app: App, redirect_uri: str, state: str) -> str:
    """Where the person authorises Comptoir, on their own instance."""
    query = {
        "client_id": app.client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "lang": (translation.get_language() or "fr")[:2],
    }
    return f"{instance}/oauth/authorize?{urlencode(query)}"


def exchange_code(instance: str, app: App, redirect_uri: str, code: str) -> str:
    """Trade the authorisation code for an access token (the code works once)."""
    check_public_url(instance)
    client = http(instance)
    try:
        data: Any = client.json(
            "POST",
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "redirect_uri": redirect_uri,
                "scope": SCOPES,
            },
        )
    except NetworkError as error:
        if error.status in {400, 401, 403}:
            raise ConnectError(ErrorKind.VALIDATION, error.detail, CODE_REFUSED) from error
        raise
    finally:
        client.close()
    token = data.get("access_token") if isinstance(data, dict) else None
    if not token:
        raise ConnectError(ErrorKind.VALIDATION, f"no token in {data!r:.200}", CODE_REFUSED)
    return str(token)


def account_info(instance: str, app: App, redirect_uri: str, token: str) -> AccountInfo:
    """Who the token belongs to, with everything the connector needs later."""
    api = MastodonApi(instance, token)
    me: Any = api.read(api.client.account_verify_credentials)
    host = urlsplit(instance).netloc
    return AccountInfo(
        # Account ids are only unique on their own instance.
        remote_id=f"{me['id']}@{host}",
        handle=f"@{full_acct(me)}",
        display_name=str(me.get("display_name") or me.get("username") or ""),
        server_url=instance,
        credentials={
            "access_token": token,
            "account_id": str(me["id"]),
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "redirect_uri": redirect_uri,
            "scopes": SCOPES,
        },
    )
