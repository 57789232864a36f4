"""The pure cores' messages in the reader's language.

The cores (scheduling/, matching/) know nothing of Django or of languages: an error they
raise for bad input carries its English message as a template with named placeholders
(``template``, marked for the catalog with a ``gettext_noop`` of their own) and the values
apart (``params``); ``str(error)`` is the English sentence. Where such an error reaches a
person, the app shows ``in_language(error)``: the template looked up in the catalog of the
active language, filled in. A parameter named ``weekday`` (or ending in ``_weekday``) holds
a weekday number (0 is Monday) and is written as that weekday's name in the language.
"""

from __future__ import annotations

from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext


def _in_words(name: str, value: Any) -> Any:
    if (name == "weekday" or name.endswith("_weekday")) and isinstance(value, int) and value in WEEKDAYS:
        return str(WEEKDAYS[value])
    return value


def in_language(error: Exception) -> str:
    """The error's message in the active language (its English text when it has no template)."""
    template = getattr(error, "template", None)
    params = getattr(error, "params", None)
    if not isinstance(template, str) or not isinstance(params, dict):
        return str(error)
    try:
        return gettext(template).format(**{name: _in_words(name, value) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        # A translation whose placeholders do not match (the catalog test forbids it): say it in English.
        return template.format(**{name: _in_words(name, value) for name, value in params.items()})
