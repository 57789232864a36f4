"""The forum's peers: Prism over Discourse's published description, and the fake forum (peers.py)."""

from tests.integrations.discourse.peers import fake_forum, prism_url

__all__ = ["fake_forum", "prism_url"]
