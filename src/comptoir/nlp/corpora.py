"""Readers for the training material: UMSAB-format folders, lexicons, language samples.

Only the training and evaluation commands use this module; the product at run
time reads nothing but the shipped model file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import decode_escapes

#: UMSAB folder names and the language codes the product uses.
UMSAB_LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
    "hindi": "hi",
}


@dataclass
class Corpus:
    """Labelled texts with their language and a training weight per text."""

    texts: list[str] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def add(self, texts: list[str], labels: list[int], lang: str, weight: float = 1.0) -> None:
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        self.texts.extend(texts)
        self.labels.extend(labels)
        self.langs.extend([lang] * len(texts))
        self.weights.extend([weight] * len(texts))

    def __len__(self) -> int:
        return len(self.texts)


def read_lines(path: Path) -> list[str]:
    """Lines of a UTF-8 file; a missing final newline is not an extra empty line."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_split(folder: Path, split: str) -> tuple[list[str], list[int]]:
    """Texts and labels of ``<split>_text.txt`` / ``<split>_labels.txt`` in a folder."""
    texts = [decode_escapes(t) for t in read_lines(folder / f"{split}_text.txt")]
    labels = [int(v) for v in read_lines(folder / f"{split}_labels.txt")]
    if len(texts) != len(labels):
        raise ValueError(f"{folder}: {len(texts)} texts but {len(labels)} labels in {split}")
    return texts, labels


def valence_bucket(value: float) -> str | None:
    """Map a valence on VADER's -4..4 scale to a coarse bucket such as ``"+2"``."""
    mag = abs(value)
    if mag < 0.5:
        return None
    level = 1 if mag < 1.5 else 2 if mag < 2.5 else 3
    return ("+" if value > 0 else "-") + str(level)


def _tsv_rows(path: Path) -> list[list[str]]:
    """Rows of a TSV file after its header; none when the file is absent."""
    if not path.exists():
        return []
    return [line.split("\t") for line in read_lines(path)[1:] if line]


def load_lexicons(extra_dir: Path) -> dict[str, dict[str, str]]:
    """Per-language token -> valence bucket maps built from the lexicons folder.

    English uses VADER; French averages VADER-FR with Pattern's adjective
    polarities (scaled from -1..1 to -3..3). Emoji (Emoji Sentiment Ranking) and
    emoticons are shared by every language, including ``"*"`` for the others.
    Keeping languages apart matters: the English "pain" is not the French bread.
    """
    lex_dir = extra_dir / "lexicons"
    shared: dict[str, float] = {}
    for row in _tsv_rows(lex_dir / "emoticons_from_vader.tsv"):
        shared[row[0].lower()] = float(row[1])
    for row in _tsv_rows(lex_dir / "emoji_sentiment_ranking" / "emoji_sentiment_scores.tsv"):
        if int(row[2]) >= 20:
            shared[row[0]] = float(row[6]) * 4.0
    en: dict[str, float] = {}
    for row in _tsv_rows(lex_dir / "vader_en" / "vader_lexicon.tsv"):
        en[row[0].lower()] = float(row[1])
    fr_parts: dict[str, list[float]] = {}
    for row in _tsv_rows(lex_dir / "vader_fr" / "fr_lexicon.tsv"):
        fr_parts.setdefault(row[0].lower(), []).append(float(row[1]))
    for row in _tsv_rows(lex_dir / "pattern_fr_adjectives" / "fr_sentiment.tsv"):
        fr_parts.setdefault(row[0].lower(), []).append(3.0 * float(row[2]))
    fr = {k: sum(v) / len(v) for k, v in fr_parts.items()}
    out: dict[str, dict[str, str]] = {}
    for lang, words in (("en", en), ("fr", fr), ("*", {})):
        merged: dict[str, str] = {}
        for source in (words, shared):
            for tok, val in source.items():
                bucket = valence_bucket(val)
                if bucket is not None and " " not in tok:
                    merged[tok] = bucket
        out[lang] = dict(sorted(merged.items()))
    return out


PO_MSGSTR_RE = re.compile(r'^msgstr(?:\[\d\])? "(.*)"$|^"(.*)"$')
PO_FORMAT_RE = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|\\n|&\w+;")


def po_messages(path: Path) -> list[str]:
    """Translated strings of a gettext catalogue, placeholders removed."""
    out: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            if current:
                out.append("".join(current))
            m = PO_MSGSTR_RE.match(line)
            current = [m.group(1)] if m and m.group(1) is not None else []
        elif line.startswith('"') and current is not None:
            m = PO_MSGSTR_RE.match(line)
            if m and m.group(2) is not None:
                current.append(m.group(2))
        else:
            if current:
                out.append("".join(current))
            current = None
    if current:
        out.append("".join(current))
    cleaned = [PO_FORMAT_RE.sub(" ", m).replace('\\"', '"').strip() for m in out]
    return [m for m in cleaned if len(m) > 3]


#: Languages the identifier names; everything else it learns to call "unknown".
LID_LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "nl", "pt")
#: Django catalogues of other languages, the "unknown" class (Latin script first,
#: the look-alikes that matter; a few other scripts so they never pass for ours).
LID_OTHER_CATALOGUES = (
    "af", "ca", "cs", "cy", "da", "eo", "et", "eu", "fi", "ga", "gl", "hr", "hu", "id",
    "is", "lb", "lt", "lv", "ms", "nb", "pl", "ro", "sk", "sl", "sq", "sv", "sw", "tr",
    "vi", "ru", "el", "he", "hi", "ja", "zh_Hans", "fa", "ur", "uk",
)  # fmt: skip


@functools.cache
def _django_locale_dirs() -> tuple[Path, ...]:
    import django

    root = Path(django.__file__).resolve().parent
    return (root / "conf" / "locale", *sorted(root.glob("contrib/*/locale")))


@functools.cache
def _django_catalogue_messages(code: str) -> tuple[str, ...]:
    out: list[str] = []
    for locale_dir in _django_locale_dirs():
        for po in sorted((locale_dir / code / "LC_MESSAGES").glob("*.po")):
            out.extend(po_messages(po))
    return tuple(out)


def django_catalogue_messages(code: str) -> list[str]:
    """Every translated string Django itself ships for one language code."""
    return list(_django_catalogue_messages(code))


def faker_words(locale: str) -> list[str]:
    """The basic-word list of a Faker lorem provider (MIT licence), if installed."""
    import importlib

    try:
        module = importlib.import_module(f"faker.providers.lorem.{locale}")
    except ImportError:
        return []
    words = getattr(module.Provider, "word_list", ())
    return [str(w) for w in words]


def word_list_sentences(words: list[str], size: int = 6) -> list[str]:
    """Deterministic pseudo-sentences from a word list (consecutive windows)."""
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size // 2)]
