"""Queue slots across changes of clocks, recurring posts, moving, approval, the iCal feed."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.networks.models import ConnectedAccount
from comptoir.notifications.models import Notification
from comptoir.publishing import engine, feed, queue
from comptoir.publishing.calendar_views import MoveForm
from comptoir.publishing.forms import ComposeForm
from comptoir.publishing.models import (
    CalendarFeed,
    Post,
    PostStatus,
    PostTarget,
    QueueSlot,
    TargetStatus,
)
from comptoir.publishing.planning_forms import PlanningFields
from comptoir.publishing.queue_views import SlotForm
from comptoir.workspaces.models import ApprovalMode, Role
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def sandbox(workspace):
    return ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="b", handle="boulangerie"
    )


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- Queue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "before", "after"),
    [
        # Spring forward: Sunday 29 March 2026, 02:00 -> 03:00 in Paris.
        (utc(2026, 3, 28, 9), utc(2026, 3, 28, 8), utc(2026, 3, 29, 7)),
        # Fall back: Sunday 25 October 2026, 03:00 -> 02:00 in Paris.
        (utc(2026, 10, 24, 8), utc(2026, 10, 24, 7), utc(2026, 10, 25, 8)),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_a_nine_oclock_slot_stays_nine_local_across_changes_of_clocks(
    workspace, sandbox, now, before, after
):
    for weekday in (5, 6):  # Saturday and Sunday
        QueueSlot.objects.create(
            workspace=workspace, account=sandbox, weekday=weekday, time=time(9)
        )
    slots = queue.slot_times([(5, time(9)), (6, time(9))], PARIS, now - timedelta(hours=2))
    assert slots[:2] == [before, after]
    assert [s.astimezone(PARIS).hour for s in slots[:2]] == [9, 9]
    # The Saturday slot is taken at ``now`` (past); the next free one is Sunday's 9:00.
    assert queue.next_free_slot(sandbox, PARIS, now) == after


def test_a_slot_skipped_by_the_clocks_happens_just_after(workspace):
    when = queue.wall_time(date(2026, 3, 29), time(2, 30), PARIS)
    assert when.astimezone(PARIS).strftime("%H:%M") == "03:30"


def test_add_to_queue_takes_each_accounts_next_free_slot(owner_client, workspace, sandbox):
    workspace.timezone = "Europe/Paris"
    workspace.save()
    QueueSlot.objects.create(workspace=workspace, account=sandbox, weekday=0, time=time(9))
    QueueSlot.objects.create(workspace=workspace, account=sandbox, weekday=2, time=time(9))
    url = reverse("publishing:compose", args=[workspace.slug])
    with frozen(utc(2026, 6, 1, 5)):  # Monday 1 June, 07:00 in Paris
        for text in ("Un", "Deux"):
            response = owner_client.post(
                url, {"text": text, "accounts": [sandbox.pk], "action": "queue"}
            )
            assert response.status_code == 302
    dues = list(PostTarget.objects.order_by("pk").values_list("due_at", flat=True))
    assert dues == [utc(2026, 6, 1, 7), utc(2026, 6, 3, 7)]


def test_add_to_queue_without_slots_is_a_clear_error(owner_client, workspace, sandbox):
    url = reverse("publishing:compose", args=[workspace.slug])
    response = owner_client.post(url, {"text": "Un", "accounts": [sandbox.pk], "action": "queue"})
    assert response.status_code == 200
    assert "boulangerie" in str(response.context["form"].non_field_errors())
    assert not Post.objects.exists()


def test_queue_page_adds_and_removes_slots(owner_client, workspace, sandbox):
    url = reverse("publishing:queue", args=[workspace.slug])
    response = owner_client.post(url, {"account": sandbox.pk, "weekdays": [0, 4], "time": "09:30"})
    assert response.status_code == 302
    assert sorted(QueueSlot.objects.values_list("weekday", flat=True)) == [0, 4]
    owner_client.post(url, {"account": sandbox.pk, "weekdays": [0], "time": "09:30"})
    assert QueueSlot.objects.count() == 2  # the same slot is not added twice
    slot = QueueSlot.objects.first()
    owner_client.post(reverse("publishing:delete_slot", args=[workspace.slug, slot.pk]))
    assert QueueSlot.objects.count() == 1


# --- Recurring posts -------------------------------------------------------------------


def test_weekly_repetition_creates_each_occurrence_at_the_same_local_time(
    owner_client, workspace, sandbox
):
    url = reverse("publishing:compose", args=[workspace.slug])
    with frozen(utc(2026, 3, 1, 8)):
        response = owner_client.post(
            url,
            {
                "text": "Pain du vendredi",
                "accounts": [sandbox.pk],
                "action": "schedule",
                "when": "2026-03-20T09:00",
                "repeat": "weeks",
                "repeat_interval": "1",
                "repeat_count": "3",
            },
        )
    assert response.status_code == 302
    posts = list(Post.objects.order_by("occurrence"))
    assert [p.occurrence for p in posts] == [1, 2, 3]
    assert len({p.series_id for p in posts}) == 1
    local = [p.scheduled_at.astimezone(PARIS) for p in posts]
    assert [d.strftime("%d/%m %H:%M") for d in local] == [
        "20/03 09:00",
        "27/03 09:00",
        "03/04 09:00",
    ]
    keys = set(PostTarget.objects.values_list("idempotency_key", flat=True))
    assert len(keys) == 3


def test_monthly_repetition_until_a_date_keeps_the_day_or_the_months_last(
    owner_client, workspace, sandbox
):
    url = reverse("publishing:compose", args=[workspace.slug])
    with frozen(utc(2026, 1, 1, 8)):
        owner_client.post(
            url,
            {
                "text": "Fin de mois",
                "accounts": [sandbox.pk],
                "action": "schedule",
                "when": "2026-01-31T18:00",
                "repeat": "months",
                "repeat_until": "2026-04-30",
            },
        )
    days = [p.scheduled_at.astimezone(PARIS).date() for p in Post.objects.order_by("occurrence")]
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_repetition_needs_an_end_and_a_schedule(owner_client, workspace, sandbox):
    url = reverse("publishing:compose", args=[workspace.slug])
    base = {"text": "x", "accounts": [sandbox.pk], "repeat": "days"}
    response = owner_client.post(url, {**base, "action": "now"})
    assert response.context["form"].errors["repeat"]
    future = (timezone.now() + timedelta(days=2)).astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")
    response = owner_client.post(url, {**base, "action": "schedule", "when": future})
    assert response.context["form"].errors["repeat"]
    assert not Post.objects.exists()


# --- Moving ---------------------------------------------------------------------------


def scheduled_post(workspace, account, when, status=PostStatus.SCHEDULED, author=None):
    post = Post.objects.create(
        workspace=workspace,
        text="Brioche",
        networks=["sandbox"],
        status=status,
        scheduled_at=when,
        author=author,
    )
    target_status = TargetStatus.HELD if status == PostStatus.PENDING else TargetStatus.SCHEDULED
    PostTarget.objects.create(
        workspace=workspace,
        post=post,
        account=account,
        text=post.text,
        due_at=when,
        idempotency_key=f"k{post.pk}",
        status=target_status,
    )
    return post


def test_dropping_on_a_day_keeps_the_time_of_day(owner_client, workspace, sandbox):
    when = (
        (timezone.now() + timedelta(days=3))
        .astimezone(PARIS)
        .replace(hour=10, minute=15, second=0, microsecond=0)
    )
    post = scheduled_post(workspace, sandbox, when)
    new_day = (when + timedelta(days=2)).date()
    response = owner_client.post(
        reverse("publishing:move", args=[workspace.slug, post.pk]),
        {"date": new_day.isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["ok"]
    post.refresh_from_db()
    moved = post.scheduled_at.astimezone(PARIS)
    assert (moved.date(), moved.strftime("%H:%M")) == (new_day, "10:15")
    assert post.targets.get().due_at == post.scheduled_at


def test_moving_never_touches_a_target_already_taken(owner_client, workspace, sandbox):
    when = timezone.now() + timedelta(days=1)
    post = scheduled_post(workspace, sandbox, when)
    other = ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="c", handle="autre"
    )
    taken = PostTarget.objects.create(
        workspace=workspace,
        post=post,
        account=other,
        text="x",
        due_at=when,
        idempotency_key="taken",
        status=TargetStatus.PUBLISHING,
    )
    url = reverse("publishing:move", args=[workspace.slug, post.pk])
    later = (when + timedelta(days=1)).astimezone(workspace.tzinfo)
    owner_client.post(url, {"date": later.date().isoformat(), "time": "11:00"})
    taken.refresh_from_db()
    assert taken.due_at == when and taken.status == TargetStatus.PUBLISHING
    assert post.targets.get(account=sandbox).due_at.astimezone(workspace.tzinfo).hour == 11
    PostTarget.objects.filter(post=post).update(status=TargetStatus.PUBLISHED)
    response = owner_client.post(
        url, {"date": later.date().isoformat()}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400


def test_the_move_form_offers_the_current_date_as_a_date_input_accepts_it(
    owner_client, workspace, sandbox
):
    # A date input only takes ISO dates: "28/11/2030" would show an empty field in French.
    post = scheduled_post(workspace, sandbox, datetime(2030, 11, 28, 14, 30, tzinfo=PARIS))
    page = owner_client.get(
        reverse("publishing:move", args=[workspace.slug, post.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert 'value="2030-11-28"' in page and 'value="14:30"' in page


@pytest.mark.parametrize(
    ("form", "field", "value", "shown"),
    [
        (MoveForm, "date", date(2030, 11, 28), 'value="2030-11-28"'),
        (MoveForm, "time", time(14, 30), 'value="14:30"'),
        (PlanningFields, "repeat_until", date(2030, 11, 28), 'value="2030-11-28"'),
    ],
)
def test_date_and_time_inputs_get_iso_values_in_every_language(form, field, value, shown):
    for language in ("fr", "en"):
        with translation.override(language):
            assert shown in str(form(initial={field: value})[field])


def test_the_queue_and_composer_inputs_get_iso_values(workspace):
    with translation.override("fr"):
        form = SlotForm(initial={"time": time(14, 30)}, workspace=workspace)
        assert 'value="14:30"' in str(form["time"])
        compose = ComposeForm(initial={"when": datetime(2030, 11, 28, 14, 30)}, workspace=workspace)
        assert 'value="2030-11-28T14:30"' in str(compose["when"])


@pytest.mark.parametrize(
    ("language", "day", "hour"),
    [("fr", "5 décembre 2030", "14:30"), ("en", "Dec. 5, 2030", "2:30 p.m.")],
)
def test_the_move_message_shows_the_date_as_pages_do(
    owner_client, workspace, sandbox, language, day, hour
):
    post = scheduled_post(workspace, sandbox, datetime(2030, 11, 28, 9, 0, tzinfo=PARIS))
    response = owner_client.post(
        reverse("publishing:move", args=[workspace.slug, post.pk]),
        {"date": "2030-12-05", "time": "14:30"},
        HTTP_ACCEPT="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    message = response.json()["message"]
    assert day in message and hour in message, message


def test_moving_to_the_past_is_refused(owner_client, workspace, sandbox):
    post = scheduled_post(workspace, sandbox, timezone.now() + timedelta(days=1))
    response = owner_client.post(
        reverse("publishing:move", args=[workspace.slug, post.pk]),
        {"date": "2020-01-01", "time": "09:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_calendar_month_and_week_show_posts_on_their_local_day(owner_client, workspace, sandbox):
    # 23:30 UTC on 31 May is 01:30 on 1 June in Paris: the post belongs to June.
    post = scheduled_post(workspace, sandbox, utc(2026, 5, 31, 23, 30))
    month = owner_client.get(
        reverse("publishing:calendar", args=[workspace.slug]) + "?month=2026-06"
    )
    page = month.content.decode()
    assert f'data-post="{post.pk}"' in page
    cell = page.split('data-date="2026-06-01"')[1].split("</td>")[0]
    assert f'data-post="{post.pk}"' in cell and "01:30" in cell
    week = owner_client.get(
        reverse("publishing:calendar_week", args=[workspace.slug]) + "?week=2026-06-01"
    )
    assert f'data-post="{post.pk}"' in week.content.decode()
    may = owner_client.get(reverse("publishing:calendar", args=[workspace.slug]) + "?month=2026-04")
    assert f'data-post="{post.pk}"' not in may.content.decode()


def test_list_filters_by_network_and_dates(owner_client, workspace, sandbox):
    bluesky = ConnectedAccount.objects.create(
        workspace=workspace, network="bluesky", remote_id="d", handle="b.bsky.social"
    )
    soon = scheduled_post(workspace, sandbox, timezone.now() + timedelta(days=1))
    late = scheduled_post(workspace, bluesky, timezone.now() + timedelta(days=20))
    url = reverse("publishing:index", args=[workspace.slug])
    page = owner_client.get(url + "?status=scheduled&network=bluesky").context["page"]
    assert list(page.object_list) == [late]
    until = (timezone.now() + timedelta(days=5)).date().isoformat()
    page = owner_client.get(url + f"?status=scheduled&to={until}").context["page"]
    assert list(page.object_list) == [soon]


# --- Approval -------------------------------------------------------------------------


@pytest.fixture
def needs_approval(workspace):
    workspace.approval_mode = ApprovalMode.REQUIRED
    workspace.save()
    membership = MembershipFactory(workspace=workspace, role=Role.MEMBER, posts_need_approval=True)
    return membership


def test_a_member_who_needs_approval_submits_and_the_engine_never_publishes_it(
    client, workspace, owner, sandbox, needs_approval
):
    client.force_login(needs_approval.user)
    url = reverse("publishing:compose", args=[workspace.slug])
    client.post(url, {"text": "Soldes", "accounts": [sandbox.pk], "action": "now"})
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    target = post.targets.get()
    assert target.status == TargetStatus.HELD
    assert engine.due_target_ids(now=timezone.now() + timedelta(days=1)) == []
    assert engine.publish_target(target.pk, "w") == "not-claimed"
    assert PostTarget.objects.get(pk=target.pk).status == TargetStatus.HELD
    notice = Notification.objects.get(recipient=owner)
    assert notice.url == reverse("publishing:detail", args=[workspace.slug, post.pk])


def test_approving_a_post_whose_time_passed_publishes_it_now(
    owner_client, workspace, owner, sandbox, needs_approval, django_capture_on_commit_callbacks
):
    post = scheduled_post(
        workspace,
        sandbox,
        timezone.now() - timedelta(hours=1),
        PostStatus.PENDING,
        author=needs_approval.user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("publishing:approve", args=[workspace.slug, post.pk]))
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED and post.reviewed_by == owner
    target = post.targets.get()
    assert target.status == TargetStatus.SCHEDULED
    assert target.due_at >= timezone.now() - timedelta(minutes=1)
    assert target.pk in engine.due_target_ids()
    assert Notification.objects.filter(recipient=needs_approval.user).exists()
    assert mail.outbox and mail.outbox[-1].to == [needs_approval.user.email]


def test_sending_back_returns_a_draft_with_the_comment(
    owner_client, workspace, sandbox, needs_approval
):
    post = scheduled_post(
        workspace,
        sandbox,
        timezone.now() + timedelta(days=1),
        PostStatus.PENDING,
        author=needs_approval.user,
    )
    url = reverse("publishing:send_back", args=[workspace.slug, post.pk])
    owner_client.post(url, {"comment": ""})
    assert Post.objects.get(pk=post.pk).status == PostStatus.PENDING  # a comment is needed
    owner_client.post(url, {"comment": "Ajoutez le prix"})
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT and post.review_comment == "Ajoutez le prix"
    assert not post.targets.exists() and post.draft_texts == {str(sandbox.pk): "Brioche"}
    notice = Notification.objects.get(recipient=needs_approval.user)
    assert "Ajoutez le prix" in notice.title
    client = owner_client
    client.force_login(needs_approval.user)
    page = client.get(reverse("publishing:detail", args=[workspace.slug, post.pk]))
    assert "Ajoutez le prix" in page.content.decode()


def test_members_cannot_approve(member_factory, workspace, sandbox):
    _membership, client = member_factory("member")
    post = scheduled_post(
        workspace, sandbox, timezone.now() + timedelta(days=1), PostStatus.PENDING
    )
    response = client.post(reverse("publishing:approve", args=[workspace.slug, post.pk]))
    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).status == PostStatus.PENDING


def test_optional_approval_only_when_asked(client, workspace, owner, sandbox):
    workspace.approval_mode = ApprovalMode.OPTIONAL
    workspace.save()
    member = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    client.force_login(member.user)
    url = reverse("publishing:compose", args=[workspace.slug])
    client.post(url, {"text": "A", "accounts": [sandbox.pk], "action": "now"})
    client.post(url, {"text": "B", "accounts": [sandbox.pk], "action": "now", "ask_approval": "on"})
    assert dict(Post.objects.values_list("text", "status")) == {
        "A": PostStatus.SCHEDULED,
        "B": PostStatus.PENDING,
    }


def test_settings_save_the_rule_and_who_needs_approval(owner_client, workspace):
    member = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    url = reverse("publishing_settings:index", args=[workspace.slug])
    page = owner_client.get(url).content.decode()
    assert f'type="checkbox" name="member_{member.pk}"' in page
    response = owner_client.post(url, {"approval_mode": "required", f"member_{member.pk}": "on"})
    assert response.status_code == 302
    workspace.refresh_from_db()
    member.refresh_from_db()
    assert workspace.approval_mode == "required" and member.posts_need_approval


def test_members_cannot_change_the_rule(member_factory, workspace):
    _membership, client = member_factory("member")
    client.post(
        reverse("publishing_settings:index", args=[workspace.slug]), {"approval_mode": "required"}
    )
    workspace.refresh_from_db()
    assert workspace.approval_mode == ApprovalMode.OFF


# --- iCal feed ------------------------------------------------------------------------


def test_the_feed_is_valid_icalendar_without_sign_in(client, workspace, sandbox):
    text = "Galette, frangipane; et « crème »\n" + "très long " * 30
    post = scheduled_post(workspace, sandbox, timezone.now() + timedelta(days=1))
    Post.objects.filter(pk=post.pk).update(text=text)
    Post.objects.create(workspace=workspace, text="brouillon", status=PostStatus.DRAFT)
    elsewhere = WorkspaceFactory()
    account = ConnectedAccount.objects.create(
        workspace=elsewhere, network="sandbox", remote_id="z", handle="z"
    )
    scheduled_post(elsewhere, account, timezone.now())
    calendar_feed = feed.feed_for(workspace)
    url = reverse("calendar_feed:ical", args=[calendar_feed.token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    parsed = icalendar.Calendar.from_ical(body)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["description"]).startswith(text)
    planned = Post.objects.get(pk=post.pk).scheduled_at.replace(microsecond=0)
    assert events[0].decoded("dtstart") == planned


def test_dates_typed_the_wrong_way_round_still_find_the_posts(owner_client, workspace, sandbox):
    scheduled_post(workspace, sandbox, datetime(2030, 11, 7, 10, 0, tzinfo=PARIS))
    url = reverse("publishing:index", args=[workspace.slug])
    page = owner_client.get(url + "?status=scheduled&from=2030-11-10&to=2030-11-05")
    assert "Brioche" in page.content.decode()
    assert page.context["filters"] == {"from": "2030-11-05", "to": "2030-11-10"}


@pytest.mark.parametrize(
    ("query", "language", "message"),
    [
        ("", "fr", "Aucune publication avec ce statut."),
        ("&network=sandbox", "en", "No post with this status on Sandbox."),
        (
            "&from=2030-11-10&to=2030-11-05",
            "fr",
            "Aucune publication avec ce statut entre le 5 novembre 2030 et le 10 novembre 2030.",
        ),
        ("&from=2030-11-05", "en", "No post with this status from Nov. 5, 2030."),
        ("&to=2030-11-05", "en", "No post with this status until Nov. 5, 2030."),
        (
            "&network=sandbox&from=2030-11-05",
            "fr",
            "Aucune publication avec ce statut sur Bac à sable à partir du 5 novembre 2030.",
        ),
    ],
)
def test_an_empty_list_names_the_filters_in_use(owner_client, workspace, query, language, message):
    url = reverse("publishing:index", args=[workspace.slug]) + "?status=published" + query
    page = owner_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<p class="empty">{html.escape(message)}</p>' in page


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (PostStatus.DRAFT, "Brouillon"),
        (PostStatus.PENDING, "À approuver"),
        (PostStatus.SCHEDULED, "Programmée"),
        (PostStatus.PUBLISHED, "Publiée"),
        (PostStatus.FAILED, "Échec"),
    ],
)
def test_a_post_status_agrees_with_the_word_publication(
    owner_client, workspace, sandbox, status, label
):
    post = scheduled_post(workspace, sandbox, timezone.now() + timedelta(days=1), status=status)
    page = owner_client.get(
        reverse("publishing:detail", args=[workspace.slug, post.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert f'Publication <span class="badge">{label}</span>' in page.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Réglages de publication"), ("en", "Publishing settings")]
)
def test_the_publishing_settings_have_a_title_of_their_own(
    owner_client, workspace, language, title
):
    url = reverse("publishing_settings:index", args=[workspace.slug])
    page = owner_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<h1>{title}</h1>" in page


def test_networks_are_shown_by_their_translated_name(owner_client, client, workspace, sandbox):
    post = scheduled_post(workspace, sandbox, timezone.now() + timedelta(days=1))
    listing = reverse("publishing:index", args=[workspace.slug])
    for language, name in [("fr", "Bac à sable"), ("en", "Sandbox")]:
        pages = [
            owner_client.get(listing, HTTP_ACCEPT_LANGUAGE=language),
            owner_client.get(
                reverse("publishing:detail", args=[workspace.slug, post.pk]),
                HTTP_ACCEPT_LANGUAGE=language,
            ),
        ]
        for page in pages:
            assert f'<span class="tag">{name}</span>' in page.content.decode()
            assert '<span class="tag">sandbox</span>' not in page.content.decode()
        assert f'<option value="sandbox">{name}</option>' in pages[0].content.decode()
    ical = client.get(reverse("calendar_feed:ical", args=[feed.feed_for(workspace).token]))
    event = icalendar.Calendar.from_ical(ical.content).walk("VEVENT")[0]
    assert "Bac à sable · " in str(event["description"])


def test_regenerating_the_address_retires_the_old_one(owner_client, client, workspace):
    old = feed.feed_for(workspace).token
    assert len(old) >= 40
    owner_client.post(reverse("publishing_settings:regenerate_feed", args=[workspace.slug]))
    new = CalendarFeed.objects.get(workspace=workspace).token
    assert new != old
    assert client.get(reverse("calendar_feed:ical", args=[old])).status_code == 404
    assert client.get(reverse("calendar_feed:ical", args=[new])).status_code == 200
    page = owner_client.get(reverse("publishing_settings:index", args=[workspace.slug]))
    assert new in page.content.decode()


def test_a_recurring_post_is_approved_or_sent_back_as_a_whole(
    client, owner_client, workspace, sandbox, needs_approval
):
    client.force_login(needs_approval.user)
    compose = reverse("publishing:compose", args=[workspace.slug])
    first = (timezone.now() + timedelta(days=1)).astimezone(workspace.tzinfo)
    data = {
        "text": "Pain du jour",
        "accounts": [sandbox.pk],
        "action": "schedule",
        "when": first.strftime("%Y-%m-%dT09:00"),
        "repeat": "days",
        "repeat_interval": "2",
        "repeat_count": "3",
    }
    client.post(compose, data)
    posts = Post.objects.order_by("occurrence")
    assert [p.status for p in posts] == [PostStatus.PENDING] * 3
    head = posts[0]
    listed = owner_client.get(reverse("publishing:approvals", args=[workspace.slug]))
    assert [p.pk for p in listed.context["posts"]] == [head.pk]  # one entry per series

    owner_client.post(
        reverse("publishing:send_back", args=[workspace.slug, head.pk]), {"comment": "Le prix ?"}
    )
    assert list(Post.objects.values_list("pk", "status")) == [(head.pk, PostStatus.DRAFT)]
    edit = client.get(reverse("publishing:edit", args=[workspace.slug, head.pk]))
    initial = edit.context["form"].initial
    assert (initial["repeat"], initial["repeat_interval"], initial["repeat_count"]) == (
        "days",
        2,
        3,
    )
    client.post(reverse("publishing:edit", args=[workspace.slug, head.pk]), data)
    assert Post.objects.filter(status=PostStatus.PENDING).count() == 3

    owner_client.post(reverse("publishing:approve", args=[workspace.slug, head.pk]))
    assert set(Post.objects.values_list("status", flat=True)) == {PostStatus.SCHEDULED}
    assert set(PostTarget.objects.values_list("status", flat=True)) == {TargetStatus.SCHEDULED}


def test_scheduling_a_taken_back_occurrence_alone_leaves_its_series(
    owner_client, workspace, sandbox
):
    compose = reverse("publishing:compose", args=[workspace.slug])
    first = (timezone.now() + timedelta(days=1)).astimezone(workspace.tzinfo)
    owner_client.post(
        compose,
        {
            "text": "Pain",
            "accounts": [sandbox.pk],
            "action": "schedule",
            "when": first.strftime("%Y-%m-%dT09:00"),
            "repeat": "weeks",
            "repeat_count": "2",
        },
    )
    second = Post.objects.get(occurrence=2)
    owner_client.post(reverse("publishing:cancel", args=[workspace.slug, second.pk]))
    edit = owner_client.get(reverse("publishing:edit", args=[workspace.slug, second.pk]))
    assert "repeat" not in edit.context["form"].initial
    owner_client.post(
        reverse("publishing:edit", args=[workspace.slug, second.pk]),
        {"text": "Pain", "accounts": [sandbox.pk], "action": "now"},
    )
    second.refresh_from_db()
    assert second.status == PostStatus.SCHEDULED and second.series_id is None
    assert Post.objects.count() == 2
