"""What the sign-up board shows, gathered in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.access import Viewer
from hotseat.programs.models import Cohort, Signup


@dataclass
class Card:
    mastermind: Mastermind
    leader: Membership | None
    members: list[Membership]
    held: list[Signup]
    open_seats: int
    waiting: int = 0

    @property
    def taken(self) -> int:
        return len(self.members) + (1 if self.leader else 0)

    @property
    def open_range(self) -> range:
        return range(self.open_seats)


@dataclass
class Board:
    cohort: Cohort
    cards: list[Card]
    waitlist: list[Signup]
    signup: Signup | None = None
    seat: Membership | None = None
    signup_open: bool = True
    viewer_offer: Signup | None = None
    past: list[Mastermind] = field(default_factory=list)

    @property
    def can_act(self) -> bool:
        return self.signup is not None and self.signup.can_use_board

    @property
    def waitlist_position(self) -> int | None:
        if self.signup is None:
            return None
        for index, entry in enumerate(self.waitlist, start=1):
            if entry.pk == self.signup.pk:
                return index
        return None


def build_board(cohort: Cohort, viewer: Viewer, now: datetime, *, only: Collection[int] | None = None) -> Board:
    """The board, or with `only` its cards of these masterminds alone (and the whole waitlist)."""
    seats = Prefetch(
        "memberships",
        queryset=Membership.objects.seated().select_related("user").order_by("joined_at", "pk"),
        to_attr="seated",
    )
    groups = cohort.masterminds.all() if only is None else cohort.masterminds.filter(pk__in=only)
    masterminds = list(groups.prefetch_related(seats).order_by("number"))
    queue = list(
        cohort.signups.filter(
            Q(status=Signup.Status.WAITLISTED) | Q(offer_mastermind__isnull=False, offer_expires_at__gt=now)
        )
        # waitlist_mastermind: the waitlist names each entry's group without a loop over the cards.
        .select_related("user", "waitlist_mastermind")
        .order_by("waitlisted_at", "pk")
    )
    held_by_group: dict[int, list[Signup]] = {}
    waiting_by_group: dict[int, int] = {}
    for entry in queue:
        if entry.holds_offer(now) and entry.offer_mastermind_id is not None:
            held_by_group.setdefault(entry.offer_mastermind_id, []).append(entry)
        if entry.waitlist_mastermind_id is not None:
            waiting_by_group[entry.waitlist_mastermind_id] = waiting_by_group.get(entry.waitlist_mastermind_id, 0) + 1
    cards: list[Card] = []
    past: list[Mastermind] = []
    for m in masterminds:
        if m.state == Mastermind.State.DISBANDED:
            past.append(m)
            continue
        seated: list[Membership] = m.seated  # type: ignore[attr-defined]  # the Prefetch to_attr above
        leader = next((s for s in seated if s.is_leader), None)
        members = [s for s in seated if not s.is_leader]
        held = held_by_group.get(m.pk, [])
        open_seats = max(0, m.capacity - len(seated) - len(held)) if m.is_open else 0
        cards.append(Card(m, leader, members, held, open_seats, waiting_by_group.get(m.pk, 0)))
    board = Board(cohort, cards, [e for e in queue if e.status == Signup.Status.WAITLISTED], past=past)
    board.signup_open = cohort.signup_open(now)
    if isinstance(viewer, User):
        board.signup = next((e for e in queue if e.user_id == viewer.pk), None) or (
            cohort.signups.filter(user=viewer).first()
        )
        board.seat = next(
            (s for card in cards for s in [card.leader, *card.members] if s is not None and s.user_id == viewer.pk),
            None,
        )
        if board.signup is not None and board.signup.holds_offer(now):
            board.viewer_offer = board.signup
    return board


def viewer_groups(cohort: Cohort, viewer: User, now: datetime) -> set[int]:
    """The masterminds whose card this viewer sees differently: their seat's, held seat's, awaited group's.

    Every other card looks the same to everyone who may (or may not) take a seat: the signed-in
    board serves those from the cache (masterminds/views/board.py) and renders these for the viewer.
    """
    groups = set(Membership.objects.seated().filter(user=viewer, cohort=cohort).values_list("mastermind_id", flat=True))
    signup = cohort.signups.filter(user=viewer).first()
    if signup is not None:
        if signup.waitlist_mastermind_id is not None:
            groups.add(signup.waitlist_mastermind_id)
        if signup.holds_offer(now) and signup.offer_mastermind_id is not None:
            groups.add(signup.offer_mastermind_id)
    return groups
