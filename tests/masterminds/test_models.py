"""The questions the masterminds QuerySets name: who is seated, who leads, locking a group's row."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind, Membership
from tests.groups import full_group


def test_seated_leaves_out_seats_given_back(cohort, alice, bob, chloe):
    mastermind = full_group(cohort, alice, bob, chloe)
    actions.leave_seat(cohort, bob)

    seated = Membership.objects.seated().filter(mastermind=mastermind)

    assert sorted(m.user.name for m in seated) == ["Alice", "Chloe"]
    assert Membership.objects.filter(mastermind=mastermind).count() == 3  # Bob's row is kept, with left_at


def test_leaders_are_the_seated_leaders_only(cohort, alice, bob):
    mastermind = full_group(cohort, alice, bob)
    actions.leave_seat(cohort, alice)  # Bob takes over

    assert [m.user for m in Membership.objects.leaders().filter(mastermind=mastermind)] == [bob]
    assert mastermind.memberships.leaders().count() == 1


def test_lock_selects_for_no_key_update_of_the_masterminds_rows_only(cohort, alice):
    mastermind = full_group(cohort, alice)

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = Mastermind.objects.lock().select_related("cohort").get(pk=mastermind.pk)

    assert locked == mastermind
    sql = queries.captured_queries[-1]["sql"]
    if connection.features.has_select_for_no_key_update:
        assert "FOR NO KEY UPDATE OF" in sql
        assert '"masterminds_mastermind"' in sql.rsplit("FOR NO KEY UPDATE OF", 1)[1]
        assert "programs_cohort" not in sql.rsplit("FOR NO KEY UPDATE OF", 1)[1]
    else:  # SQLite: no row locks; the database write lock serialises transactions
        assert "FOR " not in sql
