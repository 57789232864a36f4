"""Every change to a cohort's proposal: make it, move people in it, discard it, publish it to the board.

Nothing on the board changes until :func:`publish_proposal`, which does it all in one
transaction: it re-checks the draft against the board as it is now (locking the signups
and masterminds involved), then creates the masterminds and seats, sets each new group's
weekly call and writes the notifications. Any conflict refuses the whole publication.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hotseat.accounts.models import User, WeeklyAvailability
from hotseat.core_messages import in_language
from hotseat.masterminds.actions import refresh_state
from hotseat.masterminds.actions.next_steps import sync_cohort_ending
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.masterminds.seats import active_memberships
from hotseat.masterminds.signals import seats_changed
from hotseat.matching import MatchingError, Person
from hotseat.meetings.actions.schedule import pick_slot
from hotseat.meetings.errors import ScheduleError
from hotseat.meetings.models import Schedule
from hotseat.meetings.reminders import sync_reminders
from hotseat.notify.actions import notify
from hotseat.programs.board_cache import bump_board
from hotseat.programs.models import Cohort, Signup
from hotseat.proposals.draft import (
    Draft,
    ProposalError,
    Roster,
    draft_of,
    group_people,
    move,
    newcomers,
    people_in,
    problems,
    slot_label,
    slot_of,
)
from hotseat.proposals.input import MEETING_MINUTES, VOLUNTEER_ROLES, availability_of, match_input, rules_of
from hotseat.proposals.models import GroupProposal


def current_draft(cohort: Cohort) -> GroupProposal | None:
    return GroupProposal.objects.filter(cohort=cohort, state=GroupProposal.State.DRAFT).first()


def roster_of(cohort: Cohort, draft: Draft) -> tuple[Roster, dict[str, User]]:
    """The people of a draft as they are now (their current hours), and the users behind the ids. Four queries."""
    ids = {int(pid) for pid in [*people_in(draft), *draft.get("paused", [])]}
    users = {str(u.pk): u for u in User.objects.filter(pk__in=ids)}
    stored = {a.user_id: a for a in WeeklyAvailability.objects.filter(user_id__in=ids)}
    volunteers = set(
        Signup.objects.filter(cohort=cohort, user_id__in=ids, role__in=VOLUNTEER_ROLES).values_list(
            "user_id", flat=True
        )
    )
    people = {
        pid: Person(pid, availability_of(user, stored.get(user.pk)), user.pk in volunteers)
        for pid, user in users.items()
    }
    names = {pid: user.name for pid, user in users.items()}
    return Roster(people, names, rules_of(cohort), cohort.starts_on, cohort.weeks), users


def _locked_draft(proposal: GroupProposal, revision: int | None) -> GroupProposal:
    # of=self: locking the joined cohort here would take it ahead of the board's own order.
    locked = GroupProposal.objects.select_for_update(of=("self",)).select_related("cohort__program").get(pk=proposal.pk)
    if locked.state != GroupProposal.State.DRAFT:
        if locked.state == GroupProposal.State.PUBLISHED:
            raise ProposalError(gettext("This proposal was published meanwhile: start a new one."))
        raise ProposalError(gettext("This proposal was discarded meanwhile: start a new one."))
    if revision is not None and revision != locked.revision:
        raise ProposalError(
            gettext(
                "This proposal changed since you opened it (another organizer, or another tab)."
                " Here it is as it is now: make your change again."
            )
        )
    return locked


def propose_groups(
    cohort: Cohort, by: User, *, seconds: float | None = None, now: datetime | None = None
) -> GroupProposal:
    """Run the matching for the cohort as the board is now and save it as the cohort's draft (replacing any).

    The matching runs outside any transaction (it may take seconds, and the board must not
    wait for it); the board may change meanwhile, which publishing checks anyway.
    """
    cohort = Cohort.objects.select_related("program").get(pk=cohort.pk)
    found = match_input(cohort)
    if not found.to_place:
        if found.paused:
            raise ProposalError(
                gettext(
                    "Nobody to place: every accepted person in this cohort already has a seat,"
                    " or asked to pause (%(paused)d)."
                )
                % {"paused": len(found.paused)}
            )
        raise ProposalError(gettext("Nobody to place: every accepted person in this cohort already has a seat."))
    if not found.volunteers and not found.fixed:
        raise ProposalError(
            gettext(
                "Nobody volunteered to lead, and no group on the board has a leader: no mastermind can be formed."
                " Ask a few people to lead (their signup's role), or start a group on the board first."
            )
        )
    try:
        formation = found.run() if seconds is None else found.run(seconds=seconds)
    except MatchingError as exc:
        raise ProposalError(
            gettext("The proposal could not be made: %(problem)s") % {"problem": in_language(exc)}
        ) from None
    draft = draft_of(
        formation,
        mode="remix" if found.history else "form",
        paused=found.paused,
        fixed=found.fixed,
        fixed_masterminds=found.fixed_masterminds,
    )
    with transaction.atomic():
        # One draft per cohort: two organizers starting over at once take turns on the cohort row.
        Cohort.objects.lock().filter(pk=cohort.pk).first()
        GroupProposal.objects.filter(cohort=cohort, state=GroupProposal.State.DRAFT).update(
            state=GroupProposal.State.DISCARDED, closed_at=now or timezone.now()
        )
        return GroupProposal.objects.create(cohort=cohort, data=draft, created_by=by)


@transaction.atomic
def move_in_proposal(
    proposal: GroupProposal, person: str, to: str, *, as_leader: bool = False, revision: int | None = None
) -> GroupProposal:
    """Move someone in the draft (see proposals.move); the board does not change."""
    proposal = _locked_draft(proposal, revision)
    roster, _ = roster_of(proposal.cohort, proposal.data)
    proposal.data = move(proposal.data, person, to, as_leader=as_leader, roster=roster)
    proposal.revision += 1
    proposal.save(update_fields=["data", "revision", "updated_at"])
    return proposal


@transaction.atomic
def discard_proposal(
    proposal: GroupProposal, revision: int | None = None, *, now: datetime | None = None
) -> GroupProposal:
    proposal = _locked_draft(proposal, revision)
    proposal.state = GroupProposal.State.DISCARDED
    proposal.closed_at = now or timezone.now()
    proposal.save(update_fields=["state", "closed_at", "updated_at"])
    return proposal


def _conflicts(cohort: Cohort, draft: Draft, users: dict[str, User]) -> list[str]:
    """What changed on the board since the draft was made, in plain words.

    Called with the cohort row locked, which take_seat also locks first: a seat taken at
    the same moment is either already there or waits for the publication. lead_mastermind
    locks the signup before the cohort, so the signups are locked without waiting: a
    signup someone is acting on right now refuses the publication instead of deadlocking.
    """
    found = []
    boards = {
        m.pk: m
        for m in Mastermind.objects.lock()
        .filter(pk__in=[g["mastermind"] for g in draft["groups"] if g["mastermind"]])
        .order_by("pk")
    }
    new_seats = {pid for g in draft["groups"] for pid in group_people(g) if pid not in g["seated"]}
    try:
        signups = {
            str(s.user_id): s
            for s in Signup.objects.select_for_update(nowait=True)
            .filter(cohort=cohort, user_id__in=[int(p) for p in new_seats])
            .order_by("pk")
        }
    except DatabaseError:
        raise ProposalError(
            gettext(
                "Someone in this proposal is taking or leaving a seat on the board right now:"
                " publish again in a moment."
            )
        ) from None
    seated = {str(m.user_id): m for m in Membership.objects.seated().filter(cohort=cohort).select_related("mastermind")}
    for pid in sorted(new_seats, key=lambda p: users[p].name.lower() if p in users else p):
        name = users[pid].name if pid in users else gettext("Person %(id)s") % {"id": pid}
        signup = signups.get(pid)
        if pid in seated:
            found.append(
                gettext("%(name)s took a seat in %(mastermind)s meanwhile.")
                % {"name": name, "mastermind": seated[pid].mastermind}
            )
        elif signup is None or signup.status != Signup.Status.ACCEPTED:
            found.append(_signup_now(name, signup))
    for group in draft["groups"]:
        if not group["mastermind"]:
            continue
        board = boards.get(group["mastermind"])
        if board is None or not board.is_open:
            if board is None:
                found.append(gettext("A group on the board changed state meanwhile (deleted)."))
            else:
                found.append(
                    gettext("A group on the board changed state meanwhile (%(mastermind)s).") % {"mastermind": board}
                )
            continue
        now_seated = {pid for pid, m in seated.items() if m.mastermind_id == board.pk}
        if now_seated != set(group["seated"]):
            found.append(
                gettext("%(mastermind)s changed on the board meanwhile (people joined or left).")
                % {"mastermind": board}
            )
    return found


def _signup_now(name: str, signup: Signup | None) -> str:
    """Why a person of the draft can no longer be seated: their signup is no longer accepted."""
    sentences: dict[str, str] = {
        Signup.Status.PENDING: gettext("%(name)s's signup is pending review now."),
        Signup.Status.WAITLISTED: gettext("%(name)s's signup is on the waitlist now."),
        Signup.Status.DECLINED: gettext("%(name)s's signup is declined now."),
        Signup.Status.PLACED: gettext("%(name)s's signup is seated now."),
        Signup.Status.WITHDRAWN: gettext("%(name)s's signup is withdrawn now."),
    }
    sentence = sentences.get(signup.status) if signup is not None else None
    return (sentence or gettext("%(name)s's signup is gone now.")) % {"name": name}


def _seat(mastermind: Mastermind, user: User, role: str, signup: Signup) -> None:
    try:
        with transaction.atomic():
            Membership.objects.create(mastermind=mastermind, cohort=mastermind.cohort, user=user, role=role)
    except IntegrityError:
        raise ProposalError(
            gettext("%(name)s took a seat meanwhile: make a new proposal.") % {"name": user.name}
        ) from None
    signup.leave_queue(Signup.Status.PLACED)
    signup.save(update_fields=Signup.QUEUE_FIELDS)


def _set_meeting(mastermind: Mastermind, group: dict[str, Any], by: User, now: datetime) -> None:
    slot = slot_of(group)
    if slot is None or mastermind.state == Mastermind.State.FORMING:
        return
    if Schedule.objects.filter(mastermind=mastermind).exists():
        sync_reminders(mastermind, now)  # the newcomers get the call reminders
        return
    try:
        pick_slot(
            mastermind,
            weekday=slot.weekday,
            minute=slot.minute,
            zone=slot.zone,
            duration_minutes=MEETING_MINUTES,
            by=by,
        )
    except ScheduleError as exc:
        raise ProposalError(
            gettext("%(mastermind)s: its weekly call could not be set (%(problem)s)")
            % {"mastermind": mastermind, "problem": exc.message}
        ) from None


def _place(
    cohort: Cohort, group: dict[str, Any], users: dict[str, User], signups: dict[str, Signup], number: int
) -> Mastermind:
    leader = users[str(group["leader"])]
    members = [str(pid) for pid in group["members"]]
    slot = slot_of(group)
    mastermind = Mastermind.objects.create(
        cohort=cohort,
        number=number,
        title=gettext("%(name)s's group") % {"name": leader.name},
        preferred_times=slot_label(slot) if slot else "",
        capacity=max(cohort.program.group_size, 1 + len(members)),
    )
    _seat(mastermind, leader, Membership.Role.LEADER, signups[str(group["leader"])])
    for pid in members:
        _seat(mastermind, users[pid], Membership.Role.MEMBER, signups[pid])
    return mastermind


def _join(board: Mastermind, group: dict[str, Any], users: dict[str, User], signups: dict[str, Signup]) -> None:
    board.capacity = max(board.capacity, len(group_people(group)))
    board.save(update_fields=["capacity"])
    for pid in newcomers(group):
        _seat(board, users[pid], Membership.Role.MEMBER, signups[pid])


def _tell_newcomers(mastermind: Mastermind) -> None:
    """People added to a group that had already formed get "your mastermind formed" too (one per person, ever)."""
    if mastermind.state == Mastermind.State.FORMING:
        return
    for membership in active_memberships(mastermind):
        notify(
            "mastermind_formed",
            membership.user,
            key=f"mastermind_formed:m{mastermind.pk}:u{membership.user_id}",
            mastermind=mastermind,
        )


@transaction.atomic
def publish_proposal(
    proposal: GroupProposal, by: User, *, revision: int | None = None, now: datetime | None = None
) -> list[Mastermind]:
    """Put the draft on the board in one transaction, or refuse with what is wrong (and change nothing)."""
    now = now or timezone.now()
    proposal = _locked_draft(proposal, revision)
    cohort = Cohort.objects.lock().select_related("program").get(pk=proposal.cohort_id)
    draft = proposal.data
    roster, users = roster_of(cohort, draft)
    flagged = problems(draft, roster)
    if flagged:
        raise ProposalError(
            ngettext(
                "%(count)d group still breaks a rule (flagged below): fix it, or leave its people out,"
                " before publishing.",
                "%(count)d groups still break a rule (flagged below): fix them, or leave their people out,"
                " before publishing.",
                len(flagged),
            )
            % {"count": len(flagged)}
        )
    conflicts = _conflicts(cohort, draft, users)
    if conflicts:
        raise ProposalError(
            gettext("The board changed since this proposal was made: %(changes)s Make a new proposal.")
            % {"changes": " ".join(conflicts)}
        )
    bump_board(cohort.pk)
    signups = {str(s.user_id): s for s in Signup.objects.filter(cohort=cohort, status=Signup.Status.ACCEPTED)}
    number = cohort.masterminds.aggregate(n=Max("number"))["n"] or 0
    touched: list[tuple[Mastermind, dict[str, Any]]] = []
    for group in draft["groups"]:
        if group["mastermind"] and not newcomers(group):
            continue  # a board group the proposal leaves as it is
        if group["mastermind"]:
            board = Mastermind.objects.select_related("cohort__program").get(pk=group["mastermind"])
            _join(board, group, users, signups)
            touched.append((board, group))
        else:
            number += 1
            touched.append((_place(cohort, group, users, signups, number), group))
    for mastermind, group in touched:
        refresh_state(mastermind, now)  # forming -> formed: everybody gets "your mastermind formed"
        _tell_newcomers(mastermind)
        # Before the call is set: a board group's newcomers join its rotation and get its reminders,
        # while a new group has no call yet and pick_slot plans its turns and reminders once.
        seats_changed.send(sender=Mastermind, mastermind=mastermind, now=now)
        _set_meeting(mastermind, group, by, now)
        mastermind.refresh_from_db()
        sync_cohort_ending(mastermind)
    proposal.state = GroupProposal.State.PUBLISHED
    proposal.closed_at = now
    proposal.save(update_fields=["state", "closed_at", "updated_at"])
    return [m for m, _ in touched]


def pool(cohort: Cohort) -> set[str]:
    """The accepted people without a seat (whom a new proposal would place), as person ids."""
    seated = Membership.objects.seated().filter(cohort=cohort).values("user_id")
    accepted = Signup.objects.filter(cohort=cohort, status=Signup.Status.ACCEPTED).exclude(user_id__in=seated)
    return {str(user_id) for user_id in accepted.values_list("user_id", flat=True)}
