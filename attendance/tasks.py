"""Background work of the hours ledger; each task is a thin call into ``services``."""

from django_tasks import task

from . import services


@task(queue_name="reports")
def run_export(job_id: str) -> None:
    services.export_run(job_id=job_id)
