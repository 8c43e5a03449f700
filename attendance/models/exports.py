"""Excel exports run in the background; the row tracks progress and holds the file."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Level(models.TextChoices):
        REGION = "region", _("Region")
        SCHOOL = "school", _("School")
        CLASS = "class", _("Class")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=8, choices=Level.choices)
    target_id = models.PositiveIntegerField()
    school_year = models.ForeignKey("attendance.SchoolYear", on_delete=models.CASCADE)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/attendance/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Hours export")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.target_id} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done_rows / self.total_rows) if self.total_rows else 0
