"""The organizer pages (hotseat/programs/organizer_views.py): who gets in, the review queue, new programs, cohorts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotseat.programs.models import Cohort, Program, Signup
from tests.factories import ProgramFactory, SignupFactory, UserFactory
from tests.groups import group_led_by
from tests.programs.addresses import login_url, manage_url, review_queue_url

ORGANIZER_PAGES = ["review_queue", "manage", "cohort_new"]


def organizer_page(name: str, cohort: Cohort) -> str:
    if name == "cohort_new":
        return reverse("cohort_new", args=[cohort.program.slug])
    return reverse(name, args=[cohort.program.slug, cohort.slug])


@pytest.mark.parametrize("page", ORGANIZER_PAGES)
def test_organizer_page_sends_anonymous_people_to_log_in(client, cohort, page):
    target = organizer_page(page, cohort)

    response = client.get(target)

    assert response["Location"] == login_url(target)


@pytest.mark.parametrize("page", ORGANIZER_PAGES)
@pytest.mark.parametrize("who", ["outsider", "pending", "member", "leader"])
def test_organizer_page_is_404_for_everyone_but_organizers(client, cohort, people, page, who):
    client.force_login(people[who])

    assert client.get(organizer_page(page, cohort)).status_code == 404


@pytest.mark.parametrize("page", ORGANIZER_PAGES)
def test_organizer_page_opens_for_the_organizer(client, cohort, people, page):
    client.force_login(people["organizer"])

    assert client.get(organizer_page(page, cohort)).status_code == 200


def test_organizer_page_is_404_for_an_organizer_of_another_program(client, cohort):
    stranger = UserFactory(is_staff=True)
    ProgramFactory(organizers=[stranger])
    client.force_login(stranger)

    assert client.get(review_queue_url(cohort)).status_code == 404
    assert client.get(manage_url(cohort)).status_code == 404


def test_organizer_page_opens_for_a_superuser(client, cohort):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(review_queue_url(cohort)).status_code == 200


# the review queue ------------------------------------------------------------------------


def test_review_queue_shows_pending_signups_with_their_answers(client, cohort, organizer, erin, bob):
    SignupFactory(
        cohort=cohort,
        user=erin,
        status=Signup.Status.PENDING,
        answers=[{"question": "Which community do you run?", "answer": "Kolkata Makers"}],
        notes="Mornings, please",
    )
    SignupFactory(cohort=cohort, user=bob, status=Signup.Status.ACCEPTED)
    client.force_login(organizer)

    response = client.get(review_queue_url(cohort))

    assert "Waiting for review (1)" in response.text
    assert "Kolkata Makers" in response.text
    assert "Mornings, please" in response.text
    assert "Asia/Kolkata" in response.text


@pytest.mark.parametrize(
    ("decision", "subject"),
    [
        (Signup.Status.ACCEPTED, "You're in"),
        (Signup.Status.WAITLISTED, "You're on the waitlist"),
        (Signup.Status.DECLINED, "About your signup"),
    ],
)
def test_review_sends_the_decision_and_the_message(
    client, cohort, organizer, erin, outbox, django_capture_on_commit_callbacks, decision, subject
):
    signup = SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review", args=[signup.pk]),
            {f"s{signup.pk}-decision": decision, f"s{signup.pk}-message": "Thanks for the thoughtful answers."},
            follow=True,
        )

    assert response.redirect_chain == [(review_queue_url(cohort), 302)]
    assert "We emailed them." in response.text
    signup.refresh_from_db()
    assert (signup.status, signup.reviewed_by, signup.organizer_message) == (
        decision,
        organizer,
        "Thanks for the thoughtful answers.",
    )
    (message,) = outbox
    assert message.to == ["erin@example.com"]
    assert subject in message.subject
    assert "Thanks for the thoughtful answers." in message.body


def test_review_without_a_decision_is_400_and_keeps_the_message(client, cohort, organizer, erin):
    signup = SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    client.force_login(organizer)

    response = client.post(reverse("review", args=[signup.pk]), {f"s{signup.pk}-message": "Half-typed note"})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "Half-typed note</textarea>" in response.text
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PENDING


def test_review_of_a_seated_person_is_refused_with_a_message(client, cohort, organizer, alice):
    group_led_by(cohort, alice)
    signup = Signup.objects.get(cohort=cohort, user=alice)
    client.force_login(organizer)

    response = client.post(reverse("review", args=[signup.pk]), {f"s{signup.pk}-decision": "declined"}, follow=True)

    assert "nothing to review" in response.text
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PLACED


@pytest.mark.parametrize("who", ["outsider", "pending", "member", "leader"])
def test_review_by_anyone_but_an_organizer_is_404(client, cohort, people, who, outbox):
    signup = Signup.objects.get(cohort=cohort, user=people["pending"])
    client.force_login(people[who])

    response = client.post(reverse("review", args=[signup.pk]), {f"s{signup.pk}-decision": "accepted"})

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PENDING


def test_review_needs_a_login_and_a_csrf_token(cohort, organizer, erin):
    signup = SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    target = reverse("review", args=[signup.pk])
    data = {f"s{signup.pk}-decision": "accepted"}

    assert Client().post(target, data)["Location"] == login_url(target)
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(organizer)
    assert forger.post(target, data).status_code == 403
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PENDING


# program and cohort creation -------------------------------------------------------------


PROGRAM = {
    "name": "Moderators Mastermind",
    "slug": "mods",
    "sponsor": "Acme Forums",
    "charter": "Be kind.",
    "screening_questions": "Which forum?",
    "language": "fr",
    "review": "auto",
    "group_size": "5",
    "min_to_start": "3",
    "max_group_size": "6",
}


def test_program_new_creates_a_program_organized_by_its_creator(client, organizer):
    client.force_login(organizer)

    response = client.post(reverse("program_new"), PROGRAM)

    assert response.status_code == 302
    assert response["Location"] == reverse("cohort_new", args=["mods"])
    program = Program.objects.get(slug="mods")
    assert list(program.organizers.all()) == [organizer]
    assert (program.group_size, program.min_to_start, program.max_group_size) == (5, 3, 6)
    assert program.language == "fr"  # its emails to people who never chose a language


def test_program_new_refuses_sizes_out_of_order_and_keeps_the_typing(client, organizer):
    client.force_login(organizer)

    response = client.post(reverse("program_new"), {**PROGRAM, "min_to_start": "6"})

    assert response.status_code == 400
    assert "Sizes must satisfy" in response.text
    assert 'value="Moderators Mastermind"' in response.text
    assert not Program.objects.filter(slug="mods").exists()


def test_program_new_offers_the_installations_language_first(client, organizer, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(organizer)

    form = client.get(reverse("program_new")).context["form"]

    assert form["language"].value() == "fr"
    response = client.post(reverse("program_new"), {**PROGRAM, "language": "de"})
    assert response.status_code == 400
    assert not Program.objects.filter(slug="mods").exists()
    assert 'value="Moderators Mastermind"' in response.text


def test_program_new_is_404_for_people_who_are_not_staff(client, bob):
    client.force_login(bob)

    assert client.get(reverse("program_new")).status_code == 404
    assert client.post(reverse("program_new"), PROGRAM).status_code == 404
    assert not Program.objects.filter(slug="mods").exists()


def test_cohort_new_creates_a_cohort_with_an_open_board(client, program, organizer):
    client.force_login(organizer)
    starts = timezone.localdate() + timedelta(days=14)

    response = client.post(
        reverse("cohort_new", args=[program.slug]),
        {"name": "Autumn", "slug": "autumn", "starts_on": starts.isoformat(), "weeks": "10"},
    )

    cohort = Cohort.objects.get(program=program, slug="autumn")
    assert response["Location"] == cohort.get_absolute_url()
    assert cohort.starts_on == starts
    assert cohort.signup_open(timezone.now())


def test_cohort_new_refuses_a_slug_the_program_already_uses(client, program, cohort, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("cohort_new", args=[program.slug]),
        {"name": "Again", "slug": cohort.slug, "starts_on": timezone.localdate().isoformat(), "weeks": "10"},
    )

    assert response.status_code == 400
    assert "Another cohort of this program already uses this slug." in response.text
    assert program.cohorts.count() == 1


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("starts_on", "9999-01-05"),
        ("starts_on", "0001-01-02"),
        ("signup_opens_at", "0001-01-01T00:00"),
        ("signup_closes_at", "9999-12-31T23:59"),
    ],
)
def test_cohort_new_with_a_far_date_refused_naming_the_bounds_and_typing_kept(client, program, organizer, field, typed):
    data = {"name": "Spring", "slug": "spring", "starts_on": "2027-03-02", "weeks": "10"} | {field: typed}
    client.force_login(organizer)

    response = client.post(reverse("cohort_new", args=[program.slug]), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field] == ["Pick a date from 1 January 2000 to 31 December 2100."]
    assert f'value="{typed}"' in response.content.decode()
    assert not program.cohorts.filter(slug="spring").exists()


def test_cohort_new_name_with_a_line_break_saved_on_one_line(client, program, organizer):
    client.force_login(organizer)

    client.post(
        reverse("cohort_new", args=[program.slug]),
        {"name": "Spring\r\n2027", "slug": "spring", "starts_on": "2027-03-02", "weeks": "10"},
    )

    assert program.cohorts.get(slug="spring").name == "Spring 2027"
