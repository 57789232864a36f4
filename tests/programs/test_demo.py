"""The demo's spring cohort: 40 accepted people across the world, nobody seated, ready for "Propose groups"."""

from __future__ import annotations

from collections import Counter

from hotseat.masterminds.models import Membership
from hotseat.masterminds.proposal_input import match_input
from hotseat.programs.demo import load_demo
from hotseat.programs.models import Cohort, Signup

REGIONS = {"America": "Americas", "Europe": "Europe/Africa", "Africa": "Europe/Africa"}


def region(zone: str) -> str:
    return REGIONS.get(zone.split("/", maxsplit=1)[0], "Asia/Oceania")


def test_demo_spring_cohort_has_forty_accepted_people_without_a_seat(db):
    first, _ = load_demo()
    load_demo()  # idempotent

    spring = Cohort.objects.get(program=first.program, slug="spring-cohort")
    signups = list(spring.signups.select_related("user__availability"))
    assert len(signups) == 40
    assert {s.status for s in signups} == {Signup.Status.ACCEPTED}
    assert not Membership.objects.filter(cohort=spring).exists()
    assert spring.starts_on > first.ends_on
    mix = Counter(region(s.user.availability.zone) for s in signups)
    assert mix == {"Americas": 16, "Europe/Africa": 16, "Asia/Oceania": 8}
    assert all(s.user.availability.windows for s in signups)
    assert sum(s.role == Signup.Role.LEADER for s in signups) == 10


def test_demo_spring_cohort_can_be_grouped(db):
    first, _ = load_demo()
    spring = Cohort.objects.get(program=first.program, slug="spring-cohort")

    found = match_input(spring)
    formation = found.run(seconds=2)

    assert len(found.to_place) == 40
    assert found.history  # the first cohort's groups: a remix
    assert formation.placed >= 36
    assert formation.placed == formation.upper_bound
