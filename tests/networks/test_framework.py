"""The connector framework: text counting, error classification, retries, SSRF refusal,
encryption of credentials."""

from __future__ import annotations

import httpx
import pytest
from cryptography.fernet import Fernet

from comptoir.networks import crypto
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError
from comptoir.networks.http import (
    HttpClient,
    RateLimit,
    RateLimiter,
    check_public_url,
    parse_retry_after,
)
from comptoir.networks.limits import Counting, Limits, count_text, text_problems


class TestCounting:
    def test_graphemes_count_a_family_emoji_once(self):
        assert count_text("👨‍👩‍👧 ok", Counting.GRAPHEMES) == 4
        assert count_text("👨‍👩‍👧 ok", Counting.CHARACTERS) == 8

    def test_accents_in_decomposed_form_are_one_grapheme(self):
        assert count_text("e\u0301te\u0301", Counting.GRAPHEMES) == 3

    def test_urls_count_as_23_characters_on_mastodon(self):
        text = "Voir https://boulangerie-martin.fr/galettes-des-rois-2027?utm_source=x"
        assert count_text(text, Counting.CHARACTERS, url_length=23) == len("Voir ") + 23

    def test_utf16_and_bytes(self):
        assert count_text("🥖", Counting.UTF16) == 2
        assert count_text("🥖", Counting.BYTES) == 4

    def test_problems_name_the_exceeded_limits(self):
        limits = Limits(max_text=5, counting=Counting.GRAPHEMES, max_text_bytes=8)
        assert text_problems("abc", limits) == []
        assert text_problems("éééééé", limits) == [("graphemes", 6, 5), ("bytes", 12, 8)]


class TestErrors:
    def test_every_kind_has_a_french_message(self):
        from django.utils import translation

        for kind in ErrorKind:
            with translation.override("en"):
                english = str(kind.message)
            with translation.override("fr"):
                french = str(kind.message)
            assert english and french and english != french, kind

    def test_unknown_outcome_is_never_safe_to_retry(self):
        assert NetworkError(ErrorKind.NETWORK).safe_to_retry
        assert not NetworkError(ErrorKind.NETWORK, outcome_unknown=True).safe_to_retry


def client_with(handler, **kwargs) -> tuple[HttpClient, list[float]]:
    sleeps: list[float] = []
    client = HttpClient(
        network="test",
        base_url="https://api.example",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        **kwargs,
    )
    return client, sleeps


class TestHttpClient:
    def test_reads_are_retried_on_server_errors(self):
        calls = []

        def handler(request):
            calls.append(request)
            return httpx.Response(503 if len(calls) < 3 else 200, json={"ok": True})

        client, sleeps = client_with(handler)
        assert client.json("GET", "/thing") == {"ok": True}
        assert len(calls) == 3
        assert len(sleeps) == 2

    def test_writes_are_not_retried_on_server_errors(self):
        calls = []

        def handler(request):
            calls.append(request)
            return httpx.Response(502)

        client, _ = client_with(handler)
        with pytest.raises(NetworkError) as caught:
            client.request("POST", "/statuses")
        assert caught.value.kind is ErrorKind.SERVER
        assert len(calls) == 1
        # A gateway's 502 may come after the network published: look before trying again.
        assert caught.value.outcome_unknown
        assert not caught.value.safe_to_retry

    def test_timeout_after_sending_a_write_is_an_unknown_outcome(self):
        def handler(request):
            raise httpx.ReadTimeout("slow", request=request)

        client, _ = client_with(handler)
        with pytest.raises(NetworkError) as caught:
            client.request("POST", "/statuses")
        assert caught.value.outcome_unknown
        assert not caught.value.safe_to_retry

    def test_refused_connection_is_retried_even_for_writes(self):
        calls = []

        def handler(request):
            calls.append(request)
            if len(calls) == 1:
                raise httpx.ConnectError("refused", request=request)
            return httpx.Response(200, json={"id": "1"})

        client, _ = client_with(handler)
        assert client.json("POST", "/statuses") == {"id": "1"}

    def test_rate_limit_waits_what_the_server_asks(self):
        calls = []

        def handler(request):
            calls.append(request)
            if len(calls) == 1:
                return httpx.Response(429, headers={"Retry-After": "7"})
            return httpx.Response(200, json={})

        client, sleeps = client_with(handler)
        client.json("POST", "/statuses")
        assert sleeps == [7.0]

    def test_statuses_map_to_kinds(self):
        for status, kind in [
            (401, ErrorKind.AUTH_EXPIRED),
            (422, ErrorKind.VALIDATION),
            (402, ErrorKind.BILLING_REQUIRED),
            (413, ErrorKind.MEDIA_PROCESSING),
        ]:
            client, _ = client_with(lambda request, status=status: httpx.Response(status))
            with pytest.raises(NetworkError) as caught:
                client.request("GET", "/x")
            assert caught.value.kind is kind

    def test_malformed_json_is_classified(self):
        client, _ = client_with(lambda request: httpx.Response(200, text="<html>oops"))
        with pytest.raises(NetworkError) as caught:
            client.json("POST", "/statuses")
        assert caught.value.kind is ErrorKind.UNKNOWN
        assert caught.value.outcome_unknown

    def test_account_bucket_refuses_when_the_wait_is_too_long(self):
        client, _ = client_with(
            lambda request: httpx.Response(200, json={}),
            account_key="acct-bucket-test",
            account_limit=RateLimit(capacity=2, per_seconds=3600),
            max_wait=0.01,
        )
        client.json("GET", "/a")
        client.json("GET", "/b")
        with pytest.raises(NetworkError) as caught:
            client.json("GET", "/c")
        assert caught.value.kind is ErrorKind.RATE_LIMITED

    def test_retry_after_from_reset_header(self):
        response = httpx.Response(429, headers={"X-RateLimit-Reset": "2000-01-01T00:00:00Z"})
        assert parse_retry_after(response) == 0.0


