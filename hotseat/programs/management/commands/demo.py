from django.conf import settings
from django.core.management.base import BaseCommand

from hotseat.programs.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo program (idempotent) and print the logins."

    def handle(self, *args: object, **options: object) -> None:
        cohort, logins = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {settings.SITE_URL}{cohort.get_absolute_url()}"))
        self.stdout.write(f"Logins (password for all: {logins[0][1]}):")
        for email, _ in logins:
            self.stdout.write(f"  {email}")
