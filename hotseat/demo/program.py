"""The demo program: what `make run` shows on a fresh machine. Idempotent."""

from __future__ import annotations

import datetime as dt
from functools import cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.demo.running import load_running_cohort
from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.models import Cohort, Program, Signup

DEMO_PASSWORD = "hotseat-demo"  # noqa: S105 (public demo logins, printed on purpose)

PEOPLE = [
    # email, name, zone, staff, language ("" = not chosen: the browser's, else the installation's)
    ("organizer@example.com", "Olga Organizer", "Europe/Berlin", True, ""),
    ("alice@example.com", "Alice", "America/New_York", False, "en"),
    ("bob@example.com", "Bob", "America/Los_Angeles", False, "en"),
    ("dev@example.com", "Dev", "Europe/London", False, "en"),
    # Chloé reads hotseat in French, in a group of English speakers: `make run` shows both languages.
    ("chloe@example.com", "Chloé", "Europe/Paris", False, "fr"),
    ("farid@example.com", "Farid", "Africa/Casablanca", False, ""),
    ("gwen@example.com", "Gwen", "America/Chicago", False, ""),
    ("erin@example.com", "Erin", "Asia/Kolkata", False, ""),
]
# The login of the demo's French-speaking person.
FRENCH_SPEAKER = "chloe@example.com"

CHARTER = """## How it works

Each mastermind is a small group (4 by default) that meets **once a week for 10 weeks**.

1. Each week one member takes the **hot seat** and asks the group a question.
2. Everyone spends **at most one hour** acting on it and posts the result.
3. The next call opens with feedback on that homework, then the next question.

Missing a week now and then is fine.
"""


def next_tuesday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


@cache
def _demo_password_hash(hashers: tuple[str, ...]) -> str:
    """One hash of the public demo password for all 48 demo people (hashing is slow on purpose:
    about half a second each). ``hashers`` is the setting it is hashed under, so the cache follows it."""
    return make_password(DEMO_PASSWORD)


def _person(email: str, name: str, zone: str, staff: bool, language: str = "") -> User:
    user: User
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "username": email,
            "display_name": name,
            "time_zone": zone,
            "is_staff": staff,
            "language": language,
        },
    )
    if not created and language and not user.language:
        # A demo database from before the demo had a French speaker.
        user.language = language
        user.save(update_fields=["language"])
    if created:
        user.password = _demo_password_hash(tuple(settings.PASSWORD_HASHERS))
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


# The demo story sends no mail: the people in it are made up.
@override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}})
def load_demo() -> tuple[Cohort, list[tuple[str, str]]]:
    """The first cohort (about to start, groups forming), a cohort under way, and the next one (to be grouped)."""
    with transaction.atomic():
        people = {
            email.split("@")[0]: _person(email, name, zone, staff, language)
            for email, name, zone, staff, language in PEOPLE
        }
        organizer = people["organizer"]
        organizer.is_superuser = True
        organizer.save(update_fields=["is_superuser"])
        program, _ = Program.objects.get_or_create(
            slug="community-managers",
            defaults={
                "name": "Community Managers Mastermind",
                "sponsor": "The Community Managers Forum",
                "charter": CHARTER,
                "audience": "People who run an online community: forum admins, moderators, community managers.",
                "screening_questions": "Which community do you run?\nWhat is your role in it?",
                "review": Program.Review.ORGANIZER,
            },
        )
        program.organizers.add(organizer)
        cohort, created = Cohort.objects.get_or_create(
            program=program,
            slug="first-cohort",
            defaults={"name": "First cohort", "starts_on": next_tuesday(timezone.localdate()), "weeks": 10},
        )
    if created:
        _fill(cohort, people)
    load_spring_cohort(program, cohort)
    load_running_cohort(program, people)
    logins = [(email, DEMO_PASSWORD) for email, *_ in PEOPLE]
    return cohort, logins


