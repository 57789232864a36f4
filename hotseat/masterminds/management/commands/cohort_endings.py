from django.core.management.base import BaseCommand
from django.utils import timezone

from hotseat.masterminds.actions.next_steps import sync_all_cohort_endings


class Command(BaseCommand):
    help = (
        "Write (or re-derive) the 'cohort ending' notice of every member of every group whose cohort is not over:"
        " idempotent, run it daily from cron."
    )

    def handle(self, *args: object, **options: object) -> None:
        synced = sync_all_cohort_endings(timezone.localdate())
        self.stdout.write(f"{synced} group{'s' if synced != 1 else ''} checked.")
