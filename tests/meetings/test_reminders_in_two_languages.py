"""One call, one reminder, two languages: each member reads it in their own, on their own clock.

Alice leads from New York and never chose a language (her program speaks English); Chloé in
Paris chose French. The same reminder of the same call reaches both over real SMTP, worded
for each, whoever caused it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from django.utils import timezone

from hotseat.masterminds.models import Mastermind
from hotseat.meetings.actions import schedule as actions
from hotseat.meetings.models import Meeting
from hotseat.meetings.notices.meetings import MEETING_REMINDER
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.emails import message_id
from hotseat.notify.models import Notification
from tests.groups import seated_group
from tests.languages import english_in, english_words_in, french_in, sentences_in
from tests.meetings.groups import NOON, TUESDAY


@pytest.fixture
def spring(program, alice, bob, chloe, dev) -> Mastermind:
    """Alice (New York) leads Bob, Chloé (French), Dev; Tuesdays at noon New York from 2 March 2027."""
    chloe.language = "fr"
    chloe.display_name = "Chloé"
    chloe.save()
    mastermind = seated_group(program, alice, [bob, chloe, dev], title="Forums de quartier")
    actions.pick_slot(mastermind, weekday=TUESDAY, minute=NOON, zone="America/New_York", duration_minutes=60, by=alice)
    return mastermind


def plain(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def rich(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("html",)).get_content()


def deliver(now: datetime) -> None:
    while deliver_due("test", now=now).claimed:
        pass


def send_the_day_before_reminders(mastermind: Mastermind, inbox) -> None:
    """What the worker sends 23 hours before the first call: the day-before reminder of each member."""
    deliver(timezone.now())  # the news that a time was picked, sent at once
    inbox.messages.clear()
    first = Meeting.objects.get(mastermind=mastermind, number=1)
    deliver(first.starts_at - timedelta(hours=23))


def reminder_to(person, inbox) -> EmailMessage:
    """The reminder mail `person` got (Alice, first in the hot seat, also got her nudge)."""
    (row,) = Notification.objects.filter(kind=MEETING_REMINDER, recipient=person, state=Notification.State.SENT)
    (mail,) = [m for m in inbox.to(person.email) if m["Message-ID"] == message_id(row.key)]
    return mail


def test_the_same_reminder_reaches_each_member_in_their_language_and_on_their_clock(spring, alice, chloe, smtp_inbox):
    send_the_day_before_reminders(spring, smtp_inbox)

    to_chloe = reminder_to(chloe, smtp_inbox)
    to_alice = reminder_to(alice, smtp_inbox)
    french_subject, english_subject = str(to_chloe["Subject"]), str(to_alice["Subject"])
    assert french_subject != english_subject

    # Chloé: French only, her Paris clock (noon in New York is 18:00 in Paris on 2 March).
    assert english_in(rich(to_chloe)) == []
    assert english_words_in(rich(to_chloe)) == []
    assert sentences_in(plain(to_chloe) + " " + french_subject, "en") == []
    assert "mardi 2 mars" in plain(to_chloe)
    assert "18:00" in plain(to_chloe)
    assert sentences_in(plain(to_chloe), "fr")

    # Alice: English only, her New York clock.
    assert french_in(rich(to_alice)) == []
    assert sentences_in(plain(to_alice) + " " + english_subject, "fr") == []
    assert "Tuesday 2 March" in plain(to_alice)
    assert "12:00" in plain(to_alice)
