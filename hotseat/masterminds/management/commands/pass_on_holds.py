from django.core.management.base import BaseCommand
from django.utils import timezone

from hotseat.masterminds.actions import pass_on_lapsed_holds


class Command(BaseCommand):
    help = "Give seats whose 48-hour hold lapsed to the next person on the waitlist (idempotent; run from cron)."

    def handle(self, *args: object, **options: object) -> None:
        made = pass_on_lapsed_holds(timezone.now())
        self.stdout.write(f"{made} seat{'s' if made != 1 else ''} offered to the next person waiting.")
