"""The ``requests`` counterpart of ``public_transport()``, for libraries built on requests.

Mastodon.py talks through a ``requests.Session``. Checking the instance address first is
not enough: urllib3 resolved the name again to connect, and a hostile DNS server can answer
a public address to the check and 127.0.0.1 to the connection (DNS rebinding). A session
given ``mount_public_only()`` resolves the name once, refuses it when any address is
private (``PrivateAddressError``, unless the host is in ``COMPTOIR_ALLOWED_PRIVATE_HOSTS``)
and opens the socket to a checked IP literal. TLS is unchanged: urllib3 still gives the
host name as ``server_hostname`` for SNI and the certificate.

Requests that go through a proxy (``HTTPS_PROXY``...) do not use these connections: the
proxy connects on its own.
"""

from __future__ import annotations

import contextlib
import socket
import sys
from typing import Any, TypeVar

import requests
from requests.adapters import DEFAULT_POOLBLOCK, HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from comptoir.networks.http import private_allowed, public_addresses

SessionT = TypeVar("SessionT", bound=requests.Session)


def _open(conn: HTTPConnection, address: str) -> socket.socket:
    """A socket to ``address`` (an IP literal: no DNS), failing as urllib3 itself does."""
    try:
        sock = create_connection(
            (address, conn.port),
            conn.timeout,
            source_address=conn.source_address,
            socket_options=conn.socket_options,
        )
    except TimeoutError as exc:
        raise ConnectTimeoutError(
            conn, f"Connection to {conn.host} timed out. (connect timeout={conn.timeout})"
        ) from exc
    except OSError as exc:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc
    sys.audit("http.client.connect", conn, conn.host, conn.port)
    return sock


def connect_public(conn: HTTPConnection) -> socket.socket:
    """``_new_conn`` of a guarded connection: resolve once, check, connect to that answer."""
    host = conn.host.strip("[]")
    if private_allowed(host):
        return HTTPConnection._new_conn(conn)
    try:
        addresses = public_addresses(host, conn.port, f"{host}:{conn.port}")
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    except UnicodeError as exc:  # a label too long for IDNA: no such name
        raise NameResolutionError(conn.host, conn, socket.gaierror(str(exc))) from exc
    for address in addresses[:-1]:  # each in turn, as urllib3 does
        with contextlib.suppress(ConnectTimeoutError):  # NewConnectionError included
            return _open(conn, address)
    return _open(conn, addresses[-1])


class PublicOnlyHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return connect_public(self)


class PublicOnlyHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return connect_public(self)


class PublicOnlyHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = PublicOnlyHTTPConnection


class PublicOnlyHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = PublicOnlyHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """An adapter whose connections go only to checked public addresses."""

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = DEFAULT_POOLBLOCK, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        # A new mapping: the default one is shared by every PoolManager of the process.
        self.poolmanager.pool_classes_by_scheme = {
            "http": PublicOnlyHTTPConnectionPool,
            "https": PublicOnlyHTTPSConnectionPool,
        }


def mount_public_only(session: SessionT) -> SessionT:
    """Route the session's http:// and https:// requests through ``PublicOnlyAdapter``."""
    session.mount("http://", PublicOnlyAdapter())
    session.mount("https://", PublicOnlyAdapter())
    return session
