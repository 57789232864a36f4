"""Every change to a group's calls: the weekly time and each call (schedule.py), RSVPs, attendance and notes
(calls.py), calendar feeds and video links (feeds.py), the hot seat rotation (hot_seat.py)."""
