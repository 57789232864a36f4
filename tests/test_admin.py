import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from hotseat.accounts.models import WeeklyAvailability
from hotseat.homework.models import Attachment, Feedback, Homework, LinkPreview, Question
from hotseat.masterminds.models import Mastermind, Membership, NextStep, SeatInvitation
from hotseat.meetings.actions.schedule import pick_slot
from hotseat.meetings.models import (
    Attendance,
    Meeting,
    MeetingNotes,
    MeetingNotesRevision,
    PersonalFeed,
    Schedule,
    TurnSwap,
)
from hotseat.notify.models import Notification
from hotseat.programs.models import Signup
from hotseat.proposals.models import GroupProposal
from tests.factories import MastermindFactory, QuestionFactory, SignupFactory, UserFactory, seat
from tests.groups import full_group

MODELS = [
    m
    for m in admin.site._registry
    if m._meta.app_label in {"accounts", "programs", "masterminds", "meetings", "homework", "proposals"}
]


def test_every_model_of_ours_is_in_the_admin():
    names = {m.__name__ for m in MODELS}
    assert names == {
        "User",
        "WeeklyAvailability",
        "Program",
        "Cohort",
        "Signup",
        "Mastermind",
        "Membership",
        "Schedule",
        "Meeting",
        "PersonalFeed",
        "Attendance",
        "TurnSwap",
        "MeetingNotes",
        "MeetingNotesRevision",
        "GroupProposal",
        "NextStep",
        "SeatInvitation",
        "Question",
        "Homework",
        "Feedback",
        "Attachment",
        "LinkPreview",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_open_for_a_superuser(client, model, cohort, alice, bob):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, Membership.Role.LEADER)
    seat(mastermind, bob)
    SignupFactory(cohort=cohort)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    # Records that change only through actions are read-only (hotseat/admin_base.py): no add page.
    addable = admin.site._registry[model].has_add_permission(changelist.wsgi_request)
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code == (200 if addable else 403)
    obj = model.objects.first()
    if obj is None:
        obj = _one_of(model, mastermind, alice)
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_shows_seats_but_never_writes_one(client, cohort, alice, bob):
    mastermind = MastermindFactory(cohort=cohort)
    seat(mastermind, alice, Membership.Role.LEADER)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:masterminds_mastermind_change", args=[mastermind.pk])
    page = client.get(url)
    assert "Alice" in page.text
    data = {
        "number": mastermind.number,
        "title": "Renamed",
        "focus": "",
        "preferred_times": "",
        "capacity": 4,
        "state": "finished",  # read-only: ignored
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": bob.pk,
        "memberships-0-role": "member",
    }
    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    mastermind.refresh_from_db()
    assert (mastermind.title, mastermind.state) == ("Renamed", "forming")
    assert [m.user for m in mastermind.memberships.all()] == [alice]
    membership = mastermind.memberships.get()
    assert client.get(reverse("admin:masterminds_membership_change", args=[membership.pk])).status_code == 200
    assert client.post(reverse("admin:masterminds_membership_delete", args=[membership.pk])).status_code == 403


def test_admin_take_out_of_a_group_is_the_leave_action(client, cohort, alice, bob, chloe, dev):
    mastermind = full_group(cohort, alice, bob, chloe, dev)
    pick_slot(mastermind, weekday=1, minute=12 * 60, zone="America/New_York", duration_minutes=60, by=alice)
    bobs = Notification.objects.filter(kind="meeting_reminder", recipient=bob).exclude(state="cancelled")
    assert bobs.exists()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    response = client.post(
        reverse("admin:masterminds_membership_changelist"),
        {"action": "take_out", "_selected_action": [membership.pk]},
        follow=True,
    )

    assert "1 taken out of their group." in response.text
    assert Membership.objects.get(pk=membership.pk).left_at is not None
    assert Signup.objects.get(cohort=cohort, user=bob).status == Signup.Status.ACCEPTED
    assert not bobs.exists()  # the leave action's signal called their reminders off
    again = client.post(
        reverse("admin:masterminds_membership_changelist"),
        {"action": "take_out", "_selected_action": [membership.pk]},
        follow=True,
    )
    assert "already left" in again.text


