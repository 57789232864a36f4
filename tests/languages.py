"""Is a rendered page, or an email, in one language only?

The catalog itself is the list of sentences to look for: every msgid of our French
catalog is an English sentence a person might read, every msgstr a French one. A page
rendered for a French speaker must contain none of the English sentences (a string left
unmarked, or marked but rendered outside the person's language), and the same page for
an English speaker none of the French ones.

Placeholders and markup cut a message into the pieces that reach the page as they are;
pieces too short to mean anything on their own ("a", "of") and pieces that read the same
in both languages ("Discord", "Question") are not looked for.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %d, {name}, {0}, HTML tags and entities: what a message is cut at.
_CUTS = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[^{}]*\}|<[^>]*>|&[a-z#0-9]+;|[\n\t]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ADDRESS = re.compile(r"https?://\S+|(?<![\w/])/[\w\-./?=&%#~+]*")
_UNREAD = frozenset({"script", "style", "datalist"})
_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "value", "content", "data-confirm")


def _pieces(message: str) -> list[str]:
    return [" ".join(piece.split()) for piece in _CUTS.split(message)]


def _telling(piece: str) -> bool:
    """Long enough to be a sentence of one language: two words, or one word of 6 letters."""
    words = _WORD.findall(piece)
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= 6)


@cache
def _entries() -> tuple[tuple[str, str], ...]:
    """(English, French) pairs of the catalog, plural forms included."""
    pairs: list[tuple[str, str]] = []
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            pairs.append((entry.msgid, forms[0] if forms else ""))
            pairs.append((entry.msgid_plural, forms[-1] if forms else ""))
        else:
            pairs.append((entry.msgid, entry.msgstr))
    return tuple(pairs)


@cache
def _sentences(language: str) -> tuple[re.Pattern[str], ...]:
    english_text = " ".join(" ".join(_pieces(en)) for en, _ in _entries())
    french_text = " ".join(" ".join(_pieces(fr)) for _, fr in _entries())
    other_text = french_text if language == "en" else english_text
    found: set[str] = set()
    for en, fr in _entries():
        for piece in _pieces(en if language == "en" else fr):
            # A piece the other language also writes (a name, "Question") tells nothing.
            if _telling(piece) and not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", other_text):
                found.add(piece)
    return tuple(re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)") for piece in sorted(found, key=len, reverse=True))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNREAD:
            self._skip += 1
        # A hidden field (a CSRF token's random letters, an id) is not read; nor the IANA zone
        # names a time-zone field offers (they stay as they are in every language).
        if self._skip or (tag == "input" and ("type", "hidden") in attrs):
            return
        # A value is read on a button drawn by an <input>; a <button>'s value is only sent.
        shown = tag == "input" and dict(attrs).get("type") in {"submit", "button", "reset"}
        self.parts.extend(
            value for name, value in attrs if value and name in _ATTRIBUTES and (name != "value" or shown)
        )

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNREAD and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def readable_text(html: str) -> str:
    """What a person reads on a page: its text and the attributes read aloud or shown."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def sentences_in(text: str, language: str) -> list[str]:
    """The catalog's sentences of `language` ("en" or "fr") that `text` contains.

    `text` may be HTML (give it through readable_text first) or an email's plain text.
    """
    # Addresses are not sentences: a slug ("/p/cmm/cohort-2/") spells what it likes.
    plain = " ".join(_ADDRESS.sub(" ", text).split())
    return [pattern.pattern for pattern in _sentences(language) if pattern.search(plain)]


def english_in(html: str) -> list[str]:
    """English sentences of the catalog on a page meant for a French speaker."""
    return [_unescape(p) for p in sentences_in(readable_text(html), "en")]


def french_in(html: str) -> list[str]:
    """French sentences of the catalog on a page meant for an English speaker."""
    return [_unescape(p) for p in sentences_in(readable_text(html), "fr")]


def _unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)"))


# Words an English sentence can hardly do without and French never writes: they find the
# English a page got from a string nobody marked (which the catalog cannot know about).
# Keep the test's own data (names, titles, posts) free of them.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "your",
        "you",
        "and",
        "with",
        "this",
        "that",
        "these",
        "is",
        "are",
        "was",
        "were",
        "to",
        "of",
        "for",
        "from",
        "has",
        "have",
        "will",
        "when",
        "what",
        "who",
        "which",
        "there",
        "here",
        "their",
        "they",
        "it",
        "its",
        "not",
        "no",
        "yet",
        "been",
        "be",
        "by",
        "at",
        "or",
    ]
)


def english_words_in(html: str) -> list[str]:
    """English function words on a page meant for a French speaker, each with its context."""
    text = readable_text(html)
    found = []
    for match in _WORD.finditer(text):
        if match.group().lower() in ENGLISH_WORDS:
            found.append(text[max(0, match.start() - 30) : match.end() + 30])
    return found
