"""Following feeds through a real local HTTP server: connecting, reading, deduplicating,
conditional requests, and the hostile feeds a public address can serve."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from django.utils import translation

from comptoir.networks.base import capabilities_of
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError
from comptoir.networks.registry import get_network
from comptoir.networks.rss.connector import FeedConnector
from comptoir.networks.rss.errors import FeedError
from tests.networks.rss.conftest import FIXTURES, Route

pytestmark = pytest.mark.django_db
JOURNAL = "Le Petit Journal du Loiret \u2013 Orléans"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; one test checks the French."""
    with translation.override("en"):
        yield


class TestConnect:
    def test_a_feed_address_connects_with_its_title(self, feed_server, allow_local):
        feed_server.serve("/rss", "rss2.xml")
        info = FeedConnector.connect({"url": feed_server.url("/rss")})
        assert info.remote_id == feed_server.url("/rss")
        assert info.server_url == feed_server.url("/rss")
        assert info.handle == JOURNAL
        assert info.credentials == {}

    def test_a_website_address_finds_the_feed_it_announces(self, feed_server, allow_local):
        feed_server.serve("/", "site.html", content_type="text/html")
        feed_server.serve("/blog/atom.xml", "atom.xml", content_type="application/atom+xml")
        info = FeedConnector.connect({"url": feed_server.url("/")})
        assert info.remote_id == feed_server.url("/blog/atom.xml")
        assert info.handle == "Le blog de la Boulangerie Martin"

    def test_the_canonical_address_is_where_redirects_end(self, feed_server, allow_local):
        feed_server.redirect("/old-feed", "/rss", status=301)
        feed_server.serve("/rss", "rss2.xml")
        info = FeedConnector.connect({"url": feed_server.url("/old-feed")})
        assert info.remote_id == feed_server.url("/rss")

    def test_a_very_long_address_keeps_a_short_id(self, feed_server, allow_local):
        path = "/rss?" + "&".join(f"section{n}=orleans" for n in range(25))
        feed_server.serve(path, "rss2.xml")
        info = FeedConnector.connect({"url": feed_server.url(path)})
        assert len(feed_server.url(path)) > 255
        assert info.server_url == feed_server.url(path)
        assert info.remote_id.startswith("sha256:") and len(info.remote_id) < 255
        again = FeedConnector.connect({"url": feed_server.url(path)})
        assert again.remote_id == info.remote_id

    def test_a_website_without_feed_is_explained(self, feed_server, allow_local):
        feed_server.serve("/", "site_without_feed.html", content_type="text/html")
        with pytest.raises(FeedError) as caught:
            FeedConnector.connect({"url": feed_server.url("/")})
        assert caught.value.kind is ErrorKind.VALIDATION
        assert "No RSS or Atom feed" in caught.value.user_message

    def test_a_missing_page_is_a_refusal_naming_the_status(self, feed_server, allow_local):
        with pytest.raises(FeedError) as caught:
            FeedConnector.connect({"url": feed_server.url("/nothing-here")})
        assert caught.value.status == 404
        assert "error 404" in caught.value.user_message
        with translation.override("fr"):
            assert "(erreur 404)" in caught.value.user_message

    def test_the_form_accepts_an_address_without_scheme(self):
        form = FeedConnector.connect_form({"url": "journal-loiret.example/rss"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["url"] == "https://journal-loiret.example/rss"

    def test_the_registry_sees_a_listener_that_cannot_publish(self):
        spec = get_network("rss")
        assert spec.connector_class is FeedConnector
        assert capabilities_of(FeedConnector) == ["listener"]


class TestRead:
    def test_rss2_entries_become_articles_oldest_first(self, feed_server, allow_local, follow):
        feed_server.serve("/rss", "rss2.xml")
        batch = follow(feed_server.url("/rss")).fetch_since(None)
        assert [item.remote_id for item in batch.items] == [
            "https://journal-loiret.example/orleans/travaux-bourgogne",
            "jdl-2026-0412",
        ]
        fete = batch.items[1]
        assert fete.kind == "article"
        assert fete.url == "https://journal-loiret.example/orleans/fete-du-pain"
        assert fete.created_at == datetime(2026, 4, 12, 6, 30, tzinfo=UTC)
        assert fete.text.startswith("Fête du pain : les boulangers s'installent place du Martroi")
        assert "dont la Boulangerie Martin, proposent des gâteaux" in fete.text
        assert "<" not in fete.text
        assert fete.author.handle == JOURNAL
        assert fete.author.display_name == "Marie Lefèvre"
        assert fete.raw["tags"] == ["Commerce"]

    def test_atom_entries_with_html_titles_and_local_times(self, feed_server, allow_local, follow):
        feed_server.serve("/atom", "atom.xml", content_type="application/atom+xml")
        batch = follow(feed_server.url("/atom")).fetch_since(None)
        paques, galette = batch.items
        assert paques.created_at == datetime(2026, 4, 1, 14, 0, tzinfo=UTC)
        assert paques.text == "Nos horaires de Pâques\n\nDimanche : 7 h \u2013 13 h\nLundi : fermé"
        assert galette.raw["title"] == "La galette frangipane revient"
        assert galette.created_at.tzinfo is not None

    def test_scripts_and_handlers_in_content_are_gone(self, feed_server, allow_local, follow):
        feed_server.serve("/atom", "atom.xml", content_type="application/atom+xml")
        galette = follow(feed_server.url("/atom")).fetch_since(None).items[1]
        assert "commandez-la dès aujourd'hui" in galette.text
        assert "Bonne dégustation\u00a0!" not in galette.text  # no-break spaces are folded
        assert "Bonne dégustation !" in galette.text
        for trace in ("script", "document.cookie", "evil.example", "onclick", "steal", "<"):
            assert trace not in galette.text

    def test_entries_seen_are_not_returned_again(self, feed_server, allow_local, follow):
        feed_server.serve("/rss", "rss2.xml")
        connector = follow(feed_server.url("/rss"))
        first = connector.fetch_since(None)
        assert len(first.items) == 2
        again = connector.fetch_since(first.cursor)
        assert again.items == []
        feed_server.serve("/rss", "rss2_updated.xml")
        third = connector.fetch_since(again.cursor)
        assert [item.remote_id for item in third.items] == ["jdl-2026-0414"]
        assert connector.fetch_since(third.cursor).items == []

    def test_etag_gives_a_304_and_no_items(self, feed_server, allow_local, follow):
        feed_server.serve("/rss", "rss2.xml", etag='"v1"')
        connector = follow(feed_server.url("/rss"))
        first = connector.fetch_since(None)
        assert json.loads(first.cursor)["etag"] == '"v1"'
        second = connector.fetch_since(first.cursor)
        assert second.items == []
        assert second.cursor == first.cursor
        assert feed_server.requests[-1][1]["If-None-Match"] == '"v1"'
        assert "If-None-Match" not in feed_server.requests[0][1]

    def test_last_modified_gives_a_304(self, feed_server, allow_local, follow):
        stamp = "Tue, 14 Apr 2026 07:00:00 GMT"
        feed_server.serve("/rss", "rss2.xml", last_modified=stamp)
        connector = follow(feed_server.url("/rss"))
        first = connector.fetch_since(None)
        second = connector.fetch_since(first.cursor)
        assert second.items == []
        assert feed_server.requests[-1][1]["If-Modified-Since"] == stamp

    def test_a_304_still_remembers_seen_entries(self, feed_server, allow_local, follow):
        route = feed_server.serve("/rss", "rss2.xml", etag='"v1"')
        connector = follow(feed_server.url("/rss"))
        cursor = connector.fetch_since(None).cursor
        cursor = connector.fetch_since(cursor).cursor  # 304
        route.etag = '"v2"'
        route.body = (FIXTURES / "rss2_updated.xml").read_bytes()
        batch = connector.fetch_since(cursor)
        assert [item.remote_id for item in batch.items] == ["jdl-2026-0414"]

    def test_a_damaged_cursor_starts_over_instead_of_failing(
        self, feed_server, allow_local, follow
    ):
        feed_server.serve("/rss", "rss2.xml")
        batch = follow(feed_server.url("/rss")).fetch_since("{not json")
        assert len(batch.items) == 2

    def test_search_keeps_matching_entries_whatever_case_and_accents(
        self, feed_server, allow_local, follow
    ):
        feed_server.serve("/rss", "rss2_updated.xml")
        connector = follow(feed_server.url("/rss"))
        batch = connector.search("GATEAU martin", None)
        assert [item.remote_id for item in batch.items] == ["jdl-2026-0412"]
        assert connector.search('"sans gluten"', None).items[0].remote_id == "jdl-2026-0414"
        assert connector.search('"gluten sans"', None).items == []
        # What was looked at once is not returned again, matched or not.
        assert connector.search("travaux", batch.cursor).items == []


class TestHostileFeeds:
    def test_local_addresses_are_refused_without_the_allow_list(
        self, feed_server, settings, follow
    ):
        settings.ALLOWED_PRIVATE_HOSTS = []
        feed_server.serve("/rss", "rss2.xml")
        with pytest.raises(PrivateAddressError):
            FeedConnector.connect({"url": feed_server.url("/rss")})
        with pytest.raises(PrivateAddressError):
            follow(feed_server.url("/rss")).fetch_since(None)
        assert feed_server.requests == []

    def test_a_redirect_to_a_private_address_is_refused_before_connecting(
        self, feed_server, settings, follow
    ):
        settings.ALLOWED_PRIVATE_HOSTS = ["localhost"]
        feed_server.serve("/rss", "rss2.xml")
        feed_server.redirect("/to-loopback", feed_server.url("/rss", host="127.0.0.2"))
        feed_server.redirect("/to-intranet", "http://10.0.0.1/admin/feed.xml")
        for path in ("/to-loopback", "/to-intranet"):
            with pytest.raises(PrivateAddressError):
                follow(feed_server.url(path, host="localhost")).fetch_since(None)
        # Only the allowed first hops reached a server; the private targets never did.
        assert [path for path, _headers in feed_server.requests] == ["/to-loopback", "/to-intranet"]

    def test_a_redirect_loop_is_a_classified_error(self, feed_server, allow_local, follow):
        feed_server.redirect("/a", "/b")
        feed_server.redirect("/b", "/a")
        with pytest.raises(NetworkError) as caught:
            follow(feed_server.url("/a")).fetch_since(None)
        assert caught.value.kind is ErrorKind.VALIDATION

    def test_a_huge_feed_is_refused(self, feed_server, allow_local, follow, monkeypatch):
        monkeypatch.setattr(FeedConnector, "MAX_BYTES", 2_000_000)

        def endless(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            item = b"<item><title>" + b"x" * 10_000 + b"</title></item>"
            try:
                for _ in range(400):  # about 4 MB, twice the limit
                    handler.wfile.write(item)
            except (BrokenPipeError, ConnectionResetError):
                pass

        feed_server.routes["/huge"] = _route(endless)
        with pytest.raises(FeedError) as caught:
            follow(feed_server.url("/huge")).fetch_since(None)
        assert caught.value.kind is ErrorKind.VALIDATION
        assert not caught.value.safe_to_retry
        assert "more than 2 MB" in caught.value.user_message

    def test_a_server_that_does_not_answer_in_time(
        self, feed_server, allow_local, follow, monkeypatch
    ):
        monkeypatch.setattr(FeedConnector, "TIMEOUT", 0.5)

        def silent(handler):
            time.sleep(2)

        feed_server.routes["/slow"] = _route(silent)
        started = time.monotonic()
        with pytest.raises(NetworkError) as caught:
            follow(feed_server.url("/slow")).fetch_since(None)
        assert time.monotonic() - started < 1.8
        assert caught.value.kind is ErrorKind.NETWORK
        assert caught.value.safe_to_retry

    def test_a_server_that_drips_its_answer(self, feed_server, allow_local, follow, monkeypatch):
        monkeypatch.setattr(FeedConnector, "TIMEOUT", 0.6)

        def drip(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            try:
                for _ in range(40):
                    handler.wfile.write(b"<!-- . -->" * 10)
                    handler.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass

        feed_server.routes["/drip"] = _route(drip)
        started = time.monotonic()
        with pytest.raises(NetworkError) as caught:
            follow(feed_server.url("/drip")).fetch_since(None)
        assert time.monotonic() - started < 2.5
        assert caught.value.kind is ErrorKind.NETWORK

    def test_a_malformed_feed_is_read_as_far_as_it_goes(self, feed_server, allow_local, follow):
        feed_server.serve("/broken", "malformed.xml")
        batch = follow(feed_server.url("/broken")).fetch_since(None)
        assert [item.url for item in batch.items] == ["https://casse.example/1"]

    def test_garbage_is_a_clear_error(self, feed_server, allow_local, follow):
        feed_server.serve("/garbage", "garbage.xml")
        with pytest.raises(FeedError) as caught:
            follow(feed_server.url("/garbage")).fetch_since(None)
        assert caught.value.kind is ErrorKind.VALIDATION
        assert "malformed" in caught.value.user_message

    def test_external_entities_are_not_resolved(self, feed_server, allow_local, follow, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("CONFIDENTIEL-42")
        feed_server.routes["/xxe"] = _route(body=XXE.replace(b"PATH", str(secret).encode()))
        try:
            batch = follow(feed_server.url("/xxe")).fetch_since(None)
        except FeedError:
            return  # refusing the document is as good as not resolving it
        assert batch.items
        for item in batch.items:
            assert "CONFIDENTIEL" not in item.text

    def test_a_body_that_is_a_file_name_is_not_opened(self, feed_server, allow_local, tmp_path):
        secret = tmp_path / "feed.xml"
        secret.write_bytes((FIXTURES / "rss2.xml").read_bytes())
        feed_server.routes["/path"] = _route(body=str(secret).encode())
        with pytest.raises(FeedError) as caught:
            FeedConnector.connect({"url": feed_server.url("/path")})
        assert "No RSS or Atom feed" in caught.value.user_message


XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file://PATH">]>
<rss version="2.0"><channel><title>Flux</title>
<item><title>Entite externe</title><guid>xxe-1</guid>
<description>avant &secret; apres</description></item>
</channel></rss>
"""


def _route(handler=None, body: bytes = b""):
    return Route(handler=handler, body=body, headers={"Content-Type": "text/plain"})
