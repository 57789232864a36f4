"""The hot seat emails over real SMTP: the nudge before your turn, swap asked and answered, a new presenter."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat, timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import hot_seat
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from hotseat.meetings.notices.hot_seat import NUDGE_LEAD
from hotseat.meetings.notices.meetings import MEETING_REMINDER
from hotseat.notify import kinds
from hotseat.notify.dispatch import deliver_due
from tests.groups import seated_group
from tests.meetings.groups import NOON, TUESDAY

SECOND = timedelta(seconds=1)


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice leads Bob, Chloe and Dev; the rotation is Alice, Bob, Chloe, Dev, … from 2 March 2027."""
    mastermind = seated_group(program, alice, [bob, chloe, dev])
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


def week(mastermind: Mastermind, number: int) -> Meeting:
    return Meeting.objects.get(mastermind=mastermind, number=number)


def subject(mail: EmailMessage) -> str:
    """The subject as read (a long one is folded over two header lines)."""
    return " ".join(str(mail["Subject"]).split())


def plain(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def rich(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("html",)).get_content()


def on_clock(moment, zone: str) -> str:
    return dateformat.format(timezone.localtime(moment, ZoneInfo(zone)), "l j F, H:i T")


def deliver(now) -> None:
    while deliver_due("test", now=now).claimed:
        pass


def test_nudge_reaches_the_presenter_two_days_before_their_call(spring, bob, smtp_inbox):
    call = week(spring, 2)
    due = call.starts_at - NUDGE_LEAD
    deliver(due - SECOND)
    smtp_inbox.messages.clear()
    deliver(due - SECOND)
    assert not [m for m in smtp_inbox.messages if "hot seat" in m["Subject"]]

    deliver(due + SECOND)

    (mail,) = [m for m in smtp_inbox.messages if "hot seat" in m["Subject"]]
    assert mail["To"] == "bob@example.com"
    assert mail["Subject"].endswith(f"You're in the hot seat on Tuesday 9 March: {spring}")
    assert on_clock(call.starts_at, "America/Los_Angeles") in plain(mail)
    week_link = f"/m/{spring.pk}/weeks/2/"
    assert week_link in plain(mail)
    assert week_link in rich(mail)
    assert "List-Unsubscribe" in mail


def test_nudge_after_a_swap_goes_to_the_new_presenter_only(spring, bob, chloe, smtp_inbox):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)
    hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)
    call = week(spring, 2)
    deliver(call.starts_at - NUDGE_LEAD - SECOND)
    smtp_inbox.messages.clear()

    deliver(call.starts_at - NUDGE_LEAD + SECOND)

    nudged = [m["To"] for m in smtp_inbox.messages if "hot seat on" in m["Subject"]]
    assert nudged == ["chloe@example.com"]


def test_swap_asked_email_names_both_weeks_on_the_recipient_clock(
    spring, bob, chloe, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    (mail,) = smtp_inbox.to("chloe@example.com")
    assert subject(mail) == f"[hotseat] Bob asks to swap hot seat turns with you: {spring}"
    body = plain(mail)
    assert f"week 2 ({on_clock(week(spring, 2).starts_at, 'Europe/Paris')})" in body
    assert f"week 3 ({on_clock(week(spring, 3).starts_at, 'Europe/Paris')})" in body
    assert f"/m/{spring.pk}/" in rich(mail)


def test_swap_answered_email_goes_back_to_the_asker(spring, bob, chloe, smtp_inbox, django_capture_on_commit_callbacks):
    swap = hot_seat.ask_swap(spring, bob, mine=week(spring, 2).pk, theirs=week(spring, 3).pk)

    with django_capture_on_commit_callbacks(execute=True):
        hot_seat.answer_swap(spring, swap.pk, chloe, accept=True)

    (mail,) = smtp_inbox.to("bob@example.com")
    assert subject(mail) == f"[hotseat] Chloe accepted your hot seat swap: {spring}"
    assert "you now present in week 3" in plain(mail)


def test_defer_email_tells_the_group_who_presents_now(
    spring, alice, bob, chloe, dev, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hot_seat.defer_turn(spring, week(spring, 2).pk, bob)

    changed = [m for m in smtp_inbox.messages if m["Subject"].startswith("[hotseat] New presenter for week 2")]
    assert sorted(m["To"] for m in changed) == [
        "alice@example.com",
        "bob@example.com",
        "chloe@example.com",
        "dev@example.com",
    ]
    (to_chloe,) = [m for m in changed if m["To"] == "chloe@example.com"]
    assert "you are in the hot seat that week" in plain(to_chloe)
    (to_dev,) = [m for m in changed if m["To"] == "dev@example.com"]
    assert "Chloe is in the hot seat that week, and Bob presents in week 3" in plain(to_dev)


def test_call_reminder_context_says_who_presents_and_whether_it_is_you(spring, bob, chloe):
    refs = {"mastermind": spring, "meeting": week(spring, 2), "lead_hours": 24}
    context = kinds.get(MEETING_REMINDER).context

    assert (context(bob, refs)["presenter"], context(bob, refs)["presenting"]) == (bob, True)
    assert (context(chloe, refs)["presenter"], context(chloe, refs)["presenting"]) == (bob, False)
