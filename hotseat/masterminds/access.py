"""A mastermind's own pages are for its members and the program's organizers; everyone else gets 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from hotseat.accounts.models import User
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.access import Viewer, is_organizer
from hotseat.programs.models import Cohort


def active_membership(user: Viewer, mastermind: Mastermind) -> Membership | None:
    if not user.is_authenticated:
        return None
    return mastermind.memberships.seated().filter(user=user).first()


def can_see_mastermind(user: Viewer, mastermind: Mastermind) -> bool:
    return active_membership(user, mastermind) is not None or is_organizer(user, mastermind.cohort.program)


def get_mastermind_or_404(user: Viewer, mastermind_id: int) -> Mastermind:
    """The mastermind, if `user` sits in it or organizes its program."""
    mastermind = Mastermind.objects.select_related("cohort__program").filter(pk=mastermind_id).first()
    if mastermind is None or not can_see_mastermind(user, mastermind):
        raise Http404
    return mastermind


def get_led_mastermind_or_404(user: Viewer, mastermind_id: int) -> Mastermind:
    """The mastermind, if `user` leads it or organizes its program (they may change its schedule)."""
    mastermind = get_mastermind_or_404(user, mastermind_id)
    membership = active_membership(user, mastermind)
    if (membership is None or not membership.is_leader) and not is_organizer(user, mastermind.cohort.program):
        raise Http404
    return mastermind


def members_of(mastermind: Mastermind) -> list[User]:
    """Everyone seated, leader first."""
    # "leader" sorts before "member".
    seats = mastermind.memberships.seated().select_related("user").order_by("role", "joined_at")
    return [seat.user for seat in seats]


def get_board_mastermind_or_404(cohort: Cohort, mastermind_id: int) -> Mastermind:
    """A mastermind of ``cohort``'s board (boards are public)."""
    return get_object_or_404(Mastermind, pk=mastermind_id, cohort=cohort)
