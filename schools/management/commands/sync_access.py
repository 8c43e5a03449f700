from django.core.management.base import BaseCommand

from schools.access import sync_access


class Command(BaseCommand):
    help = (
        "Create the groups, page and media permissions, collections and moderation "
        "workflows of every city, district and school page. Safe to run again."
    )

    def handle(self, *args, **options):
        sync_access()
        self.stdout.write(self.style.SUCCESS("Access rules are in place."))
