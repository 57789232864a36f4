"""What bench/board.py needs besides itself: settings, a hello view, data, a load client, servers.

These modules live one folder down because `make bench` runs every bench/*.py as a benchmark.
"""


class BenchError(RuntimeError):
    """Setting up or running a benchmark failed: the message says what to fix."""
