"""The invented activity: reproducible, spread over the weeks, in opening hours, plausible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest

from comptoir.demo import business, content
from comptoir.demo.generator import WEEKS, generate
from tests.demo.conftest import NOW, PARIS
from tests.demo.helpers import within_hours

SUBJECTS = {subject.key: subject for subject in content.SUBJECTS}
STAFF = {member.key: member for member in business.STAFF}
MOMENTS = [
    NOW,
    datetime(2025, 11, 24, 9, 0, tzinfo=PARIS),  # a Monday: the shop is closed
    datetime(2025, 10, 28, 5, 10, tzinfo=PARIS),  # Tuesday before opening, after summer time
    datetime(2026, 1, 4, 19, 45, tzinfo=PARIS),  # Sunday evening, across the new year
]


def test_same_seed_and_moment_give_the_same_activity():
    assert generate(7, NOW) == generate(7, NOW)


def test_another_seed_gives_another_activity():
    first, second = generate(7, NOW), generate(8, NOW)
    assert [m.text for m in first.messages] != [m.text for m in second.messages]


def test_no_seed_means_the_default_one():
    assert generate(None, NOW) == generate(45000, NOW)


@pytest.mark.parametrize("now", MOMENTS)
def test_every_moment_falls_within_opening_hours(now):
    activity = generate(11, now)
    hours, tz = business.BUSINESS_HOURS, business.TIMEZONE
    moments = [activity.start]
    moments += [person.first_seen for person in activity.people]
    for message in activity.messages:
        moments.append(message.received_at)
        if message.replied_at:
            moments.append(message.replied_at)
    for post in activity.posts:
        moments += [m for m in (post.created_at, post.scheduled_at, post.published_at) if m]
    moments += [mention.found_at for mention in activity.mentions]
    outside = [m.astimezone(PARIS).isoformat() for m in moments if not within_hours(m, hours, tz)]
    assert not outside


@pytest.mark.parametrize("now", MOMENTS)
def test_activity_is_spread_over_the_weeks_up_to_now(now):
    activity = generate(11, now)
    start_day = now.astimezone(PARIS).date() - timedelta(days=WEEKS * 7 - 1)

    def week(moment: datetime) -> int:
        return (moment.astimezone(PARIS).date() - start_day).days // 7

    published = [p.published_at for p in activity.posts if p.published_at]
    for series in (
        [m.received_at for m in activity.messages],
        [m.found_at for m in activity.mentions],
        published,
    ):
        assert all(moment <= now for moment in series)
        assert set(map(week, series)) == set(range(WEEKS))
    assert 100 <= len(activity.messages) <= 260


def test_posts_are_published_scheduled_and_drafted():
    activity = generate(11, NOW)
    by_status = Counter(post.status for post in activity.posts)
    assert by_status["published"] >= WEEKS * 2
    assert by_status["scheduled"] >= 3
    assert by_status["draft"] >= 2
    for post in activity.posts:
        assert post.networks
        assert set(post.networks) <= {"sandbox", "bluesky", "mastodon", "facebook", "instagram"}
        assert post.created_at <= NOW
        if post.status == "published":
            assert post.created_at <= post.published_at <= NOW
            assert post.likes > 0
        if post.status == "scheduled":
            assert NOW < post.scheduled_at <= NOW + timedelta(days=8)
            assert (post.likes, post.comments, post.shares, post.published_at) == (0, 0, 0, None)
        if post.status == "draft":
            assert post.scheduled_at is None and post.published_at is None
    networks = {network for post in activity.posts for network in post.networks}
    assert networks == {"sandbox", "bluesky", "mastodon", "facebook", "instagram"}


def test_statuses_and_replies_tell_a_consistent_story():
    activity = generate(11, NOW)
    statuses = Counter(message.status for message in activity.messages)
    assert set(statuses) == {"new", "open", "waiting", "done"}
    assert statuses["done"] > len(activity.messages) / 2
    for message in activity.messages:
        if message.status in ("new", "open"):
            assert message.replied_at is None
        if message.status == "waiting":
            assert message.replied_at is not None
        if message.status == "open":
            assert message.assignee is not None
        if message.replied_at:
            assert message.received_at < message.replied_at <= NOW
    answered = [m for m in activity.messages if m.replied_at]
    assert len(answered) > len(activity.messages) / 2


def test_questions_go_to_the_colleague_whose_expertise_fits():
    activity = generate(11, NOW)
    assigned = [m for m in activity.messages if m.assignee]
    assert {m.assignee for m in assigned} >= {
        "claire.martin",
        "antoine.lefevre",
        "sophie.nguyen",
        "julie.bernard",
        "karim.haddad",
    }
    for message in assigned:
        member = STAFF[message.assignee]
        assert member.answers, "read-only colleagues are never assigned"
        expertise = SUBJECTS[message.subject].expertise
        assert expertise in member.expertise or member is business.OWNER


def test_reply_times_get_shorter_as_the_team_settles_in():
    activity = generate(11, NOW)
    answered = [m for m in activity.messages if m.replied_at]
    half = len(answered) // 2

    def median_delay(messages):
        delays = sorted((m.replied_at - m.received_at).total_seconds() for m in messages)
        return delays[len(delays) // 2]

    assert median_delay(answered[half:]) < median_delay(answered[:half])


HANDLES = {
    "bluesky": re.compile(r"^[a-z0-9-]+\.bsky\.social$"),
    "mastodon": re.compile(r"^@[a-z0-9_-]+@[a-z0-9.-]+$"),
    "facebook": re.compile(r"^[a-z0-9.-]+$"),
    "instagram": re.compile(r"^[a-z0-9._-]+$"),
    "google_business": re.compile(r"^[a-z0-9.-]+$"),
    "sandbox": re.compile(r"^@[a-z0-9.-]+$"),
}


def test_customers_have_french_names_and_a_handle_per_network():
    activity = generate(11, NOW)
    seen = set()
    for person in activity.people:
        assert HANDLES[person.network].match(person.handle), person
        assert (person.network, person.handle) not in seen
        seen.add((person.network, person.handle))
        assert person.display_name.split()[0] in content.FIRST_NAMES
    networks = {person.network for person in activity.people}
    assert {"facebook", "instagram", "bluesky", "mastodon", "google_business"} <= networks
    # Some customers talk to the shop on several networks, and regulars come back.
    names = Counter(p.display_name for p in activity.people if p.network != "google_business")
    assert any(count > 1 for count in names.values())
    writers = Counter(message.person for message in activity.messages)
    assert any(count > 1 for count in writers.values())


def test_texts_read_naturally():
    activity = generate(11, NOW)
    texts = [m.text for m in activity.messages] + [m.text for m in activity.mentions]
    texts += [p.text for p in activity.posts]
    assert not [text for text in texts if "{" in text or "}" in text]
    assert all(text[0].isupper() or not text[0].isalpha() for text in texts)
    missing_elision = re.compile(r"\b(de|que|le|la|je|ne) [AEIOUYÉÈÊaeiouyéèêœ]")
    assert not [text for text in texts if missing_elision.search(text)]
    messages = [m.text for m in activity.messages]
    assert len(set(messages)) > 0.8 * len(messages)
    kinds = Counter(m.kind for m in activity.messages)
    assert set(kinds) == {"comment", "reply", "mention", "direct", "review"}
    subjects = {m.subject for m in activity.messages}
    assert {
        "horaires",
        "gateaux",
        "allergenes",
        "livraison",
        "reclamation_pain",
        "eloges",
    } <= subjects
    assert any("brûlée" in text or "carbonisée" in text for text in messages)
    assert any("sans gluten" in text for text in messages)
    assert any(ord(ch) > 0x1F000 for text in messages for ch in text), "some emoji"


def test_reviews_come_from_google_and_mentions_name_the_shop():
    activity = generate(11, NOW)
    for message in activity.messages:
        if message.kind == "review":
            assert message.network == "google_business"
        if message.kind == "mention":
            assert content.OUR_HANDLES[message.network] in message.text


def test_listening_covers_the_brand_competitors_town_and_press():
    activity = generate(11, NOW)
    topics = Counter(mention.topic for mention in activity.mentions)
    assert {"Boulangerie Martin", "Concurrents", "Orléans", "Presse locale"} <= set(topics)
    press = [m for m in activity.mentions if m.topic == "Presse locale"]
    assert {m.author_name for m in press} <= {voice.name for voice in content.PRESS}


def test_seasonal_specialities_follow_the_month():
    winter = generate(11, datetime(2026, 1, 10, 10, 0, tzinfo=PARIS))
    texts = " ".join(p.text for p in winter.posts) + " ".join(m.text for m in winter.messages)
    assert "galette" in texts
    assert "bûche de Noël" not in texts
