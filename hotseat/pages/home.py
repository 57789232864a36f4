"""The home page: the cohorts open or running, and the viewer's own groups."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hotseat.accounts.requests import Request
from hotseat.masterminds.models import Membership, SeatInvitation
from hotseat.programs.access import can_create_programs
from hotseat.programs.models import Cohort


def home(request: Request) -> HttpResponse:
    now = timezone.now()
    cohorts = (
        Cohort.objects.select_related("program")
        .annotate(groups=Count("masterminds", filter=~Q(masterminds__state="disbanded")))
        .order_by("starts_on")
    )
    seats = []
    invited = 0
    if request.user.is_authenticated:
        seats = list(
            Membership.objects.seated().filter(user=request.user).select_related("mastermind__cohort__program")
        )
        invited = SeatInvitation.objects.filter(user=request.user, status=SeatInvitation.Status.PENDING).count()
    return render(
        request,
        "pages/home.html",
        {
            "cohorts": [c for c in cohorts if c.ends_on >= now.date()],
            "seats": seats,
            "invited": invited,
            "can_create": can_create_programs(request.user),
        },
    )
