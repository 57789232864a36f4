class BoardError(Exception):
    """A board action that cannot happen; the message is shown to the person as is."""

    def __init__(self, message: str, *, offer_waitlist: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.offer_waitlist = offer_waitlist