# The next cohort: 40 accepted people and nobody seated yet, for "Propose groups".
# Name, zone, and when they are free on their own clock: (first hour, last hour, weekdays).
SPRING = [
    # Americas (16)
    ("Maya Brooks", "America/New_York", (11, 15, "01234")),
    ("Jordan Lee", "America/New_York", (12, 16, "0123")),
    ("Priya Shah", "America/New_York", (9, 13, "1234")),
    ("Sam Carter", "America/New_York", (10, 14, "02")),
    ("Luis Romero", "America/New_York", (8, 12, "1234")),
    ("Ava Nguyen", "America/Los_Angeles", (8, 12, "01234")),
    ("Ethan Park", "America/Los_Angeles", (7, 11, "1234")),
    ("Grace Kim", "America/Los_Angeles", (9, 13, "013")),
    ("Noah Fisher", "America/Los_Angeles", (8, 11, "024")),
    ("Olivia Stone", "America/Chicago", (10, 14, "01234")),
    ("Diego Alvarez", "America/Chicago", (9, 13, "123")),
    ("Hannah Wright", "America/Toronto", (11, 15, "0124")),
    ("Carmen Ruiz", "America/Mexico_City", (10, 14, "01234")),
    ("Andrés Gómez", "America/Bogota", (10, 14, "1234")),
    ("Beatriz Lima", "America/Sao_Paulo", (13, 17, "01234")),
    ("Rafael Costa", "America/Sao_Paulo", (12, 16, "0123")),
    # Europe and Africa (16)
    ("Emma Clarke", "Europe/London", (16, 20, "01234")),
    ("Oliver Hughes", "Europe/London", (17, 21, "0123")),
    ("Amelia Jones", "Europe/London", (9, 12, "01234")),
    ("Tom Bennett", "Europe/London", (12, 15, "1234")),
    ("Léa Martin", "Europe/Paris", (17, 21, "01234")),
    ("Hugo Bernard", "Europe/Paris", (10, 13, "1234")),
    ("Camille Petit", "Europe/Paris", (18, 21, "0124")),
    ("Lena Schmidt", "Europe/Berlin", (17, 20, "01234")),
    ("Felix Wagner", "Europe/Berlin", (9, 12, "0123")),
    ("Mia Becker", "Europe/Berlin", (12, 15, "1234")),
    ("Lucía Fernández", "Europe/Madrid", (17, 21, "01234")),
    ("Pablo Navarro", "Europe/Madrid", (10, 14, "1234")),
    ("Aino Virtanen", "Europe/Helsinki", (11, 14, "0123")),
    ("Chidi Okafor", "Africa/Lagos", (10, 14, "01234")),
    ("Wanjiru Mwangi", "Africa/Nairobi", (11, 15, "1234")),
    ("Thabo Nkosi", "Africa/Johannesburg", (10, 14, "01234")),
    # Asia and Oceania (8)
    ("Ananya Iyer", "Asia/Kolkata", (14, 18, "01234")),
    ("Rohan Mehta", "Asia/Kolkata", (15, 19, "1234")),
    ("Wei Ling Tan", "Asia/Singapore", (16, 20, "01234")),
    ("Daniel Lim", "Asia/Singapore", (17, 21, "0123")),
    ("Yuki Tanaka", "Asia/Tokyo", (17, 21, "01234")),
    ("Chloe Wilson", "Australia/Sydney", (7, 10, "12345")),
    ("Jack Taylor", "Australia/Sydney", (17, 21, "0123")),
    ("Aroha Ngata", "Pacific/Auckland", (7, 10, "12345")),
]
# Every fourth person volunteers to lead; a few more would lead if asked.
SPRING_SLUG = "spring-cohort"
SPRING_LEADERS = {name for index, (name, _, _) in enumerate(SPRING) if index % 4 == 0}
SPRING_EITHER = {"Jordan Lee", "Tom Bennett", "Mia Becker", "Rohan Mehta"}


def _spring_email(name: str) -> str:
    return name.lower().replace(" ", ".").replace("é", "e").replace("á", "a").replace("í", "i") + "@example.com"


def load_spring_cohort(program: Program, first: Cohort) -> Cohort:
    """The cohort after the first: 40 accepted people across the world, none seated (idempotent)."""
    with transaction.atomic():
        cohort, _ = Cohort.objects.get_or_create(
            program=program,
            slug=SPRING_SLUG,
            defaults={"name": "Spring cohort", "starts_on": first.starts_on + dt.timedelta(weeks=12), "weeks": 10},
        )
        for name, zone, (start, end, days) in SPRING:
            user = _person(_spring_email(name), name, zone, staff=False)
            WeeklyAvailability.objects.get_or_create(
                user=user,
                defaults={"zone": zone, "windows": [[int(day), start * 60, end * 60] for day in days]},
            )
            role = Signup.Role.MEMBER
            if name in SPRING_LEADERS:
                role = Signup.Role.LEADER
            elif name in SPRING_EITHER:
                role = Signup.Role.EITHER
            Signup.objects.get_or_create(
                cohort=cohort,
                user=user,
                defaults={
                    "status": Signup.Status.ACCEPTED,
                    "role": role,
                    "answers": [
                        {"question": "Which community do you run?", "answer": f"{name.split()[0]}'s community"},
                        {"question": "What is your role in it?", "answer": "Community manager"},
                    ],
                },
            )
    return cohort


def _fill(cohort: Cohort, people: dict[str, User]) -> None:
    for key in ["alice", "bob", "dev", "chloe", "farid", "gwen", "erin"]:
        Signup.objects.get_or_create(
            cohort=cohort,
            user=people[key],
            defaults={
                "status": Signup.Status.ACCEPTED,
                "role": Signup.Role.LEADER if key in {"alice", "farid"} else Signup.Role.MEMBER,
                "answers": [
                    {"question": "Which community do you run?", "answer": f"{people[key].name}'s forum"},
                    {"question": "What is your role in it?", "answer": "Founder and main moderator"},
                ],
            },
        )
    group1 = board.lead_mastermind(
        cohort,
        people["alice"],
        title="Growing a small forum",
        focus="From 50 to 500 active members without burning out.",
        preferred_times="Weekdays 12:00–14:00 New York",
    )
    for key in ["bob", "dev", "chloe"]:
        board.take_seat(group1, people[key])
    group2 = board.lead_mastermind(
        cohort,
        people["farid"],
        title="Moderation that scales",
        focus="Volunteer moderators, rules, and tools.",
        preferred_times="Tue/Thu evenings, Europe",
        capacity=8,
    )
    board.take_seat(group2, people["gwen"])
    # Group 1 has marked its hours (on their own clocks), so Alice can pick the weekly call.
    for key, (start, end) in {"alice": (9, 15), "bob": (7, 12), "dev": (14, 19), "chloe": (15, 20)}.items():
        WeeklyAvailability.objects.update_or_create(
            user=people[key],
            defaults={"zone": people[key].time_zone, "windows": [[day, start * 60, end * 60] for day in (1, 2, 3)]},
        )
    board.join_waitlist(cohort, people["erin"], None)
    assert Mastermind.objects.get(pk=group1.pk).state == Mastermind.State.FORMED
    assert Membership.objects.seated().filter(mastermind=group2).count() == 2
