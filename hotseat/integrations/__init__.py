"""Talking to systems we do not own: video call providers, Discourse."""
