"""Turning feed HTML into plain text, and matching keywords the way people type them.

Feeds carry HTML written by strangers: it is reduced to text (scripts and styles dropped
with their content, every tag removed) before anything else in Comptoir sees it, so no
template can ever render it as markup. Keyword matching ignores case and accents because a
customer writes "gateau" as often as "Gâteau".
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

BLOCK_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
# A quoted phrase or a single word.
TERM = re.compile(r'"([^"]+)"|(\S+)')


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment; paragraph and line breaks are kept as new lines."""
    if not markup:
        return ""
    marked = BLOCK_BREAK.sub("\n", markup)
    # With no tag allowed, nh3 keeps the text of ordinary tags and drops <script>/<style>
    # together with their content; what is left is escaped text, unescaped once here.
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def fold(text: str) -> str:
    """Lower case without accents: "Gâteau Sans-Gluten" -> "gateau sans-gluten"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> list[str]:
    """The words and quoted phrases of a query, folded; every one of them must appear."""
    found = []
    for phrase, word in TERM.findall(query):
        value = fold(phrase or word).strip()
        if value:
            found.append(value)
    return found


def matches(query_terms: list[str], text: str) -> bool:
    """True when every term starts a word of ``text`` ("gateau" finds "gâteaux")."""
    if not query_terms:
        return False
    folded = fold(text)
    return all(re.search(rf"(?<!\w){re.escape(term)}", folded) is not None for term in query_terms)
