"""The last result of a feed rule, explained in plain words.

A read stores a code and its values; the sentence is built when a person looks, so a
French colleague and an English one each read it in their language. The feed-specific
failures reuse the feed reader's own explanations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from comptoir.networks.rss.errors import MALFORMED, NO_FEED, REFUSED, TOO_LARGE

OK, PRIMED, UNCHANGED = "ok", "primed", "unchanged"
PRIVATE, UNREACHABLE, NO_ACCOUNTS = "private", "unreachable", "no_accounts"
FEED_MESSAGES: dict[str, Promise] = {
    "no_feed": NO_FEED,
    "malformed": MALFORMED,
    "too_large": TOO_LARGE,
    "refused": REFUSED,
    PRIVATE: gettext_lazy(
        "This address leads to a private network or to this server: Comptoir only reads "
        "public addresses."
    ),
    UNREACHABLE: gettext_lazy(
        "The site could not be reached or took too long to answer. Comptoir will try again "
        "at the next read."
    ),
    NO_ACCOUNTS: gettext_lazy(
        "None of the chosen accounts can publish any more (disconnected or in error). "
        "Choose other accounts for this feed."
    ),
}
FAILURES = frozenset(FEED_MESSAGES)


def is_failure(code: str) -> bool:
    return code in FAILURES


def explain(code: str, values: Mapping[str, Any]) -> str:
    if not code:
        return _("Not read yet.")
    if code in FEED_MESSAGES:
        message = str(FEED_MESSAGES[code])
        return message % dict(values) if "%(" in message else message
    if code == PRIMED:
        count = int(values.get("seen", 0))
        return ngettext(
            "First read: the %(count)s entry already in the feed is marked as seen. Only "
            "entries published from now on will become posts.",
            "First read: the %(count)s entries already in the feed are marked as seen. Only "
            "entries published from now on will become posts.",
            count,
        ) % {"count": count}
    if code == UNCHANGED:
        return _("The feed has not changed since the last read.")
    return summary(values)


def summary(values: Mapping[str, Any]) -> str:
    created, waiting = int(values.get("created", 0)), int(values.get("waiting", 0))
    too_long = [str(title) for title in values.get("too_long", [])]
    parts = [
        ngettext("%(count)s new post was created.", "%(count)s new posts were created.", created)
        % {"count": created}
        if created
        else _("No new entry in the feed.")
    ]
    if waiting:
        parts.append(
            ngettext(
                "%(count)s more entry will be posted at the next read, so as not to flood "
                "your accounts.",
                "%(count)s more entries will be posted at the next read, so as not to flood "
                "your accounts.",
                waiting,
            )
            % {"count": waiting}
        )
    for title in too_long:
        parts.append(
            _(
                "The entry “%(title)s” could not fit on one of the accounts, even without "
                "its summary: shorten the post text of this feed."
            )
            % {"title": title}
        )
    return " ".join(parts)
