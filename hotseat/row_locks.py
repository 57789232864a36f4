"""One way to lock the rows people race for: ``Model.objects.lock()``.

It is ``SELECT … FOR NO KEY UPDATE OF <the model's own table>``, for two reasons written down once:

- NO KEY: inserting a seat or a meeting takes a KEY SHARE lock on the cohort or mastermind row
  its foreign key points to. FOR UPDATE conflicts with KEY SHARE and FOR NO KEY UPDATE does not,
  so with a plain FOR UPDATE ``take_seat`` and publishing a proposal deadlocked on PostgreSQL
  (tests/proposals/test_race.py).
- OF self: the lock never spills onto the rows a ``select_related`` joins in.

SQLite ignores both: its database write lock serialises the transactions anyway.
"""

from __future__ import annotations

from typing import Self

from django.db import models


class LockingQuerySet[M: models.Model](models.QuerySet[M]):
    def lock(self) -> Self:
        """The rows, locked until the transaction ends (call inside ``transaction.atomic()``)."""
        return self.select_for_update(no_key=True, of=("self",))
