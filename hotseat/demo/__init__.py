"""The demo data: what `make run` shows on a fresh machine, played through every app's actions."""
