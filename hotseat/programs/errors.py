class SignupError(Exception):
    """A change to a signup or a cohort's sign-up that cannot happen; the message is shown to the person as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
