"""Requeue transcode jobs whose worker stopped reporting (run it every few minutes, e.g. cron)."""

from django.core.management.base import BaseCommand

from media_pipeline.services import requeue_stuck_jobs


class Command(BaseCommand):
    help = (
        "Requeue transcode jobs with no heartbeat for MEDIA_JOB_STALL_SECONDS; fail them after "
        "MEDIA_JOB_MAX_ATTEMPTS runs."
    )

    def handle(self, *args, **options) -> None:
        result = requeue_stuck_jobs()
        for job_id in result["requeued"]:
            self.stdout.write(f"requeued job {job_id}")
        for job_id in result["failed"]:
            self.stdout.write(f"failed job {job_id} (too many attempts)")
        if not any(result.values()):
            self.stdout.write("no stuck jobs")
