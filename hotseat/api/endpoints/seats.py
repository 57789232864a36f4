"""Taking a seat, leaving it, joining and leaving the waitlist: the board's actions, refused in its words."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router

from hotseat.api import representations, schemas
from hotseat.api.auth import caller
from hotseat.api.paths import IdPath, SlugPath
from hotseat.api.problems import Problem
from hotseat.masterminds import actions
from hotseat.masterminds.access import get_board_mastermind_or_404
from hotseat.masterminds.board import build_board
from hotseat.programs.access import get_cohort_or_404
from hotseat.programs.models import Cohort

router = Router(tags=["seats"])
WRITE_ERRORS: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


def _after(request: HttpRequest, cohort: Cohort, act: Callable[[], object], detail: str) -> schemas.SeatOut:
    act()  # a BoardError becomes a 409 problem with the board's message (see api.py)
    now = timezone.now()
    return schemas.SeatOut(
        detail=detail, board=representations.board(build_board(cohort, caller(request).user, now), now)
    )


@router.post(
    "/programs/{program}/cohorts/{cohort}/masterminds/{mastermind}/seat",
    response={200: schemas.SeatOut, **WRITE_ERRORS},
)
def take_seat(request: HttpRequest, program: SlugPath, cohort: SlugPath, mastermind: IdPath) -> schemas.SeatOut:
    found = get_cohort_or_404(program, cohort)
    group = get_board_mastermind_or_404(found, mastermind)
    user = caller(request).user
    return _after(
        request,
        found,
        lambda: actions.take_seat(group, user),
        gettext("You have a seat in %(mastermind)s.") % {"mastermind": group},
    )


@router.delete("/programs/{program}/cohorts/{cohort}/seat", response={200: schemas.SeatOut, **WRITE_ERRORS})
def leave_seat(request: HttpRequest, program: SlugPath, cohort: SlugPath) -> schemas.SeatOut:
    found = get_cohort_or_404(program, cohort)
    user = caller(request).user
    return _after(
        request, found, lambda: actions.leave_seat(found, user), gettext("You left your seat; it is open again.")
    )


@router.post("/programs/{program}/cohorts/{cohort}/waitlist", response={200: schemas.SeatOut, **WRITE_ERRORS})
def join_waitlist(
    request: HttpRequest, program: SlugPath, cohort: SlugPath, payload: schemas.WaitlistIn
) -> schemas.SeatOut:
    found = get_cohort_or_404(program, cohort)
    user = caller(request).user
    group = get_board_mastermind_or_404(found, payload.mastermind) if payload.mastermind is not None else None
    if group is not None:
        detail = gettext("You are on the waitlist for %(mastermind)s. We will email you when a seat opens.") % {
            "mastermind": group
        }
    else:
        detail = gettext("You are on the waitlist for any group. We will email you when a seat opens.")
    return _after(request, found, lambda: actions.join_waitlist(found, user, group), detail)


@router.delete("/programs/{program}/cohorts/{cohort}/waitlist", response={200: schemas.SeatOut, **WRITE_ERRORS})
def leave_waitlist(request: HttpRequest, program: SlugPath, cohort: SlugPath) -> schemas.SeatOut:
    found = get_cohort_or_404(program, cohort)
    user = caller(request).user
    return _after(request, found, lambda: actions.leave_waitlist(found, user), gettext("You left the waitlist."))
