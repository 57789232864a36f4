"""Fetch objects only if the person may see them; everyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from hotseat.accounts.models import User
from hotseat.programs.models import Cohort, Program, Signup

Viewer = User | AnonymousUser


def is_organizer(user: Viewer, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return program.organizers.filter(pk=user.pk).exists()


def can_create_programs(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def get_cohort_or_404(program_slug: str, cohort_slug: str) -> Cohort:
    """Boards are public."""
    return get_object_or_404(Cohort.objects.select_related("program"), program__slug=program_slug, slug=cohort_slug)


def get_organized_program_or_404(user: Viewer, program_slug: str) -> Program:
    program = get_object_or_404(Program, slug=program_slug)
    if not is_organizer(user, program):
        raise Http404
    return program


def get_organized_cohort_or_404(user: Viewer, program_slug: str, cohort_slug: str) -> Cohort:
    cohort = get_cohort_or_404(program_slug, cohort_slug)
    if not is_organizer(user, cohort.program):
        raise Http404
    return cohort


def get_own_signup_or_404(user: Viewer, signup_id: int) -> Signup:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Signup.objects.select_related("cohort__program"), pk=signup_id, user=user)
