"""Playback sessions of online lessons: the unique seconds a parent has actually played."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaybackSession(models.Model):
    """One viewing of a lesson by one account. Starting a new one supersedes the old, so
    two tabs or two phones on one account never earn time twice over. A new session
    inherits the played seconds of the previous one: watching half today and half
    tomorrow covers the lesson."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    duration = models.FloatField(help_text="seconds of video")
    # Sorted, disjoint [from, to] second ranges played while visible at ≤ 1× speed.
    intervals = models.JSONField(default=list)
    covered_seconds = models.FloatField(default=0)
    # Seconds claimed by accepted beats of this session: never more than its wall clock.
    claimed_seconds = models.FloatField(default=0)
    position = models.FloatField(default=0)
    last_seq = models.IntegerField(default=0)
    started_at = models.DateTimeField()
    last_beat_at = models.DateTimeField()
    superseded = models.BooleanField(default=False)
    credited = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("Playback session")
        verbose_name_plural = _("Playback sessions")
        indexes = [
            models.Index(fields=["user", "lesson", "-last_beat_at"], name="playback_user_lesson"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.lesson_id} · {self.covered_seconds:.0f}s"

    @property
    def covered_percent(self) -> int:
        """How much of the lesson this session has covered, for a parent to read."""
        return min(100, int(100 * self.covered_seconds / self.duration)) if self.duration else 0
