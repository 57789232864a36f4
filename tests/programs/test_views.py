"""Program pages: home, program, the public board, the signup form, withdraw, and the organizer pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hotseat.masterminds import actions as board
from hotseat.masterminds.models import Mastermind, Membership
from hotseat.programs.actions import close_signup
from hotseat.programs.models import Cohort, Program, Signup
from tests.factories import CohortFactory, ProgramFactory, SignupFactory, UserFactory

HTMX = {"HX-Request": "true"}


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


def signup_url(cohort: Cohort) -> str:
    return reverse("signup", args=[cohort.program.slug, cohort.slug])


def review_queue_url(cohort: Cohort) -> str:
    return reverse("review_queue", args=[cohort.program.slug, cohort.slug])


def manage_url(cohort: Cohort) -> str:
    return reverse("manage", args=[cohort.program.slug, cohort.slug])


def group_of(cohort, leader, *members) -> Mastermind:
    for person in (leader, *members):
        SignupFactory(cohort=cohort, user=person)
    mastermind = board.lead_mastermind(cohort, leader, title=f"Led by {leader.name}")
    for member in members:
        board.take_seat(mastermind, member)
    return mastermind


# home and program pages ------------------------------------------------------------------


def test_home_lists_current_cohorts_with_their_group_count(client, program, cohort, alice, bob):
    group_of(cohort, alice)
    group_of(cohort, bob)
    board.leave_seat(cohort, bob)  # disbanded: not counted
    CohortFactory(program=program, name="Long gone", starts_on=timezone.localdate() - timedelta(weeks=30))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert f"{program.name} — {cohort.name}" in response.text
    assert "1 mastermind<" in response.text
    assert "Long gone" not in response.text


def test_home_shows_a_seated_person_their_masterminds(client, cohort, alice):
    mastermind = group_of(cohort, alice)
    client.force_login(alice)

    response = client.get(reverse("home"))

    assert "Your masterminds" in response.text
    assert f"#m{mastermind.pk}" in response.text
    assert "(leader, forming)" in response.text


def test_home_offers_program_creation_to_staff_only(client, organizer, bob):
    client.force_login(bob)
    assert "Create a program" not in client.get(reverse("home")).text

    client.force_login(organizer)
    assert "Create a program" in client.get(reverse("home")).text


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


# the public board ------------------------------------------------------------------------


def test_board_is_public_and_invites_anonymous_people_to_sign_up(client, cohort, alice, bob):
    group_of(cohort, alice, bob)

    response = client.get(cohort.get_absolute_url())

    assert response.status_code == 200
    assert "<html" in response.text
    assert "Alice" in response.text
    assert "America/Los_Angeles" in response.text
    assert f"?next={signup_url(cohort)}" in response.text
    assert "Take this seat" not in response.text


def test_board_of_an_unknown_cohort_is_404(client, program):
    assert client.get(reverse("board", args=[program.slug, "nope"])).status_code == 404


def test_board_with_htmx_returns_only_the_board_fragment(client, cohort, alice):
    group_of(cohort, alice)

    response = client.get(cohort.get_absolute_url(), headers=HTMX)

    assert response.status_code == 200
    text = response.text.strip()
    assert text.startswith('<div id="board"')
    assert text.endswith("</div>")
    assert "<html" not in text
    assert "<h1>" not in text
    assert "Alice" in text


def test_board_tells_a_pending_person_to_wait_for_review(client, cohort, erin):
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    client.force_login(erin)

    response = client.get(cohort.get_absolute_url())

    assert "Your signup is waiting for an organizer" in response.text
    assert "Lead a new mastermind" not in response.text


def test_board_shows_a_declined_person_the_organizers_message(client, cohort, dev):
    SignupFactory(
        cohort=cohort, user=dev, status=Signup.Status.DECLINED, organizer_message="This one is for forum admins."
    )
    client.force_login(dev)

    response = client.get(cohort.get_absolute_url())

    assert "Your signup was not accepted this time." in response.text
    assert "This one is for forum admins." in response.text
    assert "Withdraw from this cohort" not in response.text


def test_board_gives_an_accepted_person_the_lead_form_and_open_seats(client, cohort, alice, bob):
    group_of(cohort, alice)
    SignupFactory(cohort=cohort, user=bob)
    client.force_login(bob)

    response = client.get(cohort.get_absolute_url())

    assert "Lead a new mastermind" in response.text
    assert response.text.count("Take this seat</button>") == 3
    assert "Join the waitlist for any group" in response.text


def test_board_gives_the_leader_of_a_formed_group_the_next_step(client, cohort, alice, bob, chloe, dev):
    group_of(cohort, alice, bob, chloe, dev)
    client.force_login(alice)

    response = client.get(cohort.get_absolute_url())

    assert "Contact your group and" in response.text
    mastermind = Mastermind.objects.get(cohort=cohort)
    assert f'href="/m/{mastermind.pk}/schedule/">pick a weekly call time</a>' in response.text
    client.force_login(bob)
    assert "Contact your group" not in client.get(cohort.get_absolute_url()).text


def test_board_shows_a_waitlisted_person_their_place(client, cohort, alice, bob, chloe, dev, erin):
    group_of(cohort, alice, bob, chloe, dev)
    for person in (UserFactory(), erin):
        SignupFactory(cohort=cohort, user=person)
        board.join_waitlist(cohort, person)
    client.force_login(erin)

    response = client.get(cohort.get_absolute_url())

    assert "You are <strong>number 2</strong> on the waitlist for any group." in response.text


def test_board_shows_the_organizer_their_tools(client, cohort, organizer, bob):
    client.force_login(bob)
    assert review_queue_url(cohort) not in client.get(cohort.get_absolute_url()).text

    client.force_login(organizer)
    response = client.get(cohort.get_absolute_url())

    assert review_queue_url(cohort) in response.text
    assert manage_url(cohort) in response.text


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


# withdraw --------------------------------------------------------------------------------


def test_withdraw_own_signup_gives_back_the_seat(client, cohort, alice, bob):
    mastermind = group_of(cohort, alice, bob)
    signup = Signup.objects.get(cohort=cohort, user=bob)
    client.force_login(bob)

    response = client.post(reverse("withdraw", args=[signup.pk]), follow=True)

    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert "You have withdrawn from" in response.text
    signup.refresh_from_db()
    assert signup.status == Signup.Status.WITHDRAWN
    assert not Membership.objects.filter(mastermind=mastermind, user=bob, left_at__isnull=True).exists()


def test_withdraw_of_another_persons_signup_is_404(client, cohort, alice, bob):
    group_of(cohort, alice, bob)
    signup = Signup.objects.get(cohort=cohort, user=bob)
    client.force_login(alice)

    response = client.post(reverse("withdraw", args=[signup.pk]))

    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.status == Signup.Status.PLACED


def test_withdraw_needs_a_login(client, cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    target = reverse("withdraw", args=[signup.pk])

    response = client.post(target)

    assert response["Location"] == login_url(target)
    signup.refresh_from_db()
    assert signup.status == Signup.Status.ACCEPTED


def test_withdraw_refuses_get_and_forged_posts(cohort, bob):
    signup = SignupFactory(cohort=cohort, user=bob)
    target = reverse("withdraw", args=[signup.pk])
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(bob)

    assert forger.get(target).status_code == 405
    assert forger.post(target).status_code == 403
    signup.refresh_from_db()
    assert signup.status == Signup.Status.ACCEPTED


# organizer pages: who gets in ------------------------------------------------------------


@pytest.fixture
def people(cohort, alice, bob, chloe, erin, organizer):
    """Alice leads a group with Chloe; Bob has no signup; Erin is pending."""
    group_of(cohort, alice, chloe)
    SignupFactory(cohort=cohort, user=erin, status=Signup.Status.PENDING)
    return {"outsider": bob, "pending": erin, "member": chloe, "leader": alice, "organizer": organizer}


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
    group_of(cohort, alice)
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


# manage: move, merge, close, reopen ------------------------------------------------------


def test_manage_moves_a_person(client, cohort, organizer, alice, bob, chloe):
    first = group_of(cohort, alice, bob)
    second = group_of(cohort, chloe)
    client.force_login(organizer)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    response = client.post(
        manage_url(cohort), {"action": "move", "move-membership": membership.pk, "move-to": second.pk}, follow=True
    )

    assert response.redirect_chain == [(manage_url(cohort), 302)]
    assert f"Moved Bob to {second}." in response.text
    assert Membership.objects.get(user=bob, left_at__isnull=True).mastermind == second
    assert first.pk != second.pk


def test_manage_move_into_a_full_group_is_refused_with_the_reason(client, cohort, organizer, alice, bob, chloe, dev):
    group_of(cohort, alice, bob)
    full = group_of(cohort, chloe, dev, UserFactory(), UserFactory())
    client.force_login(organizer)
    membership = Membership.objects.get(user=bob, left_at__isnull=True)

    response = client.post(manage_url(cohort), {"action": "move", "move-membership": membership.pk, "move-to": full.pk})

    assert response.status_code == 400
    assert "is full (4 seats). Raise its capacity first." in response.text
    assert Membership.objects.get(user=bob, left_at__isnull=True).pk == membership.pk


def test_manage_merges_two_forming_groups(client, cohort, organizer, alice, bob, chloe, dev):
    into = group_of(cohort, alice, bob)
    other = group_of(cohort, chloe, dev)
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "merge", "merge-into": into.pk, "merge-other": other.pk})

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == Mastermind.State.DISBANDED
    assert Membership.objects.filter(mastermind=into, left_at__isnull=True).count() == 4


def test_manage_merge_of_a_group_with_itself_is_400(client, cohort, organizer, alice):
    into = group_of(cohort, alice)
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "merge", "merge-into": into.pk, "merge-other": into.pk})

    assert response.status_code == 400
    assert "Pick two different masterminds." in response.text
    into.refresh_from_db()
    assert into.state == Mastermind.State.FORMING


def test_manage_closes_and_reopens_signup(client, cohort, organizer):
    client.force_login(organizer)

    closed = client.post(manage_url(cohort), {"action": "close"}, follow=True)
    cohort.refresh_from_db()
    assert "Sign-up is closed." in closed.text
    assert not cohort.signup_open(timezone.now())

    reopened = client.post(manage_url(cohort), {"action": "reopen"}, follow=True)
    cohort.refresh_from_db()
    assert "Sign-up is open again." in reopened.text
    assert cohort.signup_open(timezone.now())


def test_manage_with_an_unknown_action_is_400(client, cohort, organizer):
    client.force_login(organizer)

    response = client.post(manage_url(cohort), {"action": "explode"})

    assert response.status_code == 400
    assert "Unknown action." in response.text


@pytest.mark.parametrize("who", ["outsider", "pending", "member", "leader"])
def test_manage_post_by_anyone_but_an_organizer_is_404(client, cohort, people, who):
    client.force_login(people[who])

    response = client.post(manage_url(cohort), {"action": "close"})

    assert response.status_code == 404
    cohort.refresh_from_db()
    assert cohort.signup_closes_at is None


def test_manage_refuses_a_forged_post(cohort, organizer):
    forger = Client(enforce_csrf_checks=True)
    forger.force_login(organizer)

    response = forger.post(manage_url(cohort), {"action": "close"})

    assert response.status_code == 403
    cohort.refresh_from_db()
    assert cohort.signup_closes_at is None


# program and cohort creation -------------------------------------------------------------


PROGRAM = {
    "name": "Moderators Mastermind",
    "slug": "mods",
    "sponsor": "Acme Forums",
    "charter": "Be kind.",
    "screening_questions": "Which forum?",
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


def test_program_new_refuses_sizes_out_of_order_and_keeps_the_typing(client, organizer):
    client.force_login(organizer)

    response = client.post(reverse("program_new"), {**PROGRAM, "min_to_start": "6"})

    assert response.status_code == 400
    assert "Sizes must satisfy" in response.text
    assert 'value="Moderators Mastermind"' in response.text
    assert not Program.objects.filter(slug="mods").exists()


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
