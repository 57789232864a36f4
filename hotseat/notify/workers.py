"""Who holds a claim: a worker's id names its host and process, so the next one can tell it died.

A claim is recorded as `name@host:pid` (or `host:pid` for a worker started without `--id`,
`task@host:pid` for the post-commit task). A worker starting on a host looks at the rows
claimed by processes of that host: a pid that no longer runs held rows nobody is sending, so
they go back to the queue at once instead of after the lease (300 s). Only this host's pids
can be checked; a dead worker of another machine is still noticed by its lease running out.
This assumes one process namespace per host name (containers sharing a host name must
give their workers distinct `--id`s and are, like other machines, covered by the lease).
"""

from __future__ import annotations

import os
import socket

from hotseat.notify.models import Notification

State = Notification.State
WHERE_LENGTH = 48  # of 64: the rest is for the name


def _where(host: str, pid: int) -> str:
    return f"{host}:{pid}"[-WHERE_LENGTH:]


def worker_id(name: str = "", *, host: str | None = None, pid: int | None = None) -> str:
    """This process's id: `name@host:pid`, or `host:pid` without a name; at most 64 characters."""
    where = _where(host or socket.gethostname(), os.getpid() if pid is None else pid)
    return f"{name[: 64 - len(where) - 1]}@{where}" if name else where


def _pid_on_this_host(claimed_by: str, host: str) -> int | None:
    where = claimed_by.rpartition("@")[2]
    pid = where.rpartition(":")[2]
    if not pid.isdigit() or where != _where(host, int(pid)):
        return None
    return int(pid)


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def release_claims(name: str) -> int:
    """A worker starting under `--id name` frees what an earlier process of that name left claimed.

    Only safe because names are unique among live workers.
    """
    mine = Notification.objects.filter(state=State.SENDING)
    return mine.filter(claimed_by=name[:64]).update(state=State.PENDING, claimed_until=None) + mine.filter(
        claimed_by__startswith=f"{name}@"
    ).update(state=State.PENDING, claimed_until=None)


def release_dead_claims(*, host: str | None = None) -> int:
    """At a worker's start: free the rows held by processes of this host that no longer run.

    Rows held under this process's own pid were left by an earlier process that had the same
    pid (a container restarted as pid 1): this one has claimed nothing yet.
    """
    host = host or socket.gethostname()
    holders = set(Notification.objects.filter(state=State.SENDING).values_list("claimed_by", flat=True).distinct())
    dead = [
        holder
        for holder in holders
        if (pid := _pid_on_this_host(holder, host)) is not None and (pid == os.getpid() or not running(pid))
    ]
    if not dead:
        return 0
    return Notification.objects.filter(state=State.SENDING, claimed_by__in=dead).update(
        state=State.PENDING, claimed_until=None
    )
