"""A big, valid cohort for the board benchmark, written with bulk_create.

Valid means what the actions would have left behind: every seated person has a
"placed" signup and one active Membership whose cohort is the mastermind's; a group
with 4 seated (the program's min_to_start) is formed, fewer is forming; waitlisted
signups carry waitlisted_at, some wait for a given full group, and a few hold a seat
offered in a forming group until offer_expires_at.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Cohort, Program, Signup

SEATS = 4
ZONES = (
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Africa/Casablanca",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
)
FIRST_NAMES = ("Alice", "Bob", "Chloé", "Dev", "Erin", "Farid", "Gwen", "Hiro", "Ines", "Jonas", "Kemi", "Lena")
TOPICS = (
    ("Growing a small forum", "From 50 to 500 active members without burning out.", "Weekdays 12:00–14:00 New York"),
    ("Moderation that scales", "Volunteer moderators, rules, and tools.", "Tue/Thu evenings, Europe"),
    ("Events that people attend", "Online meetups, AMAs and the follow-up.", ""),
    ("Paid communities", "Memberships, pricing and churn.", "Mondays 17:00–19:00 Paris"),
    ("Developer communities", "", "Any weekday morning, Pacific"),
)


@dataclass(frozen=True)
class BenchCohort:
    cohort: Cohort
    path: str
    masterminds: int
    signups: int
    seated: int
    waitlist: int
    held: int
    forming: int
    seated_viewer: User  # a member of a formed group
    seeker: User  # accepted, no seat: sees a form on every open seat and full group


def open_seat_plan(masterminds: int, open_seats: int) -> list[int]:
    """Open seats per mastermind: the last-numbered (newest) groups are still forming, 1 to 3 open each."""
    if not 0 <= open_seats <= (SEATS - 1) * masterminds:
        msg = f"{open_seats} open seats do not fit {masterminds} masterminds that each keep a leader"
        raise ValueError(msg)
    plan = [0] * masterminds
    remaining = open_seats
    sizes = itertools.cycle((2, 1, 3))
    for index in reversed(range(masterminds)):
        if remaining == 0:
            break
        plan[index] = min(next(sizes), remaining)
        remaining -= plan[index]
    for index in reversed(range(masterminds)):  # a small board with many open seats: fill up to 3 each
        extra = min(SEATS - 1 - plan[index], remaining)
        plan[index] += extra
        remaining -= extra
    return plan


def bench_program() -> Program:
    return Program.objects.create(
        name="Benchmark Mastermind",
        slug="bench",
        sponsor="The Benchmark Forum",
        charter="One call a week, one hour of homework.",
        screening_questions="Which community do you run?\nWhat is your role in it?",
        review=Program.Review.AUTO,
        group_size=SEATS,
        min_to_start=SEATS,
        max_group_size=8,
    )


def _answers(user: User) -> list[dict[str, str]]:
    return [
        {"question": "Which community do you run?", "answer": f"{user.name}'s forum"},
        {"question": "What is your role in it?", "answer": "Founder and main moderator"},
    ]


@transaction.atomic
def generate_cohort(
    program: Program, *, slug: str, masterminds: int, signups: int, waitlist: int, held: int, now: datetime
) -> BenchCohort:
    """`signups` people: all seated but `waitlist` waitlisted and one accepted seeker."""
    seated_total = signups - waitlist - 1
    plan = open_seat_plan(masterminds, SEATS * masterminds - seated_total)
    forming = [i for i, free in enumerate(plan) if free]
    full = [i for i, free in enumerate(plan) if not free]
    if held > len(forming) or (waitlist and not full):
        msg = "not enough forming groups for the held seats, or no full group to wait for"
        raise ValueError(msg)

    cohort = Cohort.objects.create(
        program=program,
        name=f"Cohort {slug}",
        slug=slug,
        starts_on=(now + timedelta(days=7)).date(),
        weeks=10,
    )
    users = User.objects.bulk_create(
        User(
            username=f"{slug}-{i}@example.com",
            email=f"{slug}-{i}@example.com",
            display_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {slug.capitalize()}{i}",
            time_zone=ZONES[i % len(ZONES)],
            password=make_password(None),
        )
        for i in range(signups)
    )
    groups = Mastermind.objects.bulk_create(
        Mastermind(
            cohort=cohort,
            number=i + 1,
            title=TOPICS[i % len(TOPICS)][0],
            focus=TOPICS[i % len(TOPICS)][1],
            preferred_times=TOPICS[i % len(TOPICS)][2],
            capacity=SEATS,
            state=Mastermind.State.FORMING if plan[i] else Mastermind.State.FORMED,
            formed_at=None if plan[i] else now - timedelta(days=1),
        )
        for i in range(masterminds)
    )

    people = iter(users)
    memberships: list[Membership] = []
    rows: list[Signup] = []
    for group, free in zip(groups, plan, strict=True):
        for seat in range(SEATS - free):
            user = next(people)
            role = Membership.Role.LEADER if seat == 0 else Membership.Role.MEMBER
            memberships.append(Membership(mastermind=group, cohort=group.cohort, user=user, role=role))
            rows.append(
                Signup(
                    cohort=cohort,
                    user=user,
                    role=Signup.Role.LEADER if seat == 0 else Signup.Role.MEMBER,
                    answers=_answers(user),
                    status=Signup.Status.PLACED,
                )
            )
    offers = iter(forming)
    for j in range(waitlist):
        user = next(people)
        waits_for = groups[full[j % len(full)]] if j % 3 == 2 else None
        offer = groups[next(offers)] if j < held else None
        rows.append(
            Signup(
                cohort=cohort,
                user=user,
                answers=_answers(user),
                status=Signup.Status.WAITLISTED,
                waitlist_mastermind=waits_for,
                waitlisted_at=now - timedelta(minutes=waitlist - j),
                offer_mastermind=offer,
                offer_expires_at=now + timedelta(hours=48) if offer else None,
            )
        )
    seeker = next(people)
    rows.append(Signup(cohort=cohort, user=seeker, answers=_answers(seeker), status=Signup.Status.ACCEPTED))
    Membership.objects.bulk_create(memberships)
    Signup.objects.bulk_create(rows)

    viewer_group = groups[full[len(full) // 2]]
    seated_viewer = next(m.user for m in memberships if m.mastermind == viewer_group and not m.is_leader)
    return BenchCohort(
        cohort=cohort,
        path=cohort.get_absolute_url(),
        masterminds=masterminds,
        signups=signups,
        seated=seated_total,
        waitlist=waitlist,
        held=held,
        forming=len(forming),
        seated_viewer=seated_viewer,
        seeker=seeker,
    )


def check_cohort(made: BenchCohort) -> None:
    """The rows say what the plan said, seen through the ORM (fails loudly, not a test)."""
    cohort = made.cohort
    assert cohort.signups.count() == made.signups
    assert cohort.signups.filter(status=Signup.Status.PLACED).count() == made.seated
    assert cohort.signups.filter(status=Signup.Status.WAITLISTED, waitlisted_at__isnull=False).count() == made.waitlist
    assert Membership.objects.filter(cohort=cohort, mastermind__cohort=cohort, left_at__isnull=True).count() == (
        made.seated
    )
    assert cohort.masterminds.filter(state=Mastermind.State.FORMING).count() == made.forming
    assert cohort.masterminds.count() == made.masterminds
