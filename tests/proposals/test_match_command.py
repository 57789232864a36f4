"""`hotseat match`: JSON in and out, from a file or from a cohort; bad input is a clear message and exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hotseat.masterminds.models import Mastermind
from hotseat.proposals.models import GroupProposal
from tests.masterminds.crowds import KOLKATA_NIGHT, crowd, person

ROOT = Path(__file__).resolve().parent.parent.parent
DAYS = ["Tuesday", "Thursday"]
PEOPLE = {
    "cohort": {"starts_on": "2027-03-02", "weeks": 10},
    "rules": {"target": 4, "min_size": 3, "max_size": 6},
    "people": [
        {
            "id": "alice",
            "zone": "America/New_York",
            "leads": True,
            "windows": [{"weekday": d, "from": "09:00", "to": "14:00"} for d in DAYS],
        },
        {
            "id": "bob",
            "zone": "America/Los_Angeles",
            "windows": [{"weekday": "Tuesday", "from": "07:00", "to": "11:00"}],
        },
        {"id": "dev", "zone": "Europe/London", "windows": [{"weekday": 1, "from": "15:00", "to": "19:00"}]},
        {"id": "erin", "zone": "Asia/Kolkata", "windows": [{"weekday": "Wednesday", "from": "02:00", "to": "04:00"}]},
    ],
}


def run(*args: str) -> dict:
    out = StringIO()
    call_command("match", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_match_reads_a_people_file_and_writes_the_proposal(tmp_path):
    source = tmp_path / "people.json"
    source.write_text(json.dumps(PEOPLE))

    result = run("--in", str(source), "--seconds", "2")

    (group,) = result["groups"]
    assert group["leader"] == "alice"
    assert group["members"] == ["bob", "dev"]
    assert group["slot"]["weekday"] == "Tuesday"
    assert group["slot"]["zone"] == "America/New_York"
    # London's clock changes two weeks after New York's: two calls are an hour earlier there.
    assert group["local_times"]["dev"]["differs_on"] == ["2027-03-16", "2027-03-23"]
    assert result["unplaced"] == [{"id": "erin", "reason": "too few others", "detail": result["unplaced"][0]["detail"]}]
    assert (result["placed"], result["upper_bound"]) == (3, 3)


def test_match_writes_to_a_file_with_out(tmp_path):
    source, target = tmp_path / "people.json", tmp_path / "proposal.json"
    source.write_text(json.dumps(PEOPLE))
    err = StringIO()

    call_command("match", "--in", str(source), "--out", str(target), "--seconds", "2", stdout=StringIO(), stderr=err)

    assert json.loads(target.read_text())["placed"] == 3
    assert "3 of a possible 3 placed" in err.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "Not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2."),
        (
            '{"cohort": {"starts_on": "2027-03-02"}, "people": [{"id": "x", "zone": "Mars/Base"}]}',
            "people[0]: Unknown time zone 'Mars/Base'",
        ),
        ('{"cohort": {"starts_on": "2 March"}, "people": []}', "cohort.starts_on: a date is written YYYY-MM-DD"),
        (
            json.dumps(
                {**PEOPLE, "people": [{"id": "x", "zone": "UTC", "windows": [{"weekday": "Tue", "from": "9"}]}]}
            ),
            "people[0].windows[0]: a weekday is 0 (Monday) to 6 (Sunday) or its English name, not 'Tue'.",
        ),
        (
            '{"cohort": {"starts_on": "2027-03-02"}, "rules": {"target": 9, "max_size": 8}, "people": []}',
            "rules: The target size 9 must lie between",
        ),
        ("[1, 2]", "the file: expected an object"),
    ],
)
def test_match_bad_input_is_a_clear_message(tmp_path, text, message):
    source = tmp_path / "people.json"
    source.write_text(text)

    with pytest.raises(CommandError) as refused:
        call_command("match", "--in", str(source), stdout=StringIO(), stderr=StringIO())

    assert message in str(refused.value)
    assert refused.value.returncode == 2


def test_match_console_script_exits_2_without_a_traceback(tmp_path):
    source = tmp_path / "people.json"
    source.write_text('{"cohort": {"starts_on": "2027-03-02"}, "people": [{"id": "x", "zone": "Mars/Base"}]}')

    result = subprocess.run(  # noqa: S603 (our own console script, arguments we wrote)
        [str(Path(sys.executable).parent / "hotseat"), "match", "--in", str(source)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )

    assert result.returncode == 2
    assert "Unknown time zone 'Mars/Base'" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_match_console_script_writes_json(tmp_path):
    source = tmp_path / "people.json"
    source.write_text(json.dumps(PEOPLE))

    result = subprocess.run(  # noqa: S603 (our own console script, arguments we wrote)
        [str(Path(sys.executable).parent / "hotseat"), "match", "--in", str(source), "--seconds", "2"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["placed"] == 3


def test_match_a_cohort_from_the_database_changes_nothing(cohort):
    people = crowd(cohort, 2)
    night = person(cohort, "Nila Night", KOLKATA_NIGHT)

    result = run("--cohort", f"{cohort.program.slug}/{cohort.slug}", "--seconds", "2")

    placed = {result_id for g in result["groups"] for result_id in [g["leader"], *g["members"]]}
    assert placed == {p.email for p in people}
    assert [u["id"] for u in result["unplaced"]] == [night.email]
    assert result["cohort"]["cohort"] == cohort.slug
    assert not Mastermind.objects.exists()
    assert not GroupProposal.objects.exists()


def test_match_an_unknown_cohort_or_an_empty_one_says_so(cohort):
    with pytest.raises(CommandError, match="No cohort 'nope/nothing'") as unknown:
        call_command("match", "--cohort", "nope/nothing", stdout=StringIO())
    with pytest.raises(CommandError, match="Nobody to place") as empty:
        call_command("match", "--cohort", f"{cohort.program.slug}/{cohort.slug}", stdout=StringIO())

    assert unknown.value.returncode == empty.value.returncode == 2
