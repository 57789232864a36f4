"""The outbox in the admin: read-only rows, filters, and retrying failed ones."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hotseat.notify.actions import notify
from hotseat.notify.models import Notification, NotificationPreference
from tests.factories import SignupFactory, UserFactory

State = Notification.State


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def failed(cohort, bob) -> Notification:
    row = notify("signup_reviewed", bob, key="failed-one", signup=SignupFactory(cohort=cohort, user=bob))
    Notification.objects.filter(pk=row.pk).update(state=State.FAILED, attempts=8, last_error="SMTPDataError: 451")
    return row


def test_outbox_list_filters_by_state_and_kind(staff_client, failed):
    url = reverse("admin:notify_notification_changelist")

    assert "failed-one" in staff_client.get(url, {"state": "failed"}).content.decode()
    assert "failed-one" not in staff_client.get(url, {"state": "sent"}).content.decode()
    assert "failed-one" in staff_client.get(url, {"kind": "signup_reviewed"}).content.decode()


def test_a_failed_row_has_a_retry_button_that_queues_it_again(staff_client, failed):
    change = reverse("admin:notify_notification_change", args=[failed.pk])
    assert "Retry" in staff_client.get(change).content.decode()

    response = staff_client.post(reverse("admin:notify_notification_retry", args=[failed.pk]), follow=True)

    assert "queued again" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (State.PENDING, 0)
    assert "Retry" not in staff_client.get(change).content.decode().split('id="content-main"')[0]


def test_retry_action_only_touches_failed_rows(staff_client, failed, cohort, chloe):
    sent = notify("signup_reviewed", chloe, key="sent-one", signup=SignupFactory(cohort=cohort, user=chloe))
    Notification.objects.filter(pk=sent.pk).update(state=State.SENT, sent_at=sent.due_at)

    staff_client.post(
        reverse("admin:notify_notification_changelist"),
        {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
    )

    assert dict(Notification.objects.values_list("key", "state")) == {
        "failed-one": State.PENDING,
        "sent-one": State.SENT,
    }


def test_retry_needs_a_post(staff_client, failed):
    assert staff_client.get(reverse("admin:notify_notification_retry", args=[failed.pk])).status_code == 405


def test_preferences_open_in_the_admin(staff_client, bob):
    NotificationPreference.objects.create(user=bob, kind="seat_offered", enabled=False)

    assert staff_client.get(reverse("admin:notify_notificationpreference_changelist")).status_code == 200
