from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from hotseat.demo.program import FRENCH_SPEAKER, SPRING_SLUG, load_demo
from hotseat.demo.running import running_group


class Command(BaseCommand):
    help = "Load the demo program (idempotent) and print the logins."

    def handle(self, *args: object, **options: object) -> None:
        cohort, logins = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo ready: {settings.SITE_URL}{cohort.get_absolute_url()}"))
        group = running_group(cohort.program)
        if group is not None:
            week = reverse("week", args=[group.pk, 1])
            self.stdout.write(
                f"A group three weeks into its cohort (log in as alice@example.com): "
                f"{settings.SITE_URL}{reverse('group', args=[group.pk])} — its first week: {settings.SITE_URL}{week}"
            )
            self.stdout.write(
                f"The same group in French (log in as {FRENCH_SPEAKER}, who reads hotseat in French): "
                f"{settings.SITE_URL}{reverse('group', args=[group.pk])}"
            )
        spring = reverse("propose", args=[cohort.program.slug, SPRING_SLUG])
        self.stdout.write(f"Spring cohort, 40 people to group (as the organizer): {settings.SITE_URL}{spring}")
        self.stdout.write(f"Logins (password for all: {logins[0][1]}):")
        for email, _ in logins:
            self.stdout.write(f"  {email}")
