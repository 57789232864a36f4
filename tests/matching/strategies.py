"""Hypothesis strategies and small populations for the matching core."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import settings
from hypothesis import strategies as st

from hotseat.matching import Person, Rules
from hotseat.scheduling import Availability, Window

PROPERTY = settings(deadline=None, max_examples=40)
# The cohort crosses the US (14 March) and EU (28 March) clock changes.
START = date(2027, 3, 1)
WEEKS = 4
ZONES = ("America/New_York", "America/Los_Angeles", "Europe/Paris", "Europe/London", "Asia/Kolkata")
# Hours people give, on their own clock: mornings, lunch, evenings, a late one.
HOURS = (7, 8, 12, 17, 18, 19, 20, 22)


@st.composite
def people(draw: st.DrawFn, min_size: int = 1, max_size: int = 12) -> list[Person]:
    """People in a few zones, each free a few hours on some weekdays, about a third volunteering to lead."""
    count = draw(st.integers(min_size, max_size))
    found = []
    for index in range(count):
        windows = []
        for weekday in range(5):
            if draw(st.booleans()):
                start = draw(st.sampled_from(HOURS))
                length = draw(st.integers(1, 3))
                windows.append(Window(weekday, start * 60, min(24, start + length) * 60))
        zone = draw(st.sampled_from(ZONES))
        leads = draw(st.integers(0, 2)) == 0
        found.append(Person(f"p{index}", Availability(zone, tuple(windows)), leads))
    return found


@st.composite
def rules(draw: st.DrawFn) -> Rules:
    """Group rules with small sizes and hourly candidate slots (fast to search exhaustively)."""
    low = draw(st.integers(2, 3))
    high = draw(st.integers(max(low, 3), 6))
    return Rules(target=draw(st.integers(low, min(high, 4))), min_size=low, max_size=high, step_minutes=60)


def random_people(rng: random.Random, count: int) -> list[Person]:
    """The same kind of people as :func:`people`, from a seeded generator (for loops over many instances)."""
    found = []
    for index in range(count):
        windows = []
        for weekday in range(5):
            if rng.random() < 0.6:
                start = rng.choice(HOURS)
                windows.append(Window(weekday, start * 60, min(24, start + rng.randint(1, 3)) * 60))
        found.append(Person(f"p{index}", Availability(rng.choice(ZONES), tuple(windows)), rng.random() < 0.35))
    return found


def random_rules(rng: random.Random) -> Rules:
    """Rules like :func:`rules`, from a seeded generator."""
    low = rng.choice([2, 3, 3])
    high = max(low, rng.choice([low + 1, 4, 5, 6]))
    return Rules(target=max(low, min(4, high)), min_size=low, max_size=high, step_minutes=60)


def everyone_free(name: str, zone: str = "Europe/Paris", *, leads: bool = False) -> Person:
    """Someone free every weekday 08:00-20:00 on their clock."""
    windows = tuple(Window(day, 8 * 60, 20 * 60) for day in range(5))
    return Person(name, Availability(zone, windows), leads)
