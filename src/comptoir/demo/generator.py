"""Five weeks of life at the Boulangerie Martin, drawn from a seed.

``generate(seed, now)`` returns plain records (no database): the same seed and reference
moment always give the same activity, so screenshots, tests and bug reports can rely on
it. Everything happens during opening hours in Europe/Paris; questions go to the colleague
whose expertise fits; replies come after realistic delays counted in open minutes, and get
quicker over the weeks, as a team that adopts Comptoir would.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from comptoir.demo import business, content
from comptoir.demo.hours import OpenClock, Span, clip, open_spans

DEFAULT_SEED = 45000  # Orléans' postcode: the demo looks the same on every laptop.
WEEKS = 5
SCHEDULE_AHEAD_DAYS = 7

# Messages a day, (fewest, most), by weekday: Saturday and Sunday are the busy days.
DAILY_MESSAGES = {1: (3, 6), 2: (3, 6), 3: (3, 6), 4: (4, 7), 5: (6, 10), 6: (4, 8)}
DAILY_MENTIONS = (0, 3)
POSTS_PER_WEEK = 3
BACKLOG_MINUTES = 8 * 60

# Typical reactions per post on each network: (likes, comments, shares) upper bounds.
REACH = {
    "facebook": (80, 12, 8),
    "instagram": (140, 15, 5),
    "bluesky": (25, 4, 6),
    "mastodon": (15, 3, 5),
    "sandbox": (3, 1, 0),
}
SOCIAL = ("facebook", "instagram", "bluesky", "mastodon")

T = TypeVar("T")


@dataclass(frozen=True)
class PersonRecord:
    display_name: str
    network: str
    handle: str
    first_seen: datetime


@dataclass(frozen=True)
class MessageRecord:
    person: int  # index in Activity.people
    network: str
    kind: str
    subject: str
    text: str
    received_at: datetime
    status: str
    assignee: str | None  # Staff.key
    replied_at: datetime | None


@dataclass(frozen=True)
class PostRecord:
    author: str  # Staff.key
    text: str
    networks: tuple[str, ...]
    status: str
    created_at: datetime
    scheduled_at: datetime | None
    published_at: datetime | None
    likes: int
    comments: int
    shares: int


@dataclass(frozen=True)
class MentionRecord:
    network: str
    author_name: str
    author_handle: str
    text: str
    topic: str
    found_at: datetime


@dataclass(frozen=True)
class Activity:
    start: datetime  # the first opening of the period: when the team "joined"
    people: tuple[PersonRecord, ...]
    messages: tuple[MessageRecord, ...]
    posts: tuple[PostRecord, ...]
    mentions: tuple[MentionRecord, ...]


def generate(seed: int | None, now: datetime) -> Activity:
    return _Generator(DEFAULT_SEED if seed is None else seed, now).run()


def ascii_slug(value: str, separator: str = "") -> str:
    """Names as people type them in handles: no accents, no spaces, lower case."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower().replace(" ", separator) if ch.isalnum() or ch in "-_")


def weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([option for option, _ in options], [weight for _, weight in options])[0]


