"""The bell, the notifications page, the settings page and unsubscribe links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hotseat.notify import actions, kinds
from hotseat.notify.actions import notify
from hotseat.notify.dispatch import deliver_due
from hotseat.notify.models import Notification, NotificationPreference
from hotseat.notify.preferences import unsubscribe_token
from hotseat.programs.models import Signup
from tests.factories import CohortFactory, SignupFactory, UserFactory

ONE_CLICK = {"data": "List-Unsubscribe=One-Click", "content_type": "application/x-www-form-urlencoded"}


def _decision(cohort, person, key, **kwargs):
    signup = Signup.objects.filter(cohort=cohort, user=person).first() or SignupFactory(cohort=cohort, user=person)
    return notify("signup_reviewed", person, key=key, signup=signup, **kwargs)


def _notify_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "notify_notification" in q["sql"]]


# The bell --------------------------------------------------------------------------------


def test_bell_shows_the_unread_count_to_a_signed_in_person(client, cohort, bob):
    _decision(cohort, bob, "one")
    _decision(CohortFactory(), bob, "two")
    client.force_login(bob)

    page = client.get(reverse("home")).content.decode()

    assert 'aria-label="Notifications, 2 unread"' in page
    assert reverse("notify:inbox") in page


def test_bell_costs_one_count_for_a_signed_in_person_and_nothing_for_anyone_else(client, cohort, bob):
    _decision(cohort, bob, "one")
    with CaptureQueriesContext(connection) as anonymous:
        client.get(reverse("home"))
    client.force_login(bob)
    with CaptureQueriesContext(connection) as signed_in:
        client.get(reverse("home"))

    assert _notify_queries(anonymous) == []
    (count,) = _notify_queries(signed_in)
    assert "COUNT" in count.upper()


# The notifications page ------------------------------------------------------------------


def test_inbox_needs_a_sign_in(client):
    response = client.get(reverse("notify:inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_inbox_lists_what_happened_newest_first_and_nothing_due_later_or_called_off(client, cohort, bob, chloe):
    # Subjects are rendered when the list is read (from each row's refs), so rows are told apart by their cohorts.
    newer, later, called_off, chloes = (CohortFactory() for _ in range(4))
    old = _decision(cohort, bob, "old")
    Notification.objects.filter(pk=old.pk).update(due_at=timezone.now() - timedelta(days=2))
    _decision(newer, bob, "new")
    _decision(later, bob, "later", due_at=timezone.now() + timedelta(days=1))
    _decision(called_off, bob, "called-off")
    Notification.objects.filter(key="called-off").update(state=Notification.State.CANCELLED)
    _decision(chloes, chloe, "chloes")
    client.force_login(bob)

    page = client.get(reverse("notify:inbox")).content.decode()

    assert page.index(f"{newer}</a>") < page.index(f"{cohort}</a>")
    for absent in (later, called_off, chloes):
        assert f"{absent}</a>" not in page
    assert page.count('class="card unread"') == 2
    assert f'href="{cohort.get_absolute_url()}"' in page


def test_inbox_renders_each_subject_when_read_not_as_stored(client, cohort, bob):
    row = _decision(cohort, bob, "stale")
    Notification.objects.filter(pk=row.pk).update(subject="What it said when it was written")
    client.force_login(bob)

    page = client.get(reverse("notify:inbox")).content.decode()

    assert "What it said when it was written" not in page
    assert f"{cohort}</a>" in page


def test_mark_all_read_empties_the_bell(client, cohort, bob):
    _decision(cohort, bob, "one")
    client.force_login(bob)

    response = client.post(reverse("notify:mark_read"), follow=True)

    assert 'aria-label="Notifications"' in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_turned_off_email_is_still_listed_in_the_app(client, cohort, bob):
    actions.unsubscribe(bob.pk, "signup_reviewed")
    _decision(cohort, bob, "quiet")
    client.force_login(bob)

    page = client.get(reverse("notify:inbox")).content.decode()

    assert "You&#x27;re in" in page
    assert "not emailed" in page


# Settings --------------------------------------------------------------------------------


def test_settings_page_offers_a_digest_only_where_it_makes_sense(client, bob):
    client.force_login(bob)

    page = client.get(reverse("notify:settings")).content.decode()

    assert 'name="mastermind_formed" value="digest"' in page
    assert 'name="seat_offered" value="immediate"' in page
    assert 'name="seat_offered" value="digest"' not in page


def test_settings_page_saves_each_choice(client, bob):
    client.force_login(bob)

    form = {kind.name: "immediate" for kind in kinds.optional_kinds()}
    form.update({"signup_reviewed": "digest", "mastermind_formed": "off"})

    response = client.post(reverse("notify:settings"), form, follow=True)

    assert "choices are saved" in response.content.decode()
    stored = {p.kind: (p.enabled, p.digest) for p in NotificationPreference.objects.filter(user=bob)}
    assert stored["signup_reviewed"] == (True, True)
    assert stored["mastermind_formed"] == (False, False)
    assert stored["seat_offered"] == (True, False)
    page = client.get(reverse("notify:settings")).content.decode()
    assert re.search(r'name="mastermind_formed" value="off"[^>]*checked', page)
    assert re.search(r'name="signup_reviewed" value="digest"[^>]*checked', page)


def test_settings_page_refuses_a_made_up_choice_and_keeps_the_rest(client, bob):
    client.force_login(bob)

    response = client.post(reverse("notify:settings"), {"signup_reviewed": "hourly"})

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


# Unsubscribe -----------------------------------------------------------------------------


def test_the_unsubscribe_link_in_an_email_works_signed_out_and_touches_one_setting(
    cohort, alice, bob, smtp_inbox, settings
):
    settings.SITE_URL = "http://testserver"
    actions.set_choices(alice, {"signup_reviewed": actions.Choice(digest=True)})
    _decision(cohort, bob, "bobs")
    deliver_due("test")
    (message,) = smtp_inbox.messages
    link = message["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    signed_out = Client(enforce_csrf_checks=True)

    confirm = signed_out.get(link)
    assert confirm.status_code == 200
    assert "Stop these emails?" in confirm.content.decode()
    assert not NotificationPreference.objects.filter(user=bob).exists()  # a GET (a link scanner) changes nothing
    done = signed_out.post(link, **ONE_CLICK)

    assert done.status_code == 200
    assert "Unsubscribed" in done.content.decode()
    assert {(p.user.name, p.kind, p.enabled) for p in NotificationPreference.objects.all()} == {
        ("Bob", "signup_reviewed", False),
        ("Alice", "signup_reviewed", True),
    }


@pytest.mark.parametrize(
    "token",
    ["nonsense", "WzEsInNpZ251cF9yZXZpZXdlZCJd:forged", ""],
    ids=["garbage", "forged-signature", "empty"],
)
def test_a_forged_unsubscribe_token_is_a_404(client, bob, token):
    url = f"/n/unsubscribe/{token}/" if token else "/n/unsubscribe//"

    assert client.get(url).status_code == 404
    assert client.post(url, **ONE_CLICK).status_code == 404


def test_one_persons_signature_on_another_persons_id_is_a_404(client, alice, bob):
    bobs = unsubscribe_token(bob.pk, "signup_reviewed")
    alices = unsubscribe_token(alice.pk, "signup_reviewed")
    swapped = alices.split(":")[0] + ":" + bobs.split(":")[1]
    other_kind = unsubscribe_token(bob.pk, "mastermind_formed").split(":")[0] + ":" + bobs.split(":")[1]

    for token in (swapped, other_kind):
        assert client.post(reverse("notify:unsubscribe", args=[token]), **ONE_CLICK).status_code == 404
    assert not NotificationPreference.objects.exists()


def test_a_token_for_mail_nobody_can_turn_off_or_an_unknown_kind_is_a_404(client, bob, security_kind):
    for kind in (security_kind.name, "no_such_kind"):
        url = reverse("notify:unsubscribe", args=[unsubscribe_token(bob.pk, kind)])
        assert client.get(url).status_code == 404


def test_a_token_of_a_deleted_account_is_a_404(client, bob):
    url = reverse("notify:unsubscribe", args=[unsubscribe_token(bob.pk, "signup_reviewed")])
    bob.delete()

    assert client.get(url).status_code == 404


# The health page ---------------------------------------------------------------------------


def test_health_says_ok_to_anyone_and_no_more(client, cohort, bob):
    _decision(cohort, bob, "fresh")  # due now: not late

    response = client.get("/health/outbox/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_answers_503_while_the_mail_server_is_down_and_tells_staff_why(client, cohort, bob, mail_server):
    _decision(cohort, bob, "held")
    deliver_due("test")  # the port is closed
    staff = UserFactory(is_staff=True)

    anonymous = client.get("/health/outbox/")
    client.force_login(staff)
    detailed = client.get("/health/outbox/").json()

    assert (anonymous.status_code, anonymous.json()) == (503, {"status": "mail_server_down"})
    assert detailed["status"] == "mail_server_down"
    assert detailed["mail_server"]["up"] is False
    assert "ConnectionRefusedError" in detailed["mail_server"]["last_error"]
    assert detailed["queue"]["due"] == 1

    mail_server.start()
    deliver_due("test", now=timezone.now() + timedelta(minutes=2))  # the probe connects
    assert client.get("/health/outbox/").json()["status"] == "ok"


def test_health_says_stalled_when_due_rows_wait_and_no_worker_takes_them(client, cohort, bob, settings):
    settings.NOTIFY_HEALTH_MAX_DELAY_SECONDS = 900
    _decision(cohort, bob, "late", now=timezone.now() - timedelta(minutes=20))

    response = client.get("/health/outbox/")

    assert (response.status_code, response.json()) == (503, {"status": "stalled"})
