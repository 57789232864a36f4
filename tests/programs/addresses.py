"""Addresses of the program and board pages, for the tests."""

from __future__ import annotations

from django.urls import reverse

from hotseat.programs.models import Cohort


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


def signup_url(cohort: Cohort) -> str:
    return reverse("signup", args=[cohort.program.slug, cohort.slug])


def review_queue_url(cohort: Cohort) -> str:
    return reverse("review_queue", args=[cohort.program.slug, cohort.slug])


def manage_url(cohort: Cohort) -> str:
    return reverse("manage", args=[cohort.program.slug, cohort.slug])
