"""Every change to masterminds and seats. One transaction each, rows locked where people race.

The room is a package by concept: ``seats`` (lead, take, leave, capacity, withdraw), ``waitlist``
(join, leave, hold open seats, pass lapsed holds on), ``organizer`` (move, remove, merge, end) and
``invitations`` (accept or decline a seat an organizer's sheet offered). Callers import the actions from here.
"""

from hotseat.masterminds.actions.invitations import accept_invitation, decline_invitation
from hotseat.masterminds.actions.organizer import end_mastermind, merge_masterminds, move_person, remove_person
from hotseat.masterminds.actions.seats import (
    lead_mastermind,
    leave_seat,
    refresh_state,
    set_capacity,
    take_seat,
    withdraw_signup,
)
from hotseat.masterminds.actions.waitlist import (
    OFFER_HOURS,
    join_waitlist,
    leave_waitlist,
    offer_open_seats,
    pass_on_lapsed_holds,
)

__all__ = [
    "OFFER_HOURS",
    "accept_invitation",
    "decline_invitation",
    "end_mastermind",
    "join_waitlist",
    "lead_mastermind",
    "leave_seat",
    "leave_waitlist",
    "merge_masterminds",
    "move_person",
    "offer_open_seats",
    "pass_on_lapsed_holds",
    "refresh_state",
    "remove_person",
    "set_capacity",
    "take_seat",
    "withdraw_signup",
]
