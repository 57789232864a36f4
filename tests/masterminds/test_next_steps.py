"""The end of a cohort: the "cohort ending" notice, the answer page, and how the next proposal uses the answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds.actions import leave_seat
from hotseat.masterminds.actions.next_steps import answer_next_step, sync_cohort_ending
from hotseat.masterminds.errors import BoardError
from hotseat.masterminds.models import Mastermind, Membership, NextStep
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import Notification
from hotseat.proposals.actions import current_draft, propose_groups
from hotseat.proposals.draft import group_people
from tests.clients import signed_in
from tests.factories import CohortFactory, MastermindFactory, SignupFactory, UserFactory, seat
from tests.groups import full_group
from tests.masterminds.crowds import KOLKATA_NIGHT, NEW_YORK, PARIS, person
from tests.notify.conftest import mail_server, smtp_inbox  # noqa: F401 (fixtures: a real SMTP server)


def ending_cohort(program, weeks_ago: int):
    """A 10-week cohort that started `weeks_ago` weeks ago."""
    return CohortFactory(program=program, starts_on=timezone.localdate() - timedelta(weeks=weeks_ago), weeks=10)


@pytest.fixture
def group(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice's running group in a cohort in its last two weeks (it started 9 weeks ago)."""
    mastermind = MastermindFactory(cohort=ending_cohort(program, 9), state=Mastermind.State.RUNNING)
    seat(mastermind, alice, Membership.Role.LEADER)
    for member in (bob, chloe, dev):
        seat(mastermind, member)
    return mastermind


def test_cohort_ending_notice_is_due_at_nine_on_each_members_clock_once(group, alice, chloe):
    sync_cohort_ending(group)
    sync_cohort_ending(group)  # idempotent

    rows = Notification.objects.filter(kind="cohort_ending")
    assert rows.count() == 4
    opens = group.cohort.starts_on + timedelta(weeks=8)
    assert rows.get(recipient=alice).due_at == datetime(opens.year, opens.month, opens.day, 14, tzinfo=UTC)  # 09:00 EST
    assert rows.get(recipient=chloe).due_at == datetime(opens.year, opens.month, opens.day, 8, tzinfo=UTC)  # 09:00 CET
    assert "ends soon: what next for" in rows.get(recipient=alice).subject


def test_cohort_ending_notice_is_called_off_for_someone_who_left(group, bob):
    sync_cohort_ending(group)
    Membership.objects.filter(mastermind=group, user=bob).update(left_at=timezone.now())

    sync_cohort_ending(group)

    assert Notification.objects.get(kind="cohort_ending", recipient=bob).state == Notification.State.CANCELLED


def test_cohort_ending_email_links_to_the_answer_page(group, alice, smtp_inbox):  # noqa: F811
    answer_next_step(group, alice, NextStep.Choice.REMIX)
    sync_cohort_ending(group)  # due a week ago: goes out with the next sweep

    deliver_due("test")

    (message,) = smtp_inbox.to(alice.email)
    assert f"ends soon: what next for {group}?" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "Continue with this group" in text
    assert "Your answer so far: Remix me into a new group." in text
    assert f"/m/{group.pk}/next/" in text
    assert len(smtp_inbox.messages) == 4


def test_next_step_page_is_for_members_and_organizers(group, alice, erin, organizer):
    url = reverse("next_step", args=[group.pk])
    other = MastermindFactory(cohort=group.cohort)
    seat(other, erin, Membership.Role.LEADER)

    assert Client().get(url).status_code == 302
    assert signed_in(UserFactory()).get(url).status_code == 404
    assert signed_in(erin).get(url).status_code == 404  # a member of another group
    assert signed_in(erin).post(url, {"choice": "pause"}).status_code == 404
    assert signed_in(alice).get(url).status_code == 200
    organizers_view = signed_in(organizer)
    assert organizers_view.get(url).status_code == 200
    assert organizers_view.post(url, {"choice": "pause"}).status_code == 404  # organizers see, members answer
    assert not NextStep.objects.exists()


def test_member_answers_and_changes_their_answer(group, bob):
    client = signed_in(bob)
    url = reverse("next_step", args=[group.pk])

    client.post(url, {"choice": "continue"})
    response = client.post(url, {"choice": "pause"}, follow=True)

    assert NextStep.objects.get(mastermind=group, user=bob).choice == NextStep.Choice.PAUSE
    assert "Bob: Pause for a cohort" in response.content.decode()


def test_answers_wait_for_the_last_two_weeks(program, alice, bob):
    early = MastermindFactory(cohort=ending_cohort(program, 2), state=Mastermind.State.RUNNING)
    seat(early, alice, Membership.Role.LEADER)
    seat(early, bob)

    response = signed_in(bob).post(reverse("next_step", args=[early.pk]), {"choice": "remix"})

    assert response.status_code == 400
    assert "You can answer from" in response.content.decode()
    assert not NextStep.objects.exists()
    with pytest.raises(BoardError, match="Pick one of the three answers"):
        answer_next_step(early, bob, "stay forever")


