"""factory-boy factories and the DESIGN.md personas.

They write rows directly (the arrange step of a test); to go through the rules, call the actions.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from hotseat.accounts.models import User
from hotseat.homework.models import Homework, Question
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.meetings.models import Meeting, Schedule
from hotseat.programs.models import Cohort, Program, Signup

PASSWORD = "correct-horse-battery-staple"

PERSONAS = {
    "alice": "America/New_York",
    "bob": "America/Los_Angeles",
    "chloe": "Europe/Paris",
    "dev": "Europe/London",
    "erin": "Asia/Kolkata",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.LazyAttribute(lambda o: o.email)
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/Paris"
    password = factory.django.Password(PASSWORD)


def persona(name: str) -> User:
    return UserFactory(email=f"{name}@example.com", display_name=name.capitalize(), time_zone=PERSONAS[name])


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community Managers Mastermind {n}")
    slug = factory.Sequence(lambda n: f"cmm-{n}")
    sponsor = "Acme Forums"
    charter = "# Charter\n\nOne call a week, one hour of homework."
    screening_questions = "Which community do you run?\nWhat is your role in it?"
    review = Program.Review.ORGANIZER

    @factory.post_generation
    def organizers(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.organizers.add(*extracted)


def next_tuesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    starts_on = factory.LazyFunction(next_tuesday)
    weeks = 10


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    status = Signup.Status.ACCEPTED
    answers = factory.LazyFunction(lambda: [{"question": "Which community do you run?", "answer": "A forum"}])


class MastermindFactory(factory.django.DjangoModelFactory):
    """A mastermind; ``leader=`` and ``members=`` seat people in it as ``seat()`` does, the leader first."""

    class Meta:
        model = Mastermind
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Group title {n}")
    capacity = 4

    @factory.post_generation
    def leader(self, create: bool, extracted: User | None, **kwargs: object) -> None:
        if create and extracted is not None:
            seat(self, extracted, Membership.Role.LEADER)

    @factory.post_generation
    def members(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            for member in extracted:
                seat(self, member)


def seat(mastermind: Mastermind, user: User, role: str = Membership.Role.MEMBER) -> Membership:
    """Put someone in a seat directly (arrange step of tests), with a matching placed signup."""
    Signup.objects.update_or_create(cohort=mastermind.cohort, user=user, defaults={"status": Signup.Status.PLACED})
    return Membership.objects.create(mastermind=mastermind, cohort=mastermind.cohort, user=user, role=role)


class ScheduleFactory(factory.django.DjangoModelFactory):
    """A group's weekly call: by default its cohort's first weekday, 12:00 New York, one hour."""

    class Meta:
        model = Schedule

    mastermind = factory.SubFactory(MastermindFactory)
    weekday = factory.LazyAttribute(lambda o: o.mastermind.cohort.starts_on.weekday())
    minute = 12 * 60
    zone = "America/New_York"
    duration_minutes = 60


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    mastermind = factory.SubFactory(MastermindFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(timezone.now)
    duration_minutes = 60


class QuestionFactory(factory.django.DjangoModelFactory):
    """The week's question, posed by the week's presenter unless told otherwise."""

    class Meta:
        model = Question

    meeting = factory.SubFactory(MeetingFactory)
    author = factory.LazyAttribute(lambda o: o.meeting.presenter)
    title = factory.Sequence(lambda n: f"Question {n}")


class HomeworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Homework

    question = factory.SubFactory(QuestionFactory)
    author = factory.SubFactory(UserFactory)
    body = "I tried it."
    posted_at = factory.LazyFunction(timezone.now)
