from tests.homework.conftest import group  # noqa: F401 (a running mastermind with weekly calls)
