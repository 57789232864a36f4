"""People in the browser: arranged accounts that can log in, and logging them in."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from hotseat.accounts.models import User
from hotseat.programs.models import Cohort, Signup
from tests.factories import PASSWORD, SignupFactory, persona


def verified(user: User) -> User:
    """Let an arranged user log in: allauth's mandatory verification wants a verified primary address."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def accepted(user: User, cohort: Cohort) -> User:
    """A person who can log in, with an accepted signup for `cohort`."""
    verified(user)
    SignupFactory(cohort=cohort, user=user, status=Signup.Status.ACCEPTED)
    return user


def accepted_persona(name: str, cohort: Cohort) -> User:
    """A DESIGN.md persona (tests/factories.py) who can log in, accepted in `cohort`."""
    return accepted(persona(name), cohort)


def log_in(page: Page, email: str, password: str = PASSWORD, *, next_path: str = "") -> None:
    page.goto(f"/accounts/login/?next={next_path}" if next_path else "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
