"""Hostile messages in the inbox: nothing runs, nothing links to script, nothing overflows.

Anyone on a network can write to the business, so the inbox shows text written to break
it: markup and script, event handlers, ``javascript:`` addresses, a 100,000-character
word, bytes that were not UTF-8, right-to-left overrides in names and texts, zalgo. The
list and the conversation page are opened in Chromium on a phone.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import ConversationFactory, MembershipFactory, MessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZALGO = "Z" + "\u0336\u0353\u0489\u031b\u0327" * 40 + "algo" + "\u0300\u0301\u0302" * 60
HOSTILE = [
    ("<script>alert('script')</script>", ""),
    ("<img src=x onerror=\"alert('img')\">", ""),
    ('<div onmouseover="alert(\'hover\')" style="width:5000px">survol</div>', ""),
    ('" autofocus onfocus="alert(\'focus\')" x="', ""),
    ("<a href=\"javascript:alert('lien')\">cliquez</a>", "javascript:alert('url')"),
    ("Voir ma page", " JaVaScRiPt:alert('url2')"),
    ("Données", "data:text/html,<script>alert('data')</script>"),
    ("A" * 100_000, ""),
    (b"caf\xe9 cr\xc3\xa8me \xff\xfe\xfd br\xfbl\xe9e".decode("utf-8", "replace"), ""),
    ("Prix \u202eSTUOV ZEYAP\u202c fin \u2067\u05e9\u05dc\u05d5\u05dd\u2069", ""),
    (ZALGO, ""),
    ("https://exemple.fr/" + "tres-long-chemin/" * 400, ""),
]
NAMES = [
    "<script>alert('name')</script>",
    "\u202eNOMAL\u202c Lucie",
    '<img src=x onerror=alert("name2")>' + "W" * 300,
    ZALGO,
]


@pytest.fixture
def inbox(db):
    membership = MembershipFactory(role="member")
    workspace = membership.workspace
    now = timezone.now()
    conversations = []
    for index, name in enumerate(NAMES):
        conversation = ConversationFactory(
            workspace=workspace, person__display_name=name, network="mastodon"
        )
        conversations.append(conversation)
        for offset, (text, url) in enumerate(HOSTILE[index::4]):
            MessageFactory(
                workspace=workspace,
                conversation=conversation,
                person=conversation.person,
                network="mastodon",
                text=text,
                url=url,
                received_at=now - timedelta(minutes=10 * index + offset),
            )
    return membership, conversations


class Watch:
    """Everything a page did that a hostile text could have caused."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self.on_dialog)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


def assert_harmless(page: Page, watch: Watch) -> None:
    # Hover and focus everything a handler could hide in, then look at what happened.
    for selector in ("main li", "main a", "main p", "main strong", "main bdi", "main span"):
        for element in page.locator(selector).all()[:40]:
            element.dispatch_event("mouseover")
            element.dispatch_event("focus")
    page.keyboard.press("Tab")
    addresses = page.evaluate(
        """() => [...document.querySelectorAll('[href],[src],[action],[formaction]')]
          .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')
                    || e.getAttribute('formaction') || '')"""
    )
    assert not [a for a in addresses if a.strip().lower().startswith(("javascript:", "data:"))]
    scripts = "[...document.scripts].filter(s => s.textContent.includes('alert')).length"
    assert page.evaluate(scripts) == 0
    assert (
        page.evaluate("document.querySelectorAll('img[src=x], [onerror], [onmouseover]').length")
        == 0
    )
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px screen"
    assert watch.dialogs == []
    assert watch.errors == []


def test_hostile_messages_neither_run_nor_overflow_the_list(open_page: OpenPage, inbox):
    membership, _conversations = inbox
    page = open_page(user=membership.user, viewport=PHONE)
    watch = Watch(page)
    page.goto(reverse("inbox:index", args=[membership.workspace.slug]))
    expect(page.get_by_role("heading", name=tr("fr", "Inbox"), level=1)).to_be_visible()
    expect(page.locator(".conversation-row")).to_have_count(len(NAMES))
    expect(page.get_by_text("<script>alert('name')</script>")).to_be_visible()
    assert_harmless(page, watch)


@pytest.mark.parametrize("index", range(len(NAMES)))
def test_hostile_messages_neither_run_nor_overflow_a_conversation(
    open_page: OpenPage, inbox, index
):
    membership, conversations = inbox
    page = open_page(user=membership.user, viewport=PHONE)
    watch = Watch(page)
    conversation = conversations[index]
    page.goto(reverse("inbox:conversation", args=[membership.workspace.slug, conversation.pk]))
    expect(page.locator(".thread .message")).to_have_count(len(HOSTILE[index::4]))
    for text, _url in HOSTILE[index::4]:
        if len(text) < 1000:  # shown as written, as text
            expect(page.locator(".message-text").filter(has_text=text[:40]).first).to_be_attached()
    assert_harmless(page, watch)
