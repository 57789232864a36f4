"""The meetings app's own pages: scheduling (schedule.py), calendar feeds (feeds.py), video links (video.py)."""
