"""What the masterminds actions tell the apps above them, once per action, inside its transaction.

Receivers run in the action's transaction, so what they write commits or rolls back with it.
Apps above connect their receivers in their ``receivers.py`` (imported by their ``ready()``).
"""

from django.dispatch import Signal

# Who sits in ``mastermind`` changed, or whether it still meets: someone took a seat, left, was
# moved in or out, a group was merged into it or emptied into another, it was finished or
# disbanded. Arguments: ``mastermind`` (its row locked by
# the action) and ``now``. Sent once per mastermind that changed.
seats_changed = Signal()

# ``mastermind`` has just formed: it reached its program's minimum head count (on the board, a
# published proposal, an import, a move or merge). Arguments: ``mastermind`` and ``now``. Sent
# each time it goes from forming to formed, so a receiver that must act once keys its rows.
mastermind_formed = Signal()
