"""The language an email is written in: the recipient's own choice, else the program's, else the installation's.

notify knows no domain app, so the program is found by its attributes, through the rows a
notification refers to: a program itself (a row of a model named ``program`` with a
``language``), or a row that leads to one by ``program``, ``cohort.program``,
``mastermind.cohort.program`` (and the meeting, question or homework above a mastermind).
The first reference, in the order the notification names them, that leads to a program
whose language hotseat speaks decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from hotseat.accounts.models import User

# From a referenced row to its program, the nearest first.
PATHS_TO_PROGRAM: tuple[tuple[str, ...], ...] = (
    ("program",),
    ("cohort", "program"),
    ("mastermind", "cohort", "program"),
    ("meeting", "mastermind", "cohort", "program"),
    ("question", "mastermind", "cohort", "program"),
    ("homework", "question", "mastermind", "cohort", "program"),
)


def _spoken(language: object) -> str:
    return language if isinstance(language, str) and language in dict(settings.LANGUAGES) else ""


def _is_program(value: object) -> bool:
    return isinstance(value, models.Model) and value._meta.model_name == "program" and hasattr(value, "language")


def _follow(value: object, path: tuple[str, ...]) -> object:
    for name in path:
        try:
            value = getattr(value, name, None)
        except ObjectDoesNotExist:  # a relation whose row is gone
            return None
        if value is None:
            return None
    return value


def _program_of(row: models.Model) -> object:
    # Paths are tried lazily, nearest first: each step may be a query when the row was not fetched with it.
    for path in PATHS_TO_PROGRAM:
        found = _follow(row, path)
        if _is_program(found):
            return found
    return None


def program_language(refs: Mapping[str, Any]) -> str:
    """The language of the first program the references lead to, "" when none does."""
    for value in refs.values():
        if not isinstance(value, models.Model) or isinstance(value, User):
            continue
        program = value if _is_program(value) else _program_of(value)
        if program is not None and (language := _spoken(getattr(program, "language", ""))):
            return language
    return ""


def email_language(recipient: User, refs: Iterable[Mapping[str, Any]] = ()) -> str:
    """The language to write to ``recipient`` in about ``refs`` (one notification's references, or a digest's)."""
    if language := _spoken(recipient.language):
        return language
    for one in refs:
        if language := program_language(one):
            return language
    return _spoken(settings.LANGUAGE_CODE) or "en"
