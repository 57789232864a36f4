from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hotseat.homework.actions import prune_unclaimed_uploads


class Command(BaseCommand):
    help = "Delete pasted files whose post was never saved (run daily, e.g. from cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--min-age-days", type=int, default=2, help="Keep files younger than this (default 2).")

    def handle(self, *args: object, **options: object) -> None:
        days = options["min_age_days"]
        assert isinstance(days, int)
        pruned = prune_unclaimed_uploads(timezone.now() - timedelta(days=days))
        self.stdout.write(f"Pruned {pruned} unclaimed upload{'s' if pruned != 1 else ''}.")
