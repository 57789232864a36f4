"""A mastermind's own pages are for its members and the program's organizers; everyone else gets 404.

The ``get_*_or_404`` helpers return the viewer's :class:`Role` with the mastermind, read once per
request, so views and the panels they build do not ask the database again who the viewer is.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Role:
    """What one person is in one mastermind."""

    user_id: int | None
    is_member: bool
    is_leader: bool
    is_organizer: bool

    @property
    def may_see(self) -> bool:
        """Members and the program's organizers see the group's pages."""
        return self.is_member or self.is_organizer

    @property
    def may_lead(self) -> bool:
        """The leader, or an organizer for them, changes the calls and the rotation's order."""
        return self.is_leader or self.is_organizer


def role_in(user: Viewer, mastermind: Mastermind) -> Role:
    if not user.is_authenticated:
        return Role(None, is_member=False, is_leader=False, is_organizer=False)
    membership = active_membership(user, mastermind)
    return Role(
        user.pk,
        is_member=membership is not None,
        is_leader=membership is not None and membership.is_leader,
        is_organizer=is_organizer(user, mastermind.cohort.program),
    )


def can_see_mastermind(user: Viewer, mastermind: Mastermind) -> bool:
    return role_in(user, mastermind).may_see


def get_mastermind_or_404(user: Viewer, mastermind_id: int) -> tuple[Mastermind, Role]:
    """The mastermind and the viewer's role in it, if `user` sits in it or organizes its program."""
    mastermind = Mastermind.objects.select_related("cohort__program").filter(pk=mastermind_id).first()
    if mastermind is None:
        raise Http404
    role = role_in(user, mastermind)
    if not role.may_see:
        raise Http404
    return mastermind, role


def get_led_mastermind_or_404(user: Viewer, mastermind_id: int) -> tuple[Mastermind, Role]:
    """The mastermind and the viewer's role, if `user` leads it or organizes its program."""
    mastermind, role = get_mastermind_or_404(user, mastermind_id)
    if not role.may_lead:
        raise Http404
    return mastermind, role


def members_of(mastermind: Mastermind) -> list[User]:
    """Everyone seated, leader first."""
    # "leader" sorts before "member".
    seats = mastermind.memberships.seated().select_related("user").order_by("role", "joined_at")
    return [seat.user for seat in seats]


def get_board_mastermind_or_404(cohort: Cohort, mastermind_id: int) -> Mastermind:
    """A mastermind of ``cohort``'s board (boards are public)."""
    return get_object_or_404(Mastermind, pk=mastermind_id, cohort=cohort)
