"""Helpers of the spring group's page tests.

Its weeks and rotation, who may do what (WHO, matrix), the page as a reader sees it, a panel's query count.
"""

from __future__ import annotations

import html
import re

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.models import Meeting

WHO = ["outsider", "other group", "member", "presenter", "leader", "organizer"]


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.get(mastermind=mastermind, number=number)


def text(response) -> str:
    """The page as a reader sees it: tags dropped, white space squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def presenters(mastermind: Mastermind) -> list[str]:
    meetings = Meeting.objects.filter(mastermind=mastermind, number__lte=10).select_related("presenter")
    return [m.presenter.name if m.presenter else "-" for m in meetings.order_by("number")]


def matrix(*statuses: int) -> list[tuple[str, int]]:
    return list(zip(WHO, statuses, strict=True))


def text_of(body: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# Query counts -----------------------------------------------------------------------------------------


def panel_queries(panel, user, target) -> int:
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        panel(request, target)
    return len(queries)
