"""The composer: compose once, adapt per account, publish now, schedule or keep a draft."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.publishing import composer, engine
from comptoir.publishing.models import Post, PostStatus, PostTarget, PublishAttempt, TargetStatus
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def account(workspace, network="sandbox", handle="boulangerie", **extra):
    return ConnectedAccount.objects.create(
        workspace=workspace, network=network, remote_id=handle, handle=handle, **extra
    )


@pytest.fixture
def sandbox(workspace):
    return account(workspace)


@pytest.fixture
def bluesky(workspace):
    return account(workspace, "bluesky", "boulangerie.bsky.social")


@pytest.fixture
def mastodon(workspace):
    return account(workspace, "mastodon", "boulangerie@piaille.fr")


@pytest.fixture
def member_client(member_factory) -> Client:
    return member_factory("member")[1]


def compose_url(workspace) -> str:
    return reverse("publishing:compose", args=[workspace.slug])


def post(client, workspace, url=None, **data):
    data.setdefault("action", "now")
    return client.post(url or compose_url(workspace), data)


def local(year, month, day, hour, minute):
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"


# --- Choosing accounts -------------------------------------------------------------------


def test_only_active_publishing_accounts_of_the_workspace_are_offered(workspace, sandbox):
    account(workspace, "rss", "flux")  # feeds cannot publish
    account(workspace, "recording", "bench")  # internal network, not listed
    account(workspace, "bluesky", "parti.bsky.social", status=AccountStatus.BROKEN)
    account(WorkspaceFactory(), "sandbox", "voisin")
    assert list(composer.publishable_accounts(workspace)) == [sandbox]


def test_composer_page_lists_accounts_and_counters(member_client, workspace, sandbox, bluesky):
    page = member_client.get(compose_url(workspace)).content.decode()
    assert "boulangerie.bsky.social" in page
    assert f'data-variant-for="{bluesky.pk}"' in page
    assert "0 / 300" in page and "0 / 500" in page
    # Spelling is checked in the business's language, in the main text and each variant.
    assert page.count(f'lang="{workspace.language}" spellcheck="true"') == 3


def test_another_workspaces_account_is_a_form_error_never_a_target(member_client, workspace):
    foreign = account(WorkspaceFactory(), "sandbox", "voisin")
    response = post(member_client, workspace, text="Bonjour", accounts=[foreign.pk])
    assert response.status_code == 200
    assert response.context["form"].errors["accounts"]
    assert not PostTarget.objects.exists()
    assert not Post.objects.exists()


# --- Publish now, through the real engine and the sandbox ------------------------------


def test_publish_now_creates_one_target_per_account_and_the_engine_publishes_it(
    member_client, workspace, sandbox, bluesky
):
    before = timezone.now()
    response = post(
        member_client,
        workspace,
        text="Galette des rois ce week-end !",
        accounts=[sandbox.pk, bluesky.pk],
        **{f"variant_{bluesky.pk}": "Galette des rois 👑 ce week-end"},
    )
    created = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publishing:detail", args=[workspace.slug, created.pk])
    assert created.status == PostStatus.SCHEDULED
    assert created.networks == ["bluesky", "sandbox"]
    targets = {t.account_id: t for t in created.targets.all()}
    assert targets[sandbox.pk].text == "Galette des rois ce week-end !"
    assert targets[bluesky.pk].text == "Galette des rois 👑 ce week-end"
    for target in targets.values():
        assert target.status == TargetStatus.SCHEDULED
        assert before <= target.due_at <= timezone.now()
        assert len(target.idempotency_key) == 32
    assert targets[sandbox.pk].idempotency_key != targets[bluesky.pk].idempotency_key

    assert targets[sandbox.pk].pk in engine.due_target_ids()
    assert engine.publish_target(targets[sandbox.pk].pk, "w") == TargetStatus.PUBLISHED
    published = SandboxPost.objects.get(workspace=workspace)
    assert published.text == "Galette des rois ce week-end !"
    assert published.idempotency_key == targets[sandbox.pk].idempotency_key

    detail = member_client.get(response["Location"]).content.decode()
    target = PostTarget.objects.get(pk=targets[sandbox.pk].pk)
    assert target.remote_url and target.remote_url in detail
    assert "Publié" in detail  # the attempt's outcome, in French


def test_list_shows_targets_their_status_and_the_explanation_of_a_failure(
    member_client, workspace, sandbox
):
    created = composer.save(
        composer.Composition("Pain de mie", {sandbox: "Pain de mie"}, composer.NOW),
        workspace,
        None,
    )
    target = created.targets.get()
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.FAILED, error_kind="validation"
    )
    Post.objects.filter(pk=created.pk).update(status=PostStatus.FAILED)
    PublishAttempt.objects.create(
        target=target, worker_id="w", started_at=timezone.now(), outcome="failed"
    )
    explanation = html.escape(PostTarget.objects.get(pk=target.pk).explanation)
    assert explanation
    page = member_client.get(
        reverse("publishing:index", args=[workspace.slug]) + "?status=failed"
    ).content.decode()
    item = page.split(f'data-target="{target.pk}"')[1].split("</li>")[0]
    assert "boulangerie" in item and "Échec" in item and explanation in item
    detail = member_client.get(
        reverse("publishing:detail", args=[workspace.slug, created.pk])
    ).content.decode()
    assert explanation in detail


# --- Scheduling in the workspace's time zone ------------------------------------------


def test_schedule_converts_from_the_workspace_time_zone(member_client, workspace, sandbox):
    year = timezone.now().year + 1
    response = post(
        member_client,
        workspace,
        action="schedule",
        text="Ouvert le 14 juillet",
        accounts=[sandbox.pk],
        when=local(year, 7, 14, 9, 30),
    )
    assert response.status_code == 302
    created = Post.objects.get()
    expected = datetime(year, 7, 14, 7, 30, tzinfo=UTC)  # Paris is UTC+2 in summer
    assert created.scheduled_at == expected
    assert created.targets.get().due_at == expected
    assert engine.due_target_ids() == []  # not due yet


def test_schedule_uses_the_workspaces_own_zone(member_client, workspace, sandbox):
    workspace.timezone = "America/Martinique"
    workspace.save()
    year = timezone.now().year + 1
    post(
        member_client,
        workspace,
        action="schedule",
        text="Ti-punch offert",
        accounts=[sandbox.pk],
        when=local(year, 1, 10, 18, 0),
    )
    created = Post.objects.get()
    assert created.scheduled_at == datetime(year, 1, 10, 22, 0, tzinfo=UTC)
    # Pages show the time as the business lives it, not in the server's zone.
    detail = member_client.get(reverse("publishing:detail", args=[workspace.slug, created.pk]))
    listing = member_client.get(reverse("publishing:index", args=[workspace.slug]))
    for page in (detail, listing):
        assert f"10 janvier {year} 18:00" in page.content.decode()


def test_a_time_skipped_by_daylight_saving_is_refused():
    # The refusal names the day and time in the reader's language, as pages show them.
    for language, day, hour in [
        ("fr", "29 mars 2026", "02:30"),
        ("en", "March 29, 2026", "2:30 a.m."),
    ]:
        with translation.override(language), pytest.raises(composer.ValidationError) as refused:
            composer.local_to_utc(datetime(2026, 3, 29, 2, 30), PARIS)
        assert day in str(refused.value) and hour in str(refused.value)
    # The hour that happens twice in October is taken at its first (summer time) occurrence.
    assert composer.local_to_utc(datetime(2026, 10, 25, 2, 30), PARIS) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    assert composer.local_to_utc(datetime(2026, 3, 29, 3, 30), PARIS) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )


def test_the_form_refuses_the_skipped_hour_with_a_french_message(member_client, workspace, sandbox):
    response = post(
        member_client,
        workspace,
        action="schedule",
        text="Changement d'heure",
        accounts=[sandbox.pk],
        when=local(2027, 3, 28, 2, 30),  # the last Sunday of March 2027
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["when"])
    assert "n'existe pas" in errors and "Europe/Paris" in errors
    assert not Post.objects.exists()


def test_a_past_time_is_refused(member_client, workspace, sandbox):
    past = (timezone.now() - timedelta(hours=1)).astimezone(PARIS)
    response = post(
        member_client,
        workspace,
        action="schedule",
        text="Trop tard",
        accounts=[sandbox.pk],
        when=past.strftime("%Y-%m-%dT%H:%M"),
    )
    assert "déjà passée" in " ".join(response.context["form"].errors["when"])
    assert not Post.objects.exists()


def test_scheduling_needs_a_time_and_publishing_needs_an_account(member_client, workspace, sandbox):
    response = post(
        member_client, workspace, action="schedule", text="Sans date", accounts=[sandbox.pk]
    )
    assert response.context["form"].errors["when"]
    response = post(member_client, workspace, text="Sans compte")
    assert response.context["form"].errors["accounts"]
    assert not Post.objects.exists()


# --- Limits, counted as each network counts -------------------------------------------


def test_301_graphemes_are_refused_for_bluesky_naming_the_account_and_limit(
    member_client, workspace, bluesky, sandbox
):
    text = "é" * 301
    response = post(member_client, workspace, text=text, accounts=[bluesky.pk, sandbox.pk])
    errors = response.context["form"].errors
    message = " ".join(errors[f"variant_{bluesky.pk}"])
    assert "boulangerie.bsky.social" in message and "301" in message and "300" in message
    assert f"variant_{sandbox.pk}" not in errors  # 301 fits the sandbox's 500
    assert not Post.objects.exists()
    # A shorter variant for Bluesky alone makes it acceptable.
    response = post(
        member_client,
        workspace,
        text=text,
        accounts=[bluesky.pk, sandbox.pk],
        **{f"variant_{bluesky.pk}": "é" * 300},
    )
    assert response.status_code == 302


def test_emoji_count_as_one_grapheme(bluesky):
    assert composer.measure(bluesky, "👨‍👩‍👧‍👦").length == 1  # seven code points
    thumb = "👍🏽"  # two code points, eight bytes, one grapheme
    counter = composer.measure(bluesky, thumb * 300)
    assert counter.length == 300 and not counter.over
    assert composer.measure(bluesky, thumb * 301).over
    # Bluesky also caps the size: 300 family emoji are 300 graphemes but 7,500 bytes.
    (problem,) = composer.measure(bluesky, "👨‍👩‍👧‍👦" * 300).problems
    assert "7500" in problem and "3000" in problem


def test_a_link_counts_23_on_mastodon(mastodon):
    link = "https://boulangerie-exemple.fr/" + "a" * 200
    assert composer.measure(mastodon, link).length == 23
    fits = "x" * 476 + " " + link  # 476 + 1 + 23 = 500
    assert not composer.measure(mastodon, fits).over
    assert composer.measure(mastodon, "x" + fits).over


def test_live_counters_follow_the_text(member_client, workspace, bluesky, mastodon):
    url = reverse("publishing:counters", args=[workspace.slug])
    response = member_client.post(
        url,
        {
            "text": "Bonjour 👋 https://exemple.fr/" + "p" * 100,
            f"variant_{bluesky.pk}": "a" * 301,
        },
    )
    page = response.content.decode()
    assert "301 / 300" in page  # Bluesky: its own variant, too long
    assert "33 / 500" in page  # Mastodon: 8 + 1 emoji + 1 space + 23 for the link
    assert member_client.get(url).status_code == 405


# --- Drafts and cancelling ------------------------------------------------------------


def test_draft_is_saved_without_targets_then_edited_and_scheduled(
    member_client, workspace, sandbox, bluesky
):
    response = post(
        member_client, workspace, action="draft", text="Idée : brioche", accounts=[bluesky.pk]
    )
    draft = Post.objects.get()
    assert draft.status == PostStatus.DRAFT and draft.networks == ["bluesky"]
    assert not draft.targets.exists()
    assert response.status_code == 302

    edit_url = reverse("publishing:edit", args=[workspace.slug, draft.pk])
    form = member_client.get(edit_url).context["form"]
    assert form.initial == {
        "text": "Idée : brioche",
        "accounts": [bluesky.pk],
        f"variant_{bluesky.pk}": "Idée : brioche",
    }

    year = timezone.now().year + 1
    response = post(
        member_client,
        workspace,
        url=edit_url,
        action="schedule",
        text="Brioche tressée samedi",
        accounts=[bluesky.pk, sandbox.pk],
        when=local(year, 12, 5, 8, 0),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert Post.objects.count() == 1
    assert draft.status == PostStatus.SCHEDULED
    assert draft.scheduled_at == datetime(year, 12, 5, 7, 0, tzinfo=UTC)  # winter: UTC+1
    assert draft.targets.count() == 2
    # Once scheduled it is no longer edited in place.
    assert member_client.get(edit_url).status_code == 302


def test_cancel_takes_a_scheduled_post_back_to_draft(member_client, workspace, sandbox):
    year = timezone.now().year + 1
    post(
        member_client,
        workspace,
        action="schedule",
        text="Fermeture exceptionnelle",
        accounts=[sandbox.pk],
        when=local(year, 8, 15, 7, 0),
    )
    scheduled = Post.objects.get()
    response = member_client.post(reverse("publishing:cancel", args=[workspace.slug, scheduled.pk]))
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.status == PostStatus.DRAFT and scheduled.scheduled_at is None
    assert not PostTarget.objects.exists()
    assert scheduled.draft_texts == {str(sandbox.pk): "Fermeture exceptionnelle"}


def test_a_draft_remembers_its_accounts_and_adapted_texts(
    member_client, workspace, sandbox, bluesky
):
    post(
        member_client,
        workspace,
        action="draft",
        text="Galette des rois dès le 2 janvier",
        accounts=[bluesky.pk, sandbox.pk],
        **{f"variant_{bluesky.pk}": "Galettes dès le 2/01 #orleans"},
    )
    draft = Post.objects.get()
    form = member_client.get(reverse("publishing:edit", args=[workspace.slug, draft.pk])).context[
        "form"
    ]
    assert sorted(form.initial["accounts"]) == sorted([bluesky.pk, sandbox.pk])
    assert form.initial[f"variant_{bluesky.pk}"] == "Galettes dès le 2/01 #orleans"
    assert form.initial[f"variant_{sandbox.pk}"] == "Galette des rois dès le 2 janvier"


def test_cancel_leaves_a_post_a_worker_already_took(member_client, workspace, sandbox):
    post(member_client, workspace, text="Tout de suite", accounts=[sandbox.pk])
    taken = Post.objects.get()
    cancel_url = reverse("publishing:cancel", args=[workspace.slug, taken.pk])
    detail_url = reverse("publishing:detail", args=[workspace.slug, taken.pk])
    assert cancel_url in member_client.get(detail_url).content.decode()
    assert engine.claim_due("w")  # a worker takes the target
    assert cancel_url not in member_client.get(detail_url).content.decode()
    response = member_client.post(cancel_url, follow=True)
    assert "ne peut plus être annulée" in response.content.decode()
    taken.refresh_from_db()
    assert taken.status == PostStatus.SCHEDULED
    assert taken.targets.get().status == TargetStatus.PUBLISHING


# --- Roles ----------------------------------------------------------------------------


def test_read_only_members_cannot_compose(member_factory, workspace, sandbox):
    _membership, client = member_factory("readonly")
    index = client.get(reverse("publishing:index", args=[workspace.slug])).content.decode()
    assert compose_url(workspace) not in index
    assert client.get(compose_url(workspace)).status_code == 403
    response = post(client, workspace, text="Pirate", accounts=[sandbox.pk])
    assert response.status_code == 403
    assert not Post.objects.exists()
    scheduled = composer.save(
        composer.Composition("Prévu", {sandbox: "Prévu"}, composer.NOW), workspace, None
    )
    cancel_url = reverse("publishing:cancel", args=[workspace.slug, scheduled.pk])
    assert client.post(cancel_url).status_code == 403
    detail = client.get(reverse("publishing:detail", args=[workspace.slug, scheduled.pk]))
    assert detail.status_code == 200 and cancel_url not in detail.content.decode()


def test_members_see_the_compose_button(member_client, workspace):
    index = member_client.get(reverse("publishing:index", args=[workspace.slug])).content.decode()
    assert compose_url(workspace) in index


def test_outsiders_get_404(workspace, sandbox):
    stranger = MembershipFactory(workspace=WorkspaceFactory(), role="owner").user
    client = Client()
    client.force_login(stranger)
    assert client.get(compose_url(workspace)).status_code == 404


def test_the_detail_page_refreshes_only_while_a_target_is_on_its_way(
    member_client, workspace, sandbox
):
    sent = composer.save(
        composer.Composition("Tout de suite", {sandbox: "Tout de suite"}, composer.NOW),
        workspace,
        None,
    )
    later = composer.save(
        composer.Composition(
            "Plus tard",
            {sandbox: "Plus tard"},
            composer.SCHEDULE,
            timezone.now() + timedelta(days=2),
        ),
        workspace,
        None,
    )
    assert composer.in_progress(sent) and not composer.in_progress(later)
    url = reverse("publishing:detail", args=[workspace.slug, sent.pk])
    assert 'hx-trigger="every 3s"' in member_client.get(url).content.decode()
    engine.due_target_ids()
    engine.publish_target(sent.targets.get().pk, "w")
    assert 'hx-trigger="every 3s"' not in member_client.get(url).content.decode()


def test_a_draft_scheduled_meanwhile_is_not_scheduled_twice(workspace, sandbox):
    draft = composer.save(
        composer.Composition("Brouillon", {sandbox: "Brouillon"}, composer.DRAFT), workspace, None
    )
    stale = Post.objects.get(pk=draft.pk)  # a second tab, opened before the first one saved
    plan = composer.Composition("Brouillon", {sandbox: "Brouillon"}, composer.NOW)
    composer.save(plan, workspace, None, draft)
    with pytest.raises(composer.ValidationError):
        composer.save(plan, workspace, None, stale)
    assert PostTarget.objects.count() == 1


def test_a_draft_or_a_published_post_cannot_be_cancelled(workspace, sandbox):
    draft = composer.save(
        composer.Composition("Idée", {sandbox: "Idée"}, composer.DRAFT), workspace, None
    )
    assert not composer.cancel(draft)
    sent = composer.save(
        composer.Composition("Parti", {sandbox: "Parti"}, composer.NOW), workspace, None
    )
    stale = Post.objects.get(pk=sent.pk)  # a page opened while it was still scheduled
    engine.due_target_ids()
    engine.publish_target(sent.targets.get().pk, "w")
    assert stale.status == PostStatus.SCHEDULED
    assert not composer.cancel(stale)
    assert Post.objects.get(pk=sent.pk).status == PostStatus.PUBLISHED
    assert PostTarget.objects.get(post=sent).status == TargetStatus.PUBLISHED
