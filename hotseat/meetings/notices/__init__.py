"""The notification kinds the meetings app sends: the calls (calls.py), the hot seat (hot_seat.py)."""
