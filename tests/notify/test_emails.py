import re

import pytest
from django.test import Client

from hotseat.masterminds import actions
from hotseat.masterminds.errors import BoardError
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import Notification
from hotseat.programs.actions import review_signup
from tests.factories import SignupFactory
from tests.notify.conftest import _free_port


def _parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_formed_email_reaches_every_member_over_smtp(
    smtp_inbox, cohort, alice, bob, chloe, dev, django_capture_on_commit_callbacks
):
    for person in (alice, bob, chloe, dev):
        SignupFactory(cohort=cohort, user=person)
    mastermind = actions.lead_mastermind(cohort, alice, title="Growing a forum")
    with django_capture_on_commit_callbacks(execute=True):
        for person in (bob, chloe, dev):
            actions.take_seat(mastermind, person)

    assert sorted(rcpt for _, (rcpt,) in smtp_inbox.envelopes) == sorted(p.email for p in (alice, bob, chloe, dev))
    by_recipient = {m["To"]: m for m in smtp_inbox.messages}
    text, html = _parts(by_recipient[bob.email])
    assert by_recipient[bob.email]["Subject"] == "[hotseat] Your mastermind formed: Group 1: Growing a forum"
    for person in (alice, bob, chloe, dev):
        assert person.name in text
        assert person.time_zone in text
        assert person.time_zone in html
    assert "your leader, Alice, will contact you" in text
    leader_text, _ = _parts(by_recipient[alice.email])
    assert "contact your group and pick a weekly call time" in leader_text


def test_email_links_open_the_board(smtp_inbox, cohort, erin, organizer, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "http://testserver"
    signup = SignupFactory(cohort=cohort, user=erin, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        review_signup(signup, organizer, decision="accepted", message="Welcome aboard, Erin!")

    (message,) = smtp_inbox.messages
    text, html = _parts(message)
    assert "Welcome aboard, Erin!" in text
    assert "Welcome aboard, Erin!" in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links
    for link in links:
        # The footer links to the notifications pages, which send a signed-out reader to log in first.
        response = Client().get(link.removeprefix("http://testserver"), follow=True)
        assert response.status_code == 200, link


def test_rolled_back_action_sends_nothing(smtp_inbox, cohort, alice, bob, django_capture_on_commit_callbacks):
    SignupFactory(cohort=cohort, user=alice)
    mastermind = actions.lead_mastermind(cohort, alice, title="Small", capacity=4)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(BoardError):
        actions.take_seat(mastermind, bob)  # bob never signed up: refused
    assert callbacks == []
    assert smtp_inbox.messages == []


def test_smtp_down_does_not_break_the_action(
    settings, cohort, alice, bob, organizer, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 2},
        }
    }
    signup = SignupFactory(cohort=cohort, user=bob, status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        review_signup(signup, organizer, decision="accepted")
    signup.refresh_from_db()
    assert signup.status == "accepted"
    assert "mail server unreachable" in caplog.text
    assert Notification.objects.get(recipient=bob).state == Notification.State.PENDING


def test_every_link_in_a_formed_email_works_for_its_recipient(smtp_inbox, cohort, alice, bob, chloe, dev, settings):
    settings.SITE_URL = "http://testserver"
    for person in (alice, bob, chloe, dev):
        SignupFactory(cohort=cohort, user=person)
    mastermind = actions.lead_mastermind(cohort, alice, title="Growing a forum")
    for person in (bob, chloe, dev):
        actions.take_seat(mastermind, person)
    deliver_due("test")
    (message,) = [m for m in smtp_inbox.messages if m["To"] == bob.email]
    text, html = _parts(message)
    links = set(re.findall(r'href="([^"]+)"', html)) | set(re.findall(r"http://testserver\S+", text))
    assert len(links) >= 4  # the board, the notifications page, unsubscribe, settings
    reader = Client()
    reader.force_login(bob)

    for link in links:
        assert reader.get(link.removeprefix("http://testserver")).status_code == 200, link


def test_plain_text_part_is_not_html_escaped(smtp_inbox, cohort, erin, organizer):
    signup = SignupFactory(cohort=cohort, user=erin, status="pending")
    review_signup(signup, organizer, decision="accepted", message="Tom & Jerry's <group> says hi")
    deliver_due("test")

    (message,) = smtp_inbox.messages
    text, html = _parts(message)
    assert "Tom & Jerry's <group> says hi" in text
    assert "Tom &amp; Jerry&#x27;s &lt;group&gt; says hi" in html
