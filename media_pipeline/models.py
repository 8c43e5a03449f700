"""Lesson videos and their transcode jobs.

A ``Video`` is what teachers upload and lessons choose, filed in a Wagtail collection like
images and documents (one collection per school, see ``schools.access``). Each processing run
is a ``TranscodeJob`` row; the video's ``status`` mirrors its latest job. ``hls_prefix`` names
the published output and changes only in one transaction once a complete output is stored, so
a player never sees a half-written ladder. While ``hls_preview`` is set, the published output
is the lowest rung alone (with its own master playlist); the full ladder replaces it when done.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import CollectionMember
from wagtail.search import index

from .hls import FIRST_MASTER_NAME, MASTER_NAME


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROBING = "probing", _("Checking the file")
    TRANSCODING = "transcoding", _("Transcoding")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


RUNNING_STATUSES = (Status.PROBING, Status.TRANSCODING)


class Video(CollectionMember, index.Indexed, models.Model):
    """An uploaded lesson video (or audio-only lesson) and its published HLS output."""

    title = models.CharField(_("title"), max_length=255)
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by user"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    # Generated storage name; the client's filename never reaches a storage path.
    source_key = models.CharField(max_length=255, unique=True, editable=False)
    original_filename = models.CharField(
        _("original filename"), max_length=255, blank=True, editable=False
    )
    size = models.BigIntegerField(_("size in bytes"), default=0, editable=False)

    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    has_audio = models.BooleanField(default=False, editable=False)
    probe = models.JSONField(default=dict, blank=True, editable=False)

    hls_prefix = models.CharField(max_length=255, blank=True, editable=False)
    hls_preview = models.BooleanField(default=False, editable=False)
    poster_key = models.CharField(max_length=255, blank=True, editable=False)
    thumbnails_vtt_key = models.CharField(max_length=255, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, editable=False
    )
    error_message = models.TextField(_("error"), blank=True, editable=False)

    search_fields = CollectionMember.search_fields + [
        index.SearchField("title", boost=10),
        index.AutocompleteField("title"),
        index.FilterField("uploaded_by_user"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at"]
        permissions = [("choose_video", "Can choose video")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        """Playable: a complete output is published (the full ladder, or while the rest is
        encoded, the lowest rung), even while a re-transcode or a retry is under way."""
        return bool(self.hls_prefix)

    @property
    def run_id(self) -> str:
        """The published output's id (last part of ``hls_prefix``); it is in every URL."""
        return self.hls_prefix.rstrip("/").rsplit("/", 1)[-1] if self.hls_prefix else ""

    def file_url(self, name: str) -> str:
        """The access-checked URL of a published file, e.g. ``master.m3u8``; "" if none."""
        if not self.hls_prefix:
            return ""
        return reverse("media_pipeline:serve", args=[self.pk, self.run_id, name])

    @property
    def playlist_url(self) -> str:
        # A preview's master has its own name: every published file is cached as immutable.
        return self.file_url(FIRST_MASTER_NAME if self.hls_preview else MASTER_NAME)

    @property
    def poster_url(self) -> str:
        return self.file_url("poster.jpg") if self.poster_key else ""

    @property
    def thumbnails_url(self) -> str:
        return self.file_url("thumbnails.vtt") if self.thumbnails_vtt_key else ""

    @property
    def latest_job(self) -> TranscodeJob | None:
        return self.jobs.order_by("-created_at", "-pk").first()


class TranscodeJob(models.Model):
    """One attempt to turn a video's source into HLS. ``output_prefix`` is fresh per run, so a
    re-run (at-least-once delivery, the watchdog) never writes over another run's files."""

    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    error_code = models.CharField(max_length=64, blank=True)
    log_tail = models.TextField(blank=True)
    output_prefix = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transcode job")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.video_id}#{self.pk} {self.status}"


class UploadSession(models.Model):
    """A resumable (tus) upload in progress: the bytes so far sit in a local partial file
    named by ``id`` (never by the client's filename) until ``offset`` reaches ``length``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=255)
    original_filename = models.CharField(max_length=255, blank=True)
    length = models.BigIntegerField()
    offset = models.BigIntegerField(default=0)
    video = models.ForeignKey(
        Video, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("upload session")

    def __str__(self) -> str:
        return f"{self.pk} {self.offset}/{self.length}"

    @property
    def is_complete(self) -> bool:
        return self.video_id is not None


class TranscodeSlot(models.Model):
    """One of ``MEDIA_TRANSCODE_CONCURRENCY`` permits to run ffmpeg, shared by every worker
    process. A job holds a slot while ``lease_until`` is in the future; its heartbeats renew
    the lease, so a killed worker's slot frees itself (see ``concurrency``)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    job = models.ForeignKey(
        TranscodeJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("transcode slot")

    def __str__(self) -> str:
        return f"slot {self.number}: {self.job_id or '-'}"


class MaintenanceSchedule(models.Model):
    """The single pending maintenance task (watchdog + upload expiry), so that however many
    places ask for one, only one is queued at a time (see ``maintenance``)."""

    name = models.CharField(max_length=32, primary_key=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("maintenance schedule")

    def __str__(self) -> str:
        return f"{self.name} at {self.run_after}"
