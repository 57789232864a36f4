"""Every app's refusal is a RefusalError with the message to show, and the field it belongs next to."""

import pytest

from hotseat.accounts.actions import AvailabilityError
from hotseat.homework.errors import HomeworkError
from hotseat.masterminds.errors import BoardError
from hotseat.meetings.errors import HotSeatError, MeetingError, ScheduleError
from hotseat.programs.errors import SignupError
from hotseat.proposals.draft import ProposalError
from hotseat.refusals import RefusalError


@pytest.mark.parametrize(
    "error",
    [
        AvailabilityError,
        HomeworkError,
        BoardError,
        ScheduleError,
        HotSeatError,
        MeetingError,
        SignupError,
        ProposalError,
    ],
)
def test_each_apps_error_is_a_refusal_with_its_message_and_field(error):
    refused = error("Pick a time still to come.", field="starts_at")

    assert isinstance(refused, RefusalError)
    assert (refused.message, refused.field, str(refused)) == (
        "Pick a time still to come.",
        "starts_at",
        "Pick a time still to come.",
    )


def test_a_refusal_about_no_one_field_has_none_except_availabilitys_default():
    assert BoardError("Sign-up for this cohort is closed.").field is None
    assert AvailabilityError("Too many windows.").field == "windows"
