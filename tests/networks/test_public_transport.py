"""The guarded transport (httpx) and session (requests, for Mastodon.py) connect to the
address they checked, not to a second DNS answer.

A real HTTP server listens on 127.0.0.1; ``socket.getaddrinfo`` is replaced to play a
hostile DNS server. No request leaves the machine.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from comptoir.networks import http
from comptoir.networks.errors import PrivateAddressError
from comptoir.networks.http import check_public_url, fetch_public, public_transport
from comptoir.networks.mastodon.client import MastodonApi
from comptoir.networks.public_requests import PublicOnlyAdapter, mount_public_only

PUBLIC = "93.184.215.14"


class Server:
    """An HTTP(S) server on 127.0.0.1 that counts what reaches it."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.hits: list[str] = []
        self.server_names: list[str | None] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            tls.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


def fake_dns(monkeypatch: pytest.MonkeyPatch, host: str, *answers: str) -> list[str]:
    """``host`` resolves to each answer in turn (the last one then stays); others as usual."""
    real, asked = socket.getaddrinfo, []

    def getaddrinfo(name, port, *args, **kwargs):
        if name != host:
            return real(name, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_dns_rebinding_after_the_check_is_refused(server, monkeypatch, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    asked = fake_dns(monkeypatch, "shop.example", PUBLIC, "127.0.0.1")
    with pytest.raises(PrivateAddressError):
        fetch_public(f"http://shop.example:{server.port}/feed")
    assert asked == [PUBLIC, "127.0.0.1"]  # the check saw a public address, the connection not
    assert server.hits == []


def test_the_transport_refuses_a_private_address_on_its_own(server, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    with httpx.Client(transport=public_transport()) as client, pytest.raises(PrivateAddressError):
        client.get(f"http://127.0.0.1:{server.port}/")
    assert server.hits == []


def test_an_allowed_private_host_is_reached(server, monkeypatch, settings):
    settings.ALLOWED_PRIVATE_HOSTS = ["intranet.example"]
    fake_dns(monkeypatch, "intranet.example", "127.0.0.1")
    document = fetch_public(f"http://intranet.example:{server.port}/feed")
    assert (document.status, document.content) == (200, b"ok")
    assert server.hits == ["/feed"]


def tls_server(tmp_path) -> tuple[Server, str]:
    """An HTTPS server on 127.0.0.1 for shop.example, and its self-signed certificate file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop.example")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("shop.example")]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(cert_file, key_file)
    return Server(tls=server_tls), str(cert_file)


def test_tls_checks_the_host_name_while_connecting_to_the_checked_address(
    monkeypatch, settings, tmp_path
):
    """Connected to an IP literal, TLS still sends and verifies the name of the URL."""
    settings.ALLOWED_PRIVATE_HOSTS = []
    server, cert_file = tls_server(tmp_path)
    try:
        # 127.0.0.1 plays a public address here, and the certificate is trusted.
        monkeypatch.setattr(http, "is_public_ip", lambda address: True)
        monkeypatch.setattr(
            http, "tls_context", lambda: ssl.create_default_context(cafile=cert_file)
        )
        fake_dns(monkeypatch, "shop.example", "127.0.0.1")
        with httpx.Client(transport=public_transport()) as client:
            assert client.get(f"https://shop.example:{server.port}/").text == "ok"
        assert server.server_names == ["shop.example"]
    finally:
        server.close()


# --- The requests session (Mastodon.py) -------------------------------------------------


def guarded_session() -> requests.Session:
    return mount_public_only(requests.Session())


def test_the_session_refuses_dns_rebinding_after_the_check(server, monkeypatch, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    asked = fake_dns(monkeypatch, "shop.example", PUBLIC, "127.0.0.1")
    url = f"http://shop.example:{server.port}/api"
    check_public_url(url)  # what the connector does first: it passes
    with guarded_session() as session, pytest.raises(PrivateAddressError):
        session.get(url, timeout=5)
    assert asked == [PUBLIC, "127.0.0.1"]
    assert server.hits == []


def test_the_session_refuses_a_private_address_on_its_own(server, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    with guarded_session() as session, pytest.raises(PrivateAddressError):
        session.get(f"http://127.0.0.1:{server.port}/", timeout=5)
    assert server.hits == []


def test_the_session_reaches_an_allowed_private_host(server, monkeypatch, settings):
    settings.ALLOWED_PRIVATE_HOSTS = ["intranet.example"]
    fake_dns(monkeypatch, "intranet.example", "127.0.0.1")
    with guarded_session() as session:
        response = session.get(f"http://intranet.example:{server.port}/feed", timeout=5)
    assert (response.status_code, response.text) == (200, "ok")
    assert server.hits == ["/feed"]


def test_the_session_keeps_the_host_name_for_tls(monkeypatch, settings, tmp_path):
    settings.ALLOWED_PRIVATE_HOSTS = []
    server, cert_file = tls_server(tmp_path)
    try:
        monkeypatch.setattr(http, "is_public_ip", lambda address: True)
        fake_dns(monkeypatch, "shop.example", "127.0.0.1")
        with guarded_session() as session:
            url = f"https://shop.example:{server.port}/"
            assert session.get(url, verify=cert_file, timeout=5).text == "ok"
        assert server.server_names == ["shop.example"]
    finally:
        server.close()


def test_a_mastodon_instance_rebinding_to_this_machine_is_refused(server, monkeypatch, settings):
    """The API calls, and the stream that shares their session, are guarded."""
    settings.ALLOWED_PRIVATE_HOSTS = []
    asked = fake_dns(monkeypatch, "social.example", PUBLIC, "127.0.0.1")
    api = MastodonApi(f"http://social.example:{server.port}", "token", sleep=lambda s: None)
    assert isinstance(api.session.get_adapter(api.client.api_base_url), PublicOnlyAdapter)
    assert api.client.session is api.session  # Mastodon.py streams through it too
    with pytest.raises(PrivateAddressError) as refused:
        api.read(api.client.account_verify_credentials)
    with pytest.raises(PrivateAddressError) as refused_write:
        api.write(lambda: api.client.status_post("hello"))
    assert asked == [PUBLIC, "127.0.0.1", "127.0.0.1"]
    assert server.hits == []
    assert not refused.value.safe_to_retry  # the form's clear message, not "try again"
    assert not refused_write.value.outcome_unknown
