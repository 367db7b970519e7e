"""Public posts that talk about the business, its products, its competitors or its town."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.links import safe_link
from comptoir.core.networks import Network
from comptoir.inbox.models import Intent, LabelledBy, Sentiment
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.rss.text import matches, terms
from comptoir.workspaces.models import Membership, WorkspaceQuerySet, WorkspaceScoped


class TopicKind(models.TextChoices):
    BRAND = "brand", _("Your business")
    PRODUCT = "product", _("A product")
    COMPETITOR = "competitor", _("A competitor")
    TOWN = "town", _("Your town or area")
    OTHER = "other", _("Something else")


def lines(text: str) -> list[str]:
    """The non-empty lines of a field, trimmed, each once, in the order typed."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        line = line.strip()
        if line:
            seen.setdefault(line, None)
    return list(seen)


class Topic(WorkspaceScoped):
    """Something the business listens to: its name, a product, a competitor, its town.

    ``terms`` holds what is searched, one word or "quoted phrase" per line; a post matches
    when any line matches. Networks' search syntaxes differ, so every result is checked
    again here (``accepts``) before it is kept.
    """

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=TopicKind.choices)
    terms = models.TextField(
        _("words to look for"),
        help_text=_(
            'One per line: a word, or a "phrase in quotes". A post that contains any of '
            "them is kept. Case and accents do not matter."
        ),
    )
    excluded = models.TextField(
        _("words to leave out"),
        blank=True,
        help_text=_("One per line: a post that contains any of them is ignored."),
    )
    active = models.BooleanField(_("listening"), default=True)
    # Where each search stopped, by "<account id>:<term>", so a run asks only for what is
    # new; saved with each page of results (listening/search.py).
    cursors = models.JSONField(default=dict, blank=True, editable=False)
    # When someone last asked for an immediate search: "Search now" waits a few minutes
    # between two asks, so that repeated clicks do not spend the networks' rate limits.
    search_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="one_topic_per_name")
        ]

    def __str__(self) -> str:
        return self.name

    def term_list(self) -> list[str]:
        return lines(self.terms)

    def excluded_list(self) -> list[str]:
        return lines(self.excluded)

    def accepts(self, term: str, text: str) -> bool:
        """Does ``text`` contain ``term`` and none of the excluded words?

        A line of several words without quotes needs all of them, in any order; a quoted
        phrase must appear as written. Case and accents are ignored.
        """
        if not matches(terms(term), text):
            return False
        return not any(matches(terms(word), text) for word in self.excluded_list())


def label_on_arrival(mentions: Iterable[Mention]) -> None:
    """Give mentions not labelled yet their language, sentiment and intent.

    Done where mentions are saved rather than in each place that finds them (search,
    streams, the demo), so that none arrives without labels.
    """
    from comptoir.nlp.labels import label  # imports numpy: only once mentions arrive

    label(mentions, only_new=True)


class MentionQuerySet(WorkspaceQuerySet["Mention"]):
    def bulk_create(self, objs: Iterable[Mention], *args: Any, **kwargs: Any) -> list[Mention]:
        objs = list(objs)
        label_on_arrival(objs)
        return super().bulk_create(objs, *args, **kwargs)


class Mention(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30, choices=Network.choices)
    author_name = models.CharField(_("author"), max_length=150)
    author_handle = models.CharField(_("handle"), max_length=150)
    text = models.TextField(_("text"))
    # The topic's name when the mention was found: kept if the topic is deleted.
    topic = models.CharField(_("topic"), max_length=80, blank=True)
    topic_ref = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("topic"),
    )
    # The connected account whose search found it (empty for the demo's invented posts).
    account = models.ForeignKey(
        ConnectedAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    remote_id = models.CharField(max_length=255, blank=True, default="")
    url = models.CharField(_("address"), max_length=2000, blank=True, default="")
    found_at = models.DateTimeField(_("found"), db_index=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    intent = models.CharField(_("intent"), max_length=10, choices=Intent.choices, blank=True)
    labelled_by = models.CharField(
        max_length=6, choices=LabelledBy.choices, default=LabelledBy.NOBODY, blank=True
    )

    objects: ClassVar[Any] = MentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-found_at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "sentiment", "-found_at"]),
            models.Index(fields=["workspace", "intent", "-found_at"]),
        ]
        constraints = [
            # A post found again (by another run, topic or account) is never stored twice.
            models.UniqueConstraint(
                fields=["workspace", "network", "remote_id"],
                condition=~models.Q(remote_id=""),
                name="one_mention_per_remote_post",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def link(self) -> str:
        """The address of the post on its network, or "" when it is not safe to link."""
        return safe_link(self.url)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            label_on_arrival([self])
        super().save(*args, **kwargs)
