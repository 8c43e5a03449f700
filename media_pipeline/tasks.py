"""Background work of the media pipeline; each task is a thin call into ``services``."""

from django_tasks import task

from . import services


@task(queue_name="media")
def transcode_video(job_id: int) -> None:
    services.transcode_run(job_id=job_id)