def _one_of(model, mastermind, user):
    now = timezone.now()

    def meeting(number: int = 1) -> Meeting:
        return Meeting.objects.get_or_create(mastermind=mastermind, number=number, defaults={"starts_at": now})[0]

    def question() -> Question:
        return QuestionFactory(meeting=meeting(), author=user, title="Lurkers?")

    def homework() -> Homework:
        return Homework.objects.create(question=question(), author=user, body="I tried it.", posted_at=now)

    makers = {
        Attendance: lambda: Attendance.objects.create(meeting=meeting(), user=user, rsvp="coming"),
        TurnSwap: lambda: TurnSwap.objects.create(
            from_meeting=meeting(1), to_meeting=meeting(2), requested_by=user, asked=user
        ),
        MeetingNotes: lambda: MeetingNotes.objects.create(meeting=meeting(), text="Notes", version=1),
        MeetingNotesRevision: lambda: MeetingNotesRevision.objects.create(
            meeting=meeting(), version=1, text="Notes", created_at=now
        ),
        GroupProposal: lambda: GroupProposal.objects.create(cohort=mastermind.cohort),
        NextStep: lambda: NextStep.objects.create(mastermind=mastermind, user=user, choice="remix"),
        SeatInvitation: lambda: SeatInvitation.objects.create(
            cohort=mastermind.cohort, mastermind=mastermind, user=user, role="member"
        ),
        Question: question,
        Homework: homework,
        Feedback: lambda: Feedback.objects.create(homework=homework(), author=user, body="Thanks"),
        Attachment: lambda: Attachment.objects.create(
            mastermind=mastermind,
            uploaded_by=user,
            stored_name="x/abc.png",
            original_name="shot.png",
            kind="image",
            content_type="image/png",
            size=10,
        ),
        LinkPreview: lambda: LinkPreview.objects.create(url="https://www.youtube.com/watch?v=x", provider="YouTube"),
        WeeklyAvailability: lambda: WeeklyAvailability.objects.create(
            user=user, zone="Europe/Paris", windows=[[1, 600, 720]]
        ),
        Schedule: lambda: Schedule.objects.create(
            mastermind=mastermind, weekday=1, minute=720, zone="America/New_York"
        ),
        Meeting: lambda: Meeting.objects.create(mastermind=mastermind, number=1, starts_at=timezone.now()),
        PersonalFeed: lambda: PersonalFeed.objects.create(user=user),
    }
    return makers[model]()


def test_admin_finishing_a_group_calls_off_its_reminders(client, cohort, alice, bob):
    mastermind = MastermindFactory(cohort=cohort, state="running")
    seat(mastermind, alice, Membership.Role.LEADER)
    seat(mastermind, bob, Membership.Role.MEMBER)

    pick_slot(mastermind, weekday=1, minute=12 * 60, zone="America/New_York", duration_minutes=60, by=alice)
    live = Notification.objects.filter(kind="meeting_reminder").exclude(state="cancelled")
    assert live.exists()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:masterminds_mastermind_changelist"),
        {"action": "finish", "_selected_action": [mastermind.pk]},
        follow=True,
    )

    assert "1 marked finished." in response.text
    assert Mastermind.objects.get(pk=mastermind.pk).state == "finished"
    assert not live.exists()


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_admin_cohort_with_a_far_date_refused_naming_the_bounds(client, program, year):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "program": program.pk,
        "name": "Far",
        "slug": "far",
        "starts_on": f"{year}-03-02",
        "weeks": "10",
        "signup_opens_at_0": f"{year}-01-01",
        "signup_opens_at_1": "09:00",
    }

    response = client.post(reverse("admin:programs_cohort_add"), data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["starts_on"] == ["Pick a date from 1 January 2000 to 31 December 2100."]
    assert errors["signup_opens_at"] == ["Pick a date from 1 January 2000 to 31 December 2100."]
    assert not program.cohorts.filter(slug="far").exists()
