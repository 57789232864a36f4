"""Discourse, the sponsor's forum: its REST API as hotseat calls it (client.py). No domain knowledge."""
