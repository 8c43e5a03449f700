"""Background work of the media pipeline; each task is a thin call into a service."""

from django_tasks import TaskContext, task

from . import maintenance, services


@task(queue_name="media")
def transcode_video(job_id: int) -> None:
    services.transcode_run(job_id=job_id)


@task(queue_name="media", takes_context=True)
def media_maintenance(context: TaskContext) -> None:
    maintenance.maintenance_run(task_result_id=str(context.task_result.id))
