"""Program pages (hotseat/programs/views.py): the program page and the signup form."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hotseat.programs.actions import close_signup
from hotseat.programs.models import Program, Signup
from tests.factories import CohortFactory, ProgramFactory, SignupFactory
from tests.programs.addresses import login_url, signup_url


def test_program_page_renders_the_charter_and_cohorts(client, program, cohort):
    response = client.get(program.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Charter</h1>" in response.text
    assert cohort.get_absolute_url() in response.text
    assert "Add a cohort" not in response.text


def test_program_page_offers_a_new_cohort_to_its_organizers(client, program, organizer):
    client.force_login(organizer)

    response = client.get(program.get_absolute_url())

    assert "Add a cohort" in response.text


def test_program_page_of_an_unknown_program_is_404(client, db):
    assert client.get(reverse("program", args=["nope"])).status_code == 404


# the signup form -------------------------------------------------------------------------


def test_signup_form_needs_a_login(client, cohort):
    response = client.get(signup_url(cohort))

    assert response.status_code == 302
    assert response["Location"] == login_url(signup_url(cohort))


def test_signup_form_asks_the_programs_screening_questions(client, cohort, bob):
    client.force_login(bob)

    response = client.get(signup_url(cohort))

    assert response.status_code == 200
    assert "Which community do you run?" in response.text
    assert "What is your role in it?" in response.text
    assert "An organizer reviews each signup" in response.text


def test_signup_form_stores_the_answers_and_waits_for_review(client, cohort, bob):
    client.force_login(bob)

    response = client.post(
        signup_url(cohort),
        {"role": "leader", "q0": "  The Potters' Forum ", "q1": "Head moderator", "notes": "Evenings only"},
        follow=True,
    )

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "An organizer will review your signup" in response.text
    signup = Signup.objects.get(cohort=cohort, user=bob)
    assert (signup.status, signup.role, signup.notes) == (Signup.Status.PENDING, "leader", "Evenings only")
    assert signup.answers == [
        {"question": "Which community do you run?", "answer": "The Potters' Forum"},
        {"question": "What is your role in it?", "answer": "Head moderator"},
    ]


def test_signup_form_accepts_straight_away_when_the_program_does(
    client, bob, outbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(program=ProgramFactory(review=Program.Review.AUTO, screening_questions=""))
    client.force_login(bob)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(signup_url(cohort), {"role": "member"}, follow=True)

    assert "You&#x27;re in." in response.text
    assert Signup.objects.get(cohort=cohort, user=bob).status == Signup.Status.ACCEPTED
    assert [m.to for m in outbox] == [["bob@example.com"]]


def test_signup_form_with_a_missing_answer_keeps_the_typing(client, cohort, bob):
    client.force_login(bob)

    response = client.post(signup_url(cohort), {"role": "leader", "q0": "The Potters Forum", "q1": ""})

    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "The Potters Forum</textarea>" in response.text
    assert 'value="leader" required id="id_role_0" checked' in response.text
    assert not Signup.objects.filter(user=bob).exists()


def test_signup_form_for_a_closed_cohort_says_so(client, cohort, bob):
    close_signup(cohort)
    client.force_login(bob)

    shown = client.get(signup_url(cohort))
    sent = client.post(signup_url(cohort), {"role": "member", "q0": "A forum", "q1": "Admin"})

    assert "Sign-up for this cohort is closed." in shown.text
    assert '<form method="post" class="card"' not in shown.text
    assert sent.status_code == 400
    assert not Signup.objects.filter(user=bob).exists()


def test_signup_form_sends_someone_already_signed_up_back_to_the_board(client, cohort, bob):
    SignupFactory(cohort=cohort, user=bob, status=Signup.Status.PENDING)
    client.force_login(bob)

    response = client.get(signup_url(cohort), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "You have already signed up: pending review." in response.text


def test_signup_form_refuses_a_forged_post_without_csrf_token(cohort, bob):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(bob)

    response = forger.post(signup_url(cohort), {"role": "member", "q0": "A forum", "q1": "Admin"})

    assert response.status_code == 403
    assert not Signup.objects.filter(user=bob).exists()
