"""`hotseat match`: propose masterminds from a cohort in the database or from a people file, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hotseat.matching import MatchingError
from hotseat.programs.models import Cohort
from hotseat.proposals.input import match_input
from hotseat.proposals.match_files import FileError, formation_json, parse

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Propose masterminds as JSON: --cohort PROGRAM/COHORT reads the accepted people without a seat from"
        " the database (nothing on the board changes), --in people.json reads a file (format: docs/matching.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--cohort", metavar="PROGRAM/COHORT", help="program and cohort slugs, e.g. cmm/spring")
        source.add_argument("--in", dest="infile", metavar="FILE", help="a people file ('-' for standard input)")
        parser.add_argument("--out", metavar="FILE", help="write the proposal here instead of standard output")
        parser.add_argument("--seconds", type=float, default=20.0, help="time for the local search (20)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seconds"] <= 0:
            raise CommandError("--seconds must be more than 0.", returncode=USAGE_ERROR)
        result = self._from_cohort(options) if options["cohort"] else self._from_file(options)
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        if options["out"]:
            try:
                Path(options["out"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['out']}: {exc.strerror}.", returncode=USAGE_ERROR) from None
            self.stderr.write(
                f"Wrote {options['out']}: {result['placed']} of a possible {result['upper_bound']} placed."
            )
        else:
            self.stdout.write(text, ending="")

    def _from_file(self, options: dict[str, Any]) -> dict[str, Any]:
        name = options["infile"]
        try:
            text = self.stdin_text() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                f"Cannot read {name}: {getattr(exc, 'strerror', None) or exc}.", returncode=USAGE_ERROR
            ) from None
        try:
            return formation_json(parse(text).run(options["seconds"]))
        except FileError as exc:
            raise CommandError(f"{name}: {exc}", returncode=USAGE_ERROR) from None

    def stdin_text(self) -> str:

        return sys.stdin.read()

    def _from_cohort(self, options: dict[str, Any]) -> dict[str, Any]:
        program_slug, _, cohort_slug = str(options["cohort"]).partition("/")
        cohort = Cohort.objects.select_related("program").filter(program__slug=program_slug, slug=cohort_slug).first()
        if cohort is None:
            raise CommandError(
                f"No cohort {options['cohort']!r}: give PROGRAM/COHORT, the slugs in the board's address.",
                returncode=USAGE_ERROR,
            )
        found = match_input(cohort)
        if not found.to_place:
            raise CommandError(
                "Nobody to place: every accepted person in this cohort has a seat.", returncode=USAGE_ERROR
            )
        try:
            formation = found.run(seconds=options["seconds"])
        except MatchingError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        result = formation_json(formation, {pid: user.email for pid, user in found.users.items()})
        result["paused"] = [found.users[pid].email for pid in found.paused]
        result["cohort"] = {
            "program": cohort.program.slug,
            "cohort": cohort.slug,
            "starts_on": cohort.starts_on.isoformat(),
        }
        return result
