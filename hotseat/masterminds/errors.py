from hotseat.refusals import RefusalError


class BoardError(RefusalError):
    """A board action that cannot happen; the message is shown to the person as is.

    ``offer_waitlist``: the refusal is a full group, and the page offers its waitlist instead.
    """

    def __init__(self, message: str, *, offer_waitlist: bool = False, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.offer_waitlist = offer_waitlist
