"""What a page itself says, for the language tests of accounts and notify.

The header and the footer are base.html's (the lead's sentences), so a page is looked at in
its title and its ``<main>``. Left out too: the CSRF token (random letters, where "Is" or "at"
would turn up now and then) and the datalist of IANA zone names, which stay as they are in
every language ("Europe/Isle_of_Man").
"""

from __future__ import annotations

import re
from html import unescape

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_MAIN = re.compile(r"<main\b.*?</main>", re.S)
_CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>')
_DATALIST = re.compile(r"<datalist\b.*?</datalist>", re.S)


def own_part(html: str) -> str:
    """The page's title and its <main>, entities decoded (« M'envoyer », no-break spaces as they are)."""
    title = _TITLE.search(html)
    main = _MAIN.search(html)
    assert main is not None, "the page has no <main>"
    body = _DATALIST.sub("", _CSRF.sub("", main.group(0)))
    return unescape((f"<p>{title.group(1)}</p>" if title else "") + body)


_BEFORE = re.compile(r" ([:;?!»])(?!\d)")


def typeset(french: str) -> str:
    """A French sentence as the catalog writes it: a no-break space before « : ; ? ! » and inside « »."""
    return _BEFORE.sub("\u00a0\\1", french).replace("« ", "«\u00a0")
