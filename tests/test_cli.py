import subprocess
import sys
from pathlib import Path

from hotseat.cli import main
from hotseat.demo.program import load_demo
from hotseat.masterminds.models import Mastermind

ROOT = Path(__file__).resolve().parent.parent


def test_cli_help_lists_commands(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    assert "serve" in out
    assert "demo" in out


def test_cli_passes_other_commands_to_manage():
    result = subprocess.run(
        [sys.executable, "-m", "hotseat.cli", "check"], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_demo_is_idempotent_and_builds_the_story(db, django_capture_on_commit_callbacks):
    cohort, logins = load_demo()
    again, _ = load_demo()
    assert again.pk == cohort.pk
    groups = list(Mastermind.objects.filter(cohort=cohort).order_by("number"))
    assert [(m.state, m.capacity) for m in groups] == [("formed", 4), ("forming", 8)]
    zones = sorted(m.user.time_zone for m in groups[0].memberships.filter(left_at__isnull=True))
    assert zones == ["America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Paris"]
    assert groups[1].memberships.filter(left_at__isnull=True).count() == 2
    assert cohort.signups.filter(status="waitlisted").count() == 1
    assert cohort.starts_on.weekday() == 1
    assert ("alice@example.com", "hotseat-demo") in logins
    assert all(hasattr(m.user, "availability") for m in groups[0].memberships.select_related("user__availability"))
