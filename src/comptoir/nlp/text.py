"""Text normalisation and feature extraction shared by training and inference.

Everything here is plain Python on purpose: the same function turns a post into
features when the model is trained and when it runs, so the two can never drift
apart, and it costs a few tens of microseconds per post on one core.

A post becomes two lists of feature strings:

* *word* features: lower-cased words (prefixed ``_``, or ``!`` inside a
  negation scope), token bigrams, emoji, emoticons, punctuation runs and
  lexicon buckets (``L+2``, ``E-1``...);
* *char* features: character n-grams (2 to 5) of each word padded with spaces,
  the features used both by sentiment and by language identification.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\bhttps?\b")
MENTION_RE = re.compile(r"@\w+")
NOT_RE = re.compile(r"n't\b")
REPEAT_RE = re.compile(r"(\w)\1{2,}")
EMOJI_RANGES = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u2190-\u21ff\u3030\u303d"
)
EMOTICONS = (
    r"(?:<3+|[:;=8][-o'^]?[)(\]\[dp/\\|*3o]+|[)(\]\[][-o'^]?[:;=8](?![\w])|\^\^|\^_\^|x-?d\b)"
)
TOKEN_RE = re.compile(
    rf"({EMOTICONS})|(@user|http)|([^\W_]+)|([{EMOJI_RANGES}])|([!?]+|\.\.+)"
    rf"|([.,;:]+)"
)
SKIN_AND_SELECTORS_RE = re.compile("[\ufe0f\ufe0e\u200d\U0001f3fb-\U0001f3ff]")
DIGITS_RE = re.compile(r"\d")

NEGATORS = frozenset(
    {
        # English ("n't" is rewritten to " not" first)
        "not", "no", "never", "nothing", "nobody", "nowhere", "neither", "nor",
        "cannot", "without", "dont", "didnt", "doesnt", "isnt", "wasnt", "cant",
        "wont", "aint",
        # French ("n'" is split into "n")
        "ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni",
        "nul", "nulle",
        # Spanish, Italian, Portuguese, German, Dutch
        "nunca", "nada", "nadie", "non", "mai", "niente", "nessuno", "nao", "não",
        "nicht", "kein", "keine", "nie", "niet", "geen", "nooit",
    }
)  # fmt: skip
NEGATION_SCOPE = 4
CHAR_NGRAM_SIZES = (2, 3, 4, 5)
CACHE_LIMIT = 50_000


def decode_escapes(text: str) -> str:
    """Decode literal ``\\uXXXX`` escapes left in some tweet dumps (SemEval, UMSAB)."""
    if "\\u" not in text:
        return text
    return ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def prepare(text: str) -> str:
    """Lower-case a post and replace links and mentions with fixed placeholders.

    The placeholders are those of the training data (``http`` and ``@user``), so
    a real link or handle looks exactly like what the model saw. Only cheap
    whole-string operations happen here; the rest is done per whitespace chunk,
    which the runtime caches.
    """
    t = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    if "http" in t or "www." in t:
        t = URL_RE.sub(" http ", t)
    if "@" in t:
        t = MENTION_RE.sub(" @user ", t)
    if "n't" in t:
        t = NOT_RE.sub(" not", t)
    return t


def chunk_tokens(chunk: str) -> tuple[tuple[int, str], ...]:
    """Split one whitespace-free chunk of a prepared post into ``(kind, token)`` pairs.

    Kinds: 1 emoticon, 2 placeholder, 3 word, 4 emoji, 5 ``!``/``?``/ellipsis run,
    6 other punctuation. Letters repeated three times or more are squeezed to two
    ("sooooo" and "soooo" become "soo").
    """
    if len(chunk) > 2:
        chunk = REPEAT_RE.sub(r"\1\1", chunk)
    if not chunk.isascii():
        chunk = SKIN_AND_SELECTORS_RE.sub("", chunk)
    out: list[tuple[int, str]] = []
    for m in TOKEN_RE.finditer(chunk):
        kind = m.lastindex or 0
        tok = m.group(kind)
        if kind == 3:
            if tok.isdigit():
                tok = DIGITS_RE.sub("0", tok)
        elif kind == 5:
            tok = tok[:3] if tok[0] != "." else "..."
        elif kind == 6:
            tok = tok[0]
        out.append((kind, tok))
    return tuple(out)


def tokenise(
    text: str, cache: dict[str, tuple[tuple[int, str], ...]] | None = None
) -> list[tuple[int, str]]:
    """Tokenise a raw post; ``cache`` (chunk -> tokens) makes repeated chunks free."""
    toks: list[tuple[int, str]] = []
    if cache is None:
        for chunk in prepare(text).split():
            toks.extend(chunk_tokens(chunk))
        return toks
    for chunk in prepare(text).split():
        got = cache.get(chunk)
        if got is None:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            got = cache[chunk] = chunk_tokens(chunk)
        toks.extend(got)
    return toks


def char_ngrams(word: str) -> list[str]:
    """Character 2- to 5-grams of a word padded with one space on both sides."""
    p = f" {word} "
    n = len(p)
    grams = [p[i : i + 2] for i in range(n - 1)]
    for size in (3, 4, 5):
        if n >= size:
            grams.extend([p[i : i + size] for i in range(n - size + 1)])
    return grams


def word_features(
    toks: list[tuple[int, str]], lexicon: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """Word-level features of a tokenised post and its letter words.

    ``lexicon`` maps a token to a valence bucket such as ``"+2"`` or ``"-1"``;
    a word inside a negation scope gets a ``!`` prefix and its bucket sign
    flipped, so "pas bon" counts as negative even for words never seen in
    training. Word unigrams carry a ``_`` prefix so they never collide with
    character n-grams in the shared vocabulary.
    """
    feats: list[str] = []
    letters: list[str] = []
    add = feats.append
    prev = "<s>"
    scope = 0
    for kind, tok in toks:
        if kind == 3:
            negated = scope > 0
            if negated:
                add("!" + tok)
                scope -= 1
            else:
                add("_" + tok)
            if tok[0] > "9":
                letters.append(tok)
            if tok in NEGATORS:
                scope = NEGATION_SCOPE
            bucket = lexicon.get(tok)
            if bucket is not None:
                if negated:
                    bucket = ("-" if bucket[0] == "+" else "+") + bucket[1:]
                add("L" + bucket)
        else:
            add(tok)
            if kind != 2:
                scope = 0
                if kind == 4 or kind == 1:
                    bucket = lexicon.get(tok)
                    if bucket is not None:
                        add("E" + bucket)
        add(prev + " " + tok)
        prev = tok
    if toks:
        add(prev + " </s>")
    return feats, letters


def extract(text: str, lexicon: Mapping[str, str]) -> tuple[list[str], list[str], list[str]]:
    """Turn a raw post into (word features, char features, letter words), uncached."""
    feats, letters = word_features(tokenise(text), lexicon)
    chars: list[str] = []
    for w in letters:
        chars.extend(char_ngrams(w))
    return feats, chars, letters
