"""Delete resumable uploads abandoned past their ``Upload-Expires`` (run it hourly, e.g. cron,
next to ``requeue_stuck_transcodes``)."""

from django.core.management.base import BaseCommand

from media_pipeline.tus import expire_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Delete tus upload sessions past their expiry (MEDIA_UPLOAD_EXPIRE_SECONDS after the "
        "last chunk) and their partial files in MEDIA_UPLOAD_TMP_DIR."
    )

    def handle(self, *args, **options) -> None:
        expired = expire_abandoned_uploads()
        for upload_id in expired:
            self.stdout.write(f"expired upload {upload_id}")
        if not expired:
            self.stdout.write("no abandoned uploads")
