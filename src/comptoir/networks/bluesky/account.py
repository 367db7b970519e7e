"""Connecting an account: a session from the handle and app password, never the main
password, and an address check on every server involved."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
from atproto import models

from comptoir.networks.base import AccountInfo
from comptoir.networks.bluesky.api import (
    SDK_ERRORS,
    TIMEOUT,
    base_of,
    check_address,
    create_session,
    new_client,
)
from comptoir.networks.bluesky.errors import CredentialsRefusedError, MainPasswordError
from comptoir.networks.bluesky.forms import normalise_service
from comptoir.networks.errors import ErrorKind, NetworkError

# The session scope of a login with the main password (an app password gives appPass).
FULL_ACCESS_SCOPE = "com.atproto.access"


def connect_account(
    data: dict[str, Any],
    *,
    timeout: float = TIMEOUT,
    transport: httpx.BaseTransport | None = None,
) -> AccountInfo:
    """Log in with the handle and app password; refuse the account's main password."""
    try:
        service = normalise_service(str(data.get("server") or ""))
    except ValueError:
        raise NetworkError(ErrorKind.VALIDATION, f"bad server {data.get('server')!r}") from None
    check_address(service)
    client = new_client(service, timeout=timeout, transport=transport)
    password = str(data["app_password"])
    try:
        session = create_session(client, str(data["handle"]), password)
    except NetworkError as error:
        if error.kind is ErrorKind.AUTH_EXPIRED:
            raise CredentialsRefusedError(error.detail) from error
        raise
    if getattr(session.access_jwt_payload, "scope", None) == FULL_ACCESS_SCOPE:
        # Close the session at once (it would expire by itself); the password is not kept.
        with contextlib.suppress(*SDK_ERRORS):
            client.com.atproto.server.delete_session(
                headers=client._get_refresh_auth_headers(), ignore_session_check=True
            )
        raise MainPasswordError()
    try:
        profile = client.app.bsky.actor.get_profile(
            models.AppBskyActorGetProfile.Params(actor=session.did)
        )
        display_name = str(profile.display_name or "")
    except SDK_ERRORS:
        display_name = ""  # a new account may not be known to the AppView yet
    return AccountInfo(
        remote_id=session.did,
        handle=session.handle,
        display_name=display_name,
        server_url=base_of(client),
        credentials={
            "identifier": session.did,
            "app_password": password,
            "service": service,
            "session": session.encode(),
        },
    )