def test_next_proposal_keeps_continuing_groups_together_leaves_pausing_people_out(program, organizer):
    past = ending_cohort(program, 9)
    ana, ben, cal, dee = (person(past, n, NEW_YORK, leads=n == "Ana") for n in ("Ana", "Ben", "Cal", "Dee"))
    eve, fay, gus, hal = (person(past, n, PARIS, leads=n == "Eve") for n in ("Eve", "Fay", "Gus", "Hal"))
    first = MastermindFactory(cohort=past, state=Mastermind.State.RUNNING)
    second = MastermindFactory(cohort=past, state=Mastermind.State.RUNNING)
    for mastermind, people in ((first, (ana, ben, cal, dee)), (second, (eve, fay, gus, hal))):
        seat(mastermind, people[0], Membership.Role.LEADER)
        for member in people[1:]:
            seat(mastermind, member)
    answers = {ana: "continue", ben: "continue", cal: "remix", dee: "pause", eve: "remix", fay: "remix"}
    for user, choice in answers.items():
        answer_next_step(first if user in (ana, ben, cal, dee) else second, user, choice)
    # Everyone signs up for the next cohort, plus two newcomers.
    following = CohortFactory(program=program, starts_on=past.ends_on + timedelta(weeks=2))
    for user in (ana, ben, cal, dee, eve, fay, gus, hal):
        SignupFactory(cohort=following, user=user, role="leader" if user in (ana, eve) else "member")
    person(following, "Ivy", NEW_YORK, leads=True)
    person(following, "Jon", PARIS)

    propose_groups(following, organizer)

    draft = current_draft(following).data
    assert draft["mode"] == "remix"
    assert draft["paused"] == [str(dee.pk)]
    placed = {pid: g["key"] for g in draft["groups"] for pid in group_people(g)}
    assert str(dee.pk) not in placed
    assert placed[str(ana.pk)] == placed[str(ben.pk)]  # they continue together
    page = signed_in(organizer).get(reverse("propose", args=[program.slug, following.slug])).content.decode()
    assert "Pausing this cohort (1)" in page
    assert "Dee" in page


def test_a_continuing_pair_with_no_common_hours_is_seated_apart_with_a_note_in_names(program, organizer):
    past = ending_cohort(program, 9)
    ana = person(past, "Ana", NEW_YORK, leads=True)
    nila = person(past, "Nila", KOLKATA_NIGHT)
    group = MastermindFactory(cohort=past, state=Mastermind.State.RUNNING)
    seat(group, ana, Membership.Role.LEADER)
    seat(group, nila)
    for user in (ana, nila):
        answer_next_step(group, user, NextStep.Choice.CONTINUE)
    following = CohortFactory(program=program, starts_on=past.ends_on + timedelta(weeks=2))
    for user in (ana, nila):
        SignupFactory(cohort=following, user=user, role="leader" if user is ana else "member")
    for name in ("Ben", "Cal", "Dee"):
        person(following, name, NEW_YORK)

    propose_groups(following, organizer)

    page = signed_in(organizer).get(reverse("propose", args=[program.slug, following.slug])).content.decode()
    assert "Ana, Nila asked to stay together but share no slot, so they are seated separately." in page


def test_cohort_endings_command_writes_each_notice_once(group):
    out = StringIO()

    call_command("cohort_endings", stdout=out)
    call_command("cohort_endings", stdout=StringIO())

    assert "1 group checked." in out.getvalue()
    assert Notification.objects.filter(kind="cohort_ending").count() == 4


def test_manage_page_counts_the_answers_of_current_members(group, alice, bob, chloe, organizer):
    answer_next_step(group, alice, NextStep.Choice.CONTINUE)
    answer_next_step(group, bob, NextStep.Choice.CONTINUE)
    answer_next_step(group, chloe, NextStep.Choice.PAUSE)
    # Chloe left: her answer no longer counts.
    Membership.objects.filter(mastermind=group, user=chloe).update(left_at=timezone.now())
    cohort = group.cohort

    page = signed_in(organizer).get(reverse("manage", args=[cohort.program.slug, cohort.slug])).content.decode()

    assert "2 of 3 answered." in page
    assert "<li>Continue with this group: 2</li>" in page
    assert "<li>Pause for a cohort: 0</li>" in page
    assert reverse("next_step", args=[group.pk]) in page


def test_group_formed_on_the_board_is_asked_near_its_end_and_someone_leaving_is_not(cohort, alice, bob, chloe, dev):
    full_group(cohort, alice, bob, chloe, dev)
    pending = Notification.objects.filter(kind="cohort_ending", state=Notification.State.PENDING)
    assert {n.recipient for n in pending} == {alice, bob, chloe, dev}

    leave_seat(cohort, bob)

    assert Notification.objects.get(kind="cohort_ending", recipient=bob).state == Notification.State.CANCELLED
