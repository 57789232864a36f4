from hotseat.masterminds import actions
from hotseat.masterminds.models import Mastermind
from tests.factories import SignupFactory


def test_board_shows_groups_and_local_times(client, cohort, alice, bob):
    SignupFactory(cohort=cohort, user=alice)
    SignupFactory(cohort=cohort, user=bob)
    m = actions.lead_mastermind(cohort, alice, title="Growing a forum")
    actions.take_seat(m, bob)
    response = client.get(cohort.get_absolute_url())
    assert response.status_code == 200
    assert "Growing a forum" in response.text
    assert "America/Los_Angeles" in response.text
    assert Mastermind.objects.get(pk=m.pk).state == Mastermind.State.FORMING
