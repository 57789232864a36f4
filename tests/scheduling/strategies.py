"""Hypothesis strategies for the scheduling core, and the settings its properties run with."""

from __future__ import annotations

from datetime import date

from hypothesis import settings
from hypothesis import strategies as st

from hotseat.scheduling import Availability, Member, Window

# No deadline: a search's time depends on the zones drawn and on the machine's load, not on correctness.
PROPERTY = settings(deadline=None, max_examples=60)

# Zones with something to say: both hemispheres' DST, half- and quarter-hour offsets,
# Lord Howe's 30-minute DST, changes at midnight (Havana, Santiago, Beirut, Cairo), Dublin's
# "negative" DST, Casablanca's Ramadan changes, and zones without DST.
ZONES = (
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Santiago",
    "America/Havana",
    "Europe/Paris",
    "Europe/London",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Africa/Cairo",
    "Asia/Beirut",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Apia",
)

zones = st.sampled_from(ZONES)
cohort_starts = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
weekdays = st.integers(min_value=0, max_value=6)


@st.composite
def availabilities(draw: st.DrawFn, zone: str | None = None, cell: int = 30) -> Availability:
    """Random windows on a grid of `cell` minutes: up to three runs of cells a weekday, joined where they meet."""
    chosen_zone = zone or draw(zones)
    cells_per_day = 1440 // cell
    found = []
    for weekday in range(7):
        runs = draw(st.lists(st.tuples(st.integers(0, cells_per_day - 1), st.integers(1, cells_per_day)), max_size=3))
        cells = sorted({c for first, length in runs for c in range(first, min(first + length, cells_per_day))})
        run_start = None
        for index, current in enumerate(cells):
            if run_start is None:
                run_start = current
            if index + 1 == len(cells) or cells[index + 1] != current + 1:
                found.append(Window(weekday, run_start * cell, (current + 1) * cell))
                run_start = None
    return Availability(chosen_zone, tuple(found))


@st.composite
def groups(draw: st.DrawFn, min_size: int = 1, max_size: int = 4) -> list[Member]:
    """Members with distinct ids, random zones and random availability."""
    size = draw(st.integers(min_size, max_size))
    return [Member(f"m{index}", draw(availabilities())) for index in range(size)]