class TestRateLimiter:
    """Two calls per two seconds: the third waits, and callers waiting together queue."""

    @pytest.fixture
    def clock(self, monkeypatch):
        class Clock:
            now = 1000.0
            slept: list[float] = []

            def monotonic(self):
                return self.now

            def sleep(self, seconds):
                self.slept.append(seconds)

        clock = Clock()
        monkeypatch.setattr("comptoir.networks.http.time", clock)
        return clock

    def test_waiting_callers_queue_one_behind_the_other(self, clock):
        limiter = RateLimiter()
        for _ in range(4):
            limiter.acquire("bucket", capacity=2, per_seconds=2, max_wait=10)
        assert clock.slept == [1.0, 2.0]

    def test_a_refused_call_takes_nothing(self, clock):
        limiter = RateLimiter()
        for _ in range(2):
            limiter.acquire("bucket", capacity=2, per_seconds=2, max_wait=0.5)
        for _ in range(3):
            with pytest.raises(NetworkError) as refused:
                limiter.acquire("bucket", capacity=2, per_seconds=2, max_wait=0.5)
            assert refused.value.kind == ErrorKind.RATE_LIMITED
        clock.now += 1.0  # one token back, and only one
        limiter.acquire("bucket", capacity=2, per_seconds=2, max_wait=0.5)
        with pytest.raises(NetworkError):
            limiter.acquire("bucket", capacity=2, per_seconds=2, max_wait=0.5)
        assert clock.slept == []


class TestPrivateAddresses:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1/feed",
            "http://localhost:8000/",
            "http://10.1.2.3/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/",
            "file:///etc/passwd",
            "gopher://example.org/",
        ],
    )
    def test_private_and_odd_urls_are_refused(self, url):
        with pytest.raises(PrivateAddressError):
            check_public_url(url, allowed_hosts=[])

    def test_public_ip_is_accepted_without_resolution(self):
        check_public_url("https://93.184.215.14/", allowed_hosts=[])

    def test_allow_list_lets_a_test_host_through(self):
        check_public_url("http://127.0.0.1:8000/feed", allowed_hosts=["127.0.0.1"])


class TestCredentials:
    def test_round_trip_and_not_stored_in_clear(self, settings):
        settings.ENCRYPTION_KEYS = []
        token = crypto.encrypt({"app_password": "abcd-efgh"})
        assert "abcd" not in token
        assert crypto.decrypt(token) == {"app_password": "abcd-efgh"}

    def test_rotation_to_a_new_key(self, settings):
        old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        settings.ENCRYPTION_KEYS = [old]
        token = crypto.encrypt({"t": 1})
        settings.ENCRYPTION_KEYS = [new, old]
        rotated = crypto.rotate(token)
        settings.ENCRYPTION_KEYS = [new]
        assert crypto.decrypt(rotated) == {"t": 1}
        with pytest.raises(ValueError, match="COMPTOIR_ENCRYPTION_KEYS"):
            crypto.decrypt(token)
