"""My masterminds, one mastermind and its meetings: for its members and its program's organizers only."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router

from hotseat.api import representations, schemas
from hotseat.api.auth import caller
from hotseat.api.pagination import PageQuery, paginate
from hotseat.api.paths import IdPath
from hotseat.api.problems import Problem
from hotseat.masterminds.access import Role, get_mastermind_or_404
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Schedule

router = Router(tags=["masterminds"])
READ_ERRORS: dict[int, type[Problem]] = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


def _seated() -> Prefetch:  # type: ignore[type-arg]  # django-stubs types the lookup, not the rows
    return Prefetch(
        "memberships",
        queryset=Membership.objects.seated().select_related("user").order_by("joined_at", "pk"),
        to_attr="seated",
    )


@router.get("/me/masterminds", response={200: schemas.MastermindPage, **READ_ERRORS})
def my_masterminds(request: HttpRequest, page: Query[PageQuery]) -> schemas.MastermindPage:
    user = caller(request).user
    mine = (
        Mastermind.objects.filter(memberships__user=user, memberships__left_at__isnull=True)
        .select_related("cohort__program")
        .prefetch_related(_seated())
    )
    items, cursor = paginate(mine, page)
    answers = []
    for group in items:
        seats: list[Membership] = group.seated
        own = next(s for s in seats if s.user_id == user.pk)
        role = Role(user.pk, is_member=True, is_leader=own.is_leader, is_organizer=False)
        answers.append(representations.mastermind(group, role, seats))
    return schemas.MastermindPage(items=answers, next=cursor)


@router.get("/masterminds/{mastermind}", response={200: schemas.MastermindOut, **READ_ERRORS})
def get_mastermind(request: HttpRequest, mastermind: IdPath) -> schemas.MastermindOut:
    group, role = get_mastermind_or_404(caller(request).user, mastermind)
    seats = list(group.memberships.seated().select_related("user").order_by("joined_at", "pk"))
    return representations.mastermind(group, role, seats)


@router.get("/masterminds/{mastermind}/meetings", response={200: schemas.MeetingPage, **READ_ERRORS})
def list_meetings(request: HttpRequest, mastermind: IdPath, page: Query[PageQuery]) -> schemas.MeetingPage:
    group, _role = get_mastermind_or_404(caller(request).user, mastermind)
    schedule = Schedule.objects.filter(mastermind=group).first()
    zone = schedule.zone if schedule is not None else "UTC"
    items, cursor = paginate(group.meetings.select_related("presenter"), page, key="number")
    return schemas.MeetingPage(items=[representations.meeting(m, zone) for m in items], next=cursor)
