"""Programs, their cohorts and a cohort's board: public on the pages, so any caller may read them."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from hotseat.api import representations, schemas
from hotseat.api.auth import caller
from hotseat.api.pagination import PageQuery, paginate
from hotseat.api.paths import SlugPath
from hotseat.api.problems import Problem
from hotseat.masterminds.board import build_board
from hotseat.programs.access import get_cohort_or_404
from hotseat.programs.models import Program

router = Router(tags=["programs"])
READ_ERRORS: dict[int, type[Problem]] = {401: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get("/programs", response={200: schemas.ProgramPage, **READ_ERRORS})
def list_programs(request: HttpRequest, page: Query[PageQuery]) -> schemas.ProgramPage:
    items, cursor = paginate(Program.objects.all(), page)
    return schemas.ProgramPage(items=[representations.program(p) for p in items], next=cursor)


@router.get("/programs/{program}", response={200: schemas.ProgramOut, **READ_ERRORS})
def get_program(request: HttpRequest, program: SlugPath) -> schemas.ProgramOut:
    return representations.program(get_object_or_404(Program, slug=program))


@router.get("/programs/{program}/cohorts", response={200: schemas.CohortPage, **READ_ERRORS})
def list_cohorts(request: HttpRequest, program: SlugPath, page: Query[PageQuery]) -> schemas.CohortPage:
    found = get_object_or_404(Program, slug=program)
    now = timezone.now()
    items, cursor = paginate(found.cohorts.select_related("program"), page)
    return schemas.CohortPage(items=[representations.cohort(c, now) for c in items], next=cursor)


@router.get("/programs/{program}/cohorts/{cohort}", response={200: schemas.CohortOut, **READ_ERRORS})
def get_cohort(request: HttpRequest, program: SlugPath, cohort: SlugPath) -> schemas.CohortOut:
    return representations.cohort(get_cohort_or_404(program, cohort), timezone.now())


@router.get("/programs/{program}/cohorts/{cohort}/board", response={200: schemas.BoardOut, **READ_ERRORS})
def get_board(request: HttpRequest, program: SlugPath, cohort: SlugPath) -> schemas.BoardOut:
    now = timezone.now()
    found = get_cohort_or_404(program, cohort)
    return representations.board(build_board(found, caller(request).user, now), now)
