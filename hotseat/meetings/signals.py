"""What the meetings actions tell the apps above them, once per action, inside its transaction."""

from django.dispatch import Signal

# A group's calls changed: picked or re-picked weekly time, a call skipped (maybe a week added),
# moved, or every call moved from a week on. Arguments: ``mastermind`` (its row locked by the
# action) and ``now``. Sent after the meetings, their reminders and the rotation are saved.
meetings_changed = Signal()