class _Generator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.tz = ZoneInfo(business.TIMEZONE)
        self.now = now.astimezone(self.tz)
        today = self.now.date()
        self.first_day = today - timedelta(days=WEEKS * 7 - 1)
        spans = open_spans(
            business.BUSINESS_HOURS,
            self.tz,
            self.first_day,
            today + timedelta(days=SCHEDULE_AHEAD_DAYS),
        )
        self.clock = OpenClock(spans)
        self.past = clip(spans, before=self.now)
        # Scheduled posts go out at least an hour from now, not while the demo loads.
        self.future = clip(spans, after=self.now + timedelta(hours=1))
        self.start = self.past[0].start
        self.slots = dict(content.SLOTS)
        self.slots["specialite"] = content.SEASONAL[self.now.month]
        # Customers and their identities on each network.
        self.customers: list[tuple[str, str]] = []
        self.identities: dict[tuple[str, str], int] = {}
        self.people: list[tuple[str, str, str]] = []  # (display_name, network, handle)
        self.people_by_network: dict[str, list[int]] = {}
        self.person_first_names: list[str] = []
        self.handles: set[tuple[str, str]] = set()
        self.names: set[tuple[str, str]] = set()
        self.decks: dict[str, list[str]] = {}

    # --- the period -------------------------------------------------------------------

    def days(self) -> list[tuple[date, list[Span]]]:
        """Each day of the period that had opening time before now, with its spans."""
        by_day: dict[date, list[Span]] = {}
        for span in self.past:
            by_day.setdefault(span.start.date(), []).append(span)
        return sorted(by_day.items())

    def progress(self, moment: datetime) -> float:
        """How far through the period ``moment`` is, from 0 to 1."""
        total = (self.now - self.start).total_seconds()
        return min(max((moment - self.start).total_seconds() / total, 0.0), 1.0) if total else 1.0

    def run(self) -> Activity:
        messages = self.messages()
        first_seen: dict[int, datetime] = {}
        for message in messages:
            seen = first_seen.get(message.person)
            if seen is None or message.received_at < seen:
                first_seen[message.person] = message.received_at
        people = tuple(
            PersonRecord(name, network, handle, first_seen[index])
            for index, (name, network, handle) in enumerate(self.people)
        )
        return Activity(
            start=self.start,
            people=people,
            messages=tuple(messages),
            posts=tuple(self.posts()),
            mentions=tuple(self.mentions()),
        )

    # --- people -----------------------------------------------------------------------

    def new_name(self) -> tuple[str, str]:
        while True:
            name = (self.rng.choice(content.FIRST_NAMES), self.rng.choice(content.LAST_NAMES))
            if name not in self.names:
                self.names.add(name)
                return name

    def handle_for(self, first: str, last: str, network: str) -> str:
        f, l_ = ascii_slug(first), ascii_slug(last)
        n = self.rng.randint(2, 98)
        options = {
            "bluesky": (f"{f}{l_}.bsky.social", f"{f}-{l_}.bsky.social", f"{f}{n}.bsky.social"),
            "mastodon": tuple(
                f"@{user}@{self.rng.choice(content.MASTODON_SERVERS)}"
                for user in (f, f"{f}_{l_}", f"{f}{l_[:1]}")
            ),
            "facebook": (f"{f}.{l_}", f"{f}.{l_}.{n}"),
            "instagram": (f"{f}_{l_}", f"{f}.{l_}{n}", f"{f}{l_[:1]}_orleans", f"{f}_{l_}_45"),
            "google_business": (f"{f}.{l_}",),
            "sandbox": (f"@{f}.{l_}",),
        }[network]
        base = handle = self.rng.choice(options)
        counter = 2
        while (network, handle) in self.handles:
            handle = numbered(base, counter)
            counter += 1
        self.handles.add((network, handle))
        return handle

    def person_on(self, network: str) -> int:
        """A customer writing on ``network``: often a regular, sometimes someone new."""
        regulars = self.people_by_network.get(network, [])
        if regulars and self.rng.random() < 0.3:
            return self.rng.choice(regulars)
        known = [c for c in self.customers if (c[0] + " " + c[1], network) not in self.identities]
        if known and self.rng.random() < 0.15:
            first, last = self.rng.choice(known)  # a regular, now on another network too
        else:
            first, last = self.new_name()
            self.customers.append((first, last))
        display = f"{first} {last[0]}." if network == "google_business" else f"{first} {last}"
        index = len(self.people)
        self.people.append((display, network, self.handle_for(first, last, network)))
        self.person_first_names.append(first)
        self.identities[(f"{first} {last}", network)] = index
        self.people_by_network.setdefault(network, []).append(index)
        return index

    # --- texts ------------------------------------------------------------------------

    def draw(self, deck: str, templates: Sequence[str]) -> str:
        """The next template of a shuffled deck: no repeat until every one has been used."""
        cards = self.decks.get(deck)
        if not cards:
            cards = self.decks[deck] = list(templates)
            self.rng.shuffle(cards)
        return cards.pop()

    def text(
        self, template: str, network: str, extra: Mapping[str, Sequence[str]] | None = None
    ) -> str:
        slots = {
            **self.slots,
            "nous": (content.OUR_HANDLES.get(network, business.NAME),),
            **(extra or {}),
        }
        written = content.fill(template, self.rng, slots)
        return written[:1].upper() + written[1:]

    def compose(
        self, subject: content.Subject, kind: str, network: str, first_name: str, at: datetime
    ) -> str:
        extra = {"prenom": (first_name,)}
        body = self.text(self.draw(subject.key, subject.templates), network, extra)
        rng = self.rng
        conversational = kind in ("direct", "comment", "reply")
        greets = subject.mood == "question" and conversational and not body.startswith("Bonjour")
        if greets and rng.random() < 0.55:
            openers = content.OPENERS + (content.EVENING_OPENERS if at.hour >= 18 else ())
            body = f"{rng.choice(openers)} {body}"
        if rng.random() < (0.45 if conversational else 0.25):
            closer = self.text(rng.choice(content.CLOSERS[subject.mood]), network, extra)
            if closer:
                body = f"{body} {closer}"
        if rng.random() < 0.2 and ord(body[-1]) < 0x2000:
            body = f"{body} {rng.choice(content.EMOJI[subject.mood])}"
        return body

    # --- messages ---------------------------------------------------------------------

    def messages(self) -> list[MessageRecord]:
        records: list[MessageRecord] = []
        subjects = [(subject, subject.weight) for subject in content.SUBJECTS]
        for day, spans in self.days():
            fewest, most = DAILY_MESSAGES.get(day.weekday(), (0, 0))
            count = self.rng.randint(fewest, most)
            if day == self.now.date():  # today is not over: only its share so far
                today_spans = [s for s in self.clock.spans if s.start.date() == day]
                share = sum(s.minutes for s in spans) / sum(s.minutes for s in today_spans)
                count = round(count * share)
            for _ in range(count):
                subject = weighted(self.rng, subjects)
                records.append(self.message(subject, spans))
        records.sort(key=lambda record: record.received_at)
        return records

    def message(self, subject: content.Subject, spans: list[Span]) -> MessageRecord:
        rng = self.rng
        kind, network = weighted(rng, [((k, n), w) for k, n, w in subject.channels])
        person = self.person_on(network)
        received = self.clock.random_moment(rng, spans)
        text = self.compose(subject, kind, network, self.person_first_names[person], received)
        assignee: str | None = business.staff_for(subject.expertise).key
        # Answers get quicker as the weeks go by; complaints are handled first.
        median = 150 - 115 * self.progress(received)
        if subject.mood == "complaint":
            median *= 0.6
        delay = max(4.0, rng.lognormvariate(math.log(median), 0.9))
        replied = self.clock.add_open_minutes(received, delay)
        needs_answer = rng.random() < subject.reply_rate
        slipped = rng.random() < 0.03  # the odd message nobody picked up
        # What came in over the last few open hours is often still waiting in the inbox.
        fresh = self.clock.open_minutes_between(received, self.now) < BACKLOG_MINUTES
        if fresh and rng.random() < 0.6:
            replied = None
        status: str
        if needs_answer and not slipped and replied is not None and replied <= self.now:
            recent = self.now - replied < timedelta(days=5)
            status = "waiting" if recent and rng.random() < subject.waits else "done"
        elif needs_answer:
            replied = None
            status = "new" if rng.random() < 0.5 and not slipped else "open"
            if status == "new" and rng.random() < 0.4:
                assignee = None  # not routed yet: someone will pick it up
        else:
            replied = None
            status = "done" if self.now - received > timedelta(days=1) else "new"
            if rng.random() < 0.5:
                assignee = None
        return MessageRecord(
            person=person,
            network=network,
            kind=kind,
            subject=subject.key,
            text=text,
            received_at=received,
            status=status,
            assignee=assignee,
            replied_at=replied,
        )

    # --- posts ------------------------------------------------------------------------

    def post_networks(self, sandbox: float) -> tuple[str, ...]:
        """Where a post goes; ``sandbox`` is the chance it also goes to the practice network."""
        chosen = set(self.rng.sample(SOCIAL, self.rng.randint(2, 4)))
        if self.rng.random() < sandbox:
            chosen.add("sandbox")
        return tuple(network for network in (*SOCIAL, "sandbox") if network in chosen)

    def reactions(self, networks: tuple[str, ...], age: timedelta) -> tuple[int, int, int]:
        appeal = self.rng.uniform(0.4, 1.3) * (0.5 if age < timedelta(days=1) else 1.0)
        totals = [0, 0, 0]
        for network in networks:
            for index, ceiling in enumerate(REACH[network]):
                totals[index] += round(self.rng.uniform(0.2, 1.0) * ceiling * appeal)
        return totals[0], totals[1], totals[2]

    def earlier_moment(self, moment: datetime, within: timedelta) -> datetime:
        """When a post was written: a little before it went out, while the shop was open."""
        spans = clip(self.past, after=moment - within, before=moment)
        return self.clock.random_moment(self.rng, spans) if spans else moment

    def posts(self) -> list[PostRecord]:
        rng = self.rng
        records: list[PostRecord] = []
        published = list(content.PUBLISHED_POSTS)
        rng.shuffle(published)
        days = self.days()
        chosen_days = []
        for week in range(WEEKS):
            in_week = [d for d in days if (d[0] - self.first_day).days // 7 == week]
            chosen_days += rng.sample(in_week, min(POSTS_PER_WEEK, len(in_week)))
        chosen_days.sort()
        for number, (_day, spans) in enumerate(chosen_days):
            author, template = published[number % len(published)]
            # The practice feed starts empty: past posts went out on the real networks only.
            networks = self.post_networks(sandbox=0)
            moment = quarter_hour(self.clock.random_moment(rng, spans[:1]), spans[0])
            likes, comments, shares = self.reactions(networks, self.now - moment)
            records.append(
                PostRecord(
                    author=author,
                    text=self.text(template, "facebook"),
                    networks=networks,
                    status="published",
                    created_at=self.earlier_moment(moment, timedelta(days=3)),
                    scheduled_at=moment if rng.random() < 0.5 else None,
                    published_at=moment,
                    likes=likes,
                    comments=comments,
                    shares=shares,
                )
            )
        for author, template in rng.sample(content.SCHEDULED_POSTS, 4):
            moment = self.clock.random_moment(rng, self.future)
            span = next(s for s in self.future if s.start <= moment < s.end)
            moment = quarter_hour(moment, span)
            records.append(self.planned(author, template, "scheduled", moment))
        for author, template in content.DRAFT_POSTS:
            records.append(self.planned(author, template, "draft", None))
        return records

    def planned(self, author: str, template: str, status: str, when: datetime | None) -> PostRecord:
        return PostRecord(
            author=author,
            text=self.text(template, "facebook"),
            # Scheduled posts always include the sandbox, the one network the demo is
            # connected to: the worker really publishes them there when they fall due.
            networks=self.post_networks(sandbox=1 if status == "scheduled" else 0.3),
            status=status,
            created_at=self.earlier_moment(self.now, timedelta(days=6)),
            scheduled_at=when,
            published_at=None,
            likes=0,
            comments=0,
            shares=0,
        )

    # --- mentions ---------------------------------------------------------------------

    def mentions(self) -> list[MentionRecord]:
        rng = self.rng
        records: list[MentionRecord] = []
        topics = [((name, templates), weight) for name, weight, templates in content.TOPICS]
        for _day, spans in self.days():
            for _ in range(rng.randint(*DAILY_MENTIONS)):
                found = self.clock.random_moment(rng, spans)
                if rng.random() < 0.12:
                    voice = rng.choice(content.PRESS)
                    title = self.text(self.draw("press", content.PRESS_TITLES), voice.network)
                    records.append(
                        MentionRecord(
                            voice.network, voice.name, voice.handle, title, "Presse locale", found
                        )
                    )
                    continue
                topic, templates = weighted(rng, topics)
                network = rng.choice(("bluesky", "mastodon", "instagram", "facebook", "bluesky"))
                first, last = self.new_name()
                records.append(
                    MentionRecord(
                        network=network,
                        author_name=f"{first} {last}",
                        author_handle=self.handle_for(first, last, network),
                        text=self.text(self.draw(topic, templates), network),
                        topic=topic,
                        found_at=found,
                    )
                )
        records.sort(key=lambda record: record.found_at)
        return records


def quarter_hour(moment: datetime, span: Span) -> datetime:
    """Posts go out on round times, as people schedule them (staying inside the opening)."""
    rounded = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    if rounded < span.start:
        rounded += timedelta(minutes=15)
    return rounded if span.start <= rounded < span.end else moment


def numbered(handle: str, counter: int) -> str:
    """Tell two people with the same handle apart the way networks do: a number on the name."""
    if handle.startswith("@") and handle.count("@") == 2:
        user, server = handle[1:].split("@")
        return f"@{user}{counter}@{server}"
    if handle.endswith(".bsky.social"):
        return f"{handle.removesuffix('.bsky.social')}{counter}.bsky.social"
    return f"{handle}{counter}"
