"""What the programs actions tell the apps above them, inside the action's transaction."""

from django.dispatch import Signal

# A seat held for ``signup`` in ``mastermind`` (a waitlist offer) is no longer theirs: an organizer
# declined them. Arguments: ``signup``, ``mastermind`` and ``now``. The masterminds app offers the
# seat to the next person in line.
seat_hold_released = Signal()
