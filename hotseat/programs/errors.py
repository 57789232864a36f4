from hotseat.refusals import RefusalError


class SignupError(RefusalError):
    """A change to a signup or a cohort's sign-up that cannot happen; the message is shown to the person as is."""
