"""CSV import (checked preview, then saving through the composer) and export."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comptoir.bulk import csv_export, csv_import
from comptoir.publishing.models import Post, PostStatus, PostTarget

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def later(days: int = 3, hour: int = 9) -> str:
    day = timezone.now().astimezone(PARIS).date() + timedelta(days=days)
    return f"{day:%Y-%m-%d} {hour:02d}:30"


def upload(client, workspace, content: bytes, name: str = "posts.csv"):
    return client.post(
        reverse("bulk:import_preview", args=[workspace.slug]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_commas_semicolons_and_a_byte_order_mark_are_read(workspace, bluesky, mastodon):
    comma = f'text,accounts,scheduled_at\nBonjour,"{bluesky.handle};{mastodon.pk}",{later()}\n'
    semicolon = "\ufeff" + comma.replace(",", ";").replace(
        f'"{bluesky.handle};', f'"{bluesky.handle},'
    )
    for content in (comma.encode(), semicolon.encode("utf-8")):
        (row,) = csv_import.read(content, workspace)
        assert row.valid, row.errors
        assert row.accounts == [bluesky, mastodon] and row.action == "schedule"
        local = row.when.astimezone(PARIS)
        assert (local.hour, local.minute) == (9, 30)


def test_row_errors_are_explained(workspace, bluesky, mastodon):
    past = (timezone.now() - timedelta(days=2)).astimezone(PARIS).strftime("%Y-%m-%d %H:%M")
    content = (
        "text;accounts;scheduled_at;status\n"
        f"Bon;inconnu.example;{later()};\n"
        f"Hier;{bluesky.handle};{past};\n"
        f"{'a' * 301};{bluesky.handle};{later()};\n"
        f";{mastodon.handle};{later()};\n"
        f"Demain;{mastodon.handle};le 12 juin;\n"
        f"Brouillon;{mastodon.handle};;draft\n"
        f"Idée;;;published\n"
    ).encode()
    rows = csv_import.read(content, workspace)
    errors = [" ".join(row.errors) for row in rows]
    assert "Unknown account “inconnu.example”." in errors[0]
    assert "already passed" in errors[1]
    assert "301 characters" in errors[2] and "300" in errors[2]
    assert "The text is empty." in errors[3]
    assert "is not a date" in errors[4]
    assert rows[5].valid and rows[5].action == "draft"
    assert "published" in errors[6]
    assert [row.line for row in rows] == [2, 3, 4, 5, 6, 7, 8]


def test_per_network_texts_are_used_and_checked(workspace, bluesky, mastodon):
    content = (
        "text,accounts,scheduled_at,text_mastodon\n"
        f'Court,"{bluesky.handle};{mastodon.handle}",{later()},Version longue pour Mastodon\n'
    ).encode()
    (row,) = csv_import.read(content, workspace)
    assert row.texts == {bluesky: "Court", mastodon: "Version longue pour Mastodon"}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"texte,comptes\nBonjour,x\n", "“text” is missing"),
        ("text,accounts\nCafé,x\n".encode("latin-1"), "UTF-8"),
        (b"text,accounts,text_myspace\nA,b\n", "text_myspace"),
        (b"text,accounts\n", "no post"),
        (b"text,accounts\n" + b"a,b\n" * (csv_import.MAX_ROWS + 1), "more than 500"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(workspace, content, words):
    with pytest.raises(csv_import.FileProblem, match=words):
        csv_import.read(content, workspace)


def test_a_file_too_large_is_refused_on_upload(owner_client, workspace):
    response = upload(owner_client, workspace, b"text,accounts\n" + b"x" * csv_import.MAX_BYTES)
    assert "too large" in response.content.decode()


def test_preview_saves_nothing_then_confirm_saves_the_valid_rows(
    owner_client, workspace, bluesky, mastodon
):
    content = (
        "text;accounts;scheduled_at\n"
        f"Galettes https://b.fr/galettes;{bluesky.handle};{later()}\n"
        f"Pain;personne;{later()}\n"
        f"Croissants;{mastodon.handle};{later(4)}\n"
    ).encode()
    page = upload(owner_client, workspace, content).content.decode()
    assert not Post.objects.exists()
    assert "Unknown account “personne”." in page
    # Accounts are named with their network's name, not its code.
    assert "(Bluesky)" in page and "(bluesky)" not in page
    # The preview shows the text as it will go out, tagged.
    assert "https://b.fr/galettes?utm_source=bluesky&amp;utm_medium=social" in page
    token = owner_client.session["bulk_import"]["token"]
    response = owner_client.post(
        reverse("bulk:import_confirm", args=[workspace.slug]), {"token": token}, follow=True
    )
    assert "2 posts were imported." in response.content.decode()
    assert Post.objects.filter(status=PostStatus.SCHEDULED).count() == 2
    assert PostTarget.objects.get(account=bluesky).text.startswith(
        "Galettes https://b.fr/galettes?utm_source=bluesky"
    )
    # The same confirmation twice does not import twice.
    owner_client.post(reverse("bulk:import_confirm", args=[workspace.slug]), {"token": token})
    assert Post.objects.count() == 2


def test_cancel_saves_nothing(owner_client, workspace, bluesky):
    upload(owner_client, workspace, f"text,accounts\nBonjour,{bluesky.handle}\n".encode())
    token = owner_client.session["bulk_import"]["token"]
    owner_client.post(reverse("bulk:import_cancel", args=[workspace.slug]))
    owner_client.post(reverse("bulk:import_confirm", args=[workspace.slug]), {"token": token})
    assert not Post.objects.exists()


def test_a_readonly_member_cannot_import(member_factory, workspace, bluesky):
    _membership, client = member_factory("readonly")
    response = upload(client, workspace, f"text,accounts\nA,{bluesky.handle}\n".encode())
    assert response.status_code == 403


def test_export_then_import_gives_the_same_posts(owner_client, workspace, bluesky, mastodon):
    content = (
        "text,accounts,scheduled_at,text_mastodon,status\n"
        f'"Galettes, enfin",{bluesky.handle};{mastodon.handle},{later()},Version Mastodon,\n'
        f"=1+1 n'est pas une formule,{bluesky.handle},,,draft\n"
    ).encode()
    rows = csv_import.read(content, workspace)
    csv_import.save(rows, workspace, None)
    for excel in (False, True):
        response = owner_client.get(
            reverse("bulk:export", args=[workspace.slug]),
            {"separator": "semicolon"} if excel else {},
        )
        assert response["Content-Type"].startswith("text/csv")
        body = response.content
        assert body.startswith(b"\xef\xbb\xbf") == excel
        if excel:
            assert b"text;accounts;scheduled_at;status" in body
        assert b"'=1+1" in body  # a spreadsheet must not run it
        again = csv_import.read(body, workspace)
        assert all(row.valid for row in again), [row.errors for row in again]
        by_text = {row.text: row for row in again}
        first, second = by_text["Galettes, enfin"], by_text["=1+1 n'est pas une formule"]
        assert first.texts == {bluesky: "Galettes, enfin", mastodon: "Version Mastodon"}
        assert first.when == rows[0].when and first.action == "schedule"
        assert second.action == "draft" and second.texts == {bluesky: rows[1].text}


def test_export_has_published_posts_with_their_addresses(workspace, bluesky):
    post = Post.objects.create(
        workspace=workspace,
        text="Publié",
        status=PostStatus.PUBLISHED,
        published_at=datetime(2026, 6, 1, 8, 0, tzinfo=ZoneInfo("UTC")),
        networks=["bluesky"],
    )
    PostTarget.objects.create(
        workspace=workspace,
        post=post,
        account=bluesky,
        text="Publié",
        due_at=post.published_at,
        idempotency_key="k1",
        status="published",
        remote_url="https://bsky.app/post/1",
    )
    body = csv_export.export(workspace)
    header, line = body.strip().split("\r\n")
    assert header.endswith("published_at,remote_urls")
    assert line.endswith("published,,,,2026-06-01 10:00,https://bsky.app/post/1")


def test_the_documented_example_file_is_read(workspace):
    from pathlib import Path

    from tests.bulk.conftest import make_account

    make_account(workspace, "bluesky", "boulangerie-martin.bsky.social")
    make_account(workspace, "mastodon", "boulangerie@piaille.fr")
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "posts-import.csv"
    next_year = str(timezone.now().year + 1)
    content = example.read_text(encoding="utf-8").replace("2027-", f"{next_year}-")
    rows = csv_import.read(content.encode("utf-8"), workspace)
    assert [row.errors for row in rows] == [[], [], []]
    assert [row.action for row in rows] == ["schedule", "schedule", "draft"]
    assert len(rows[0].texts) == 2 and "#galette" in list(rows[0].texts.values())[1]
