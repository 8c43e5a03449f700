"""Caption files of lesson videos: one WebVTT file per video and language.

The file lives in the default storage under its own prefix (``captions/<video>/``), not inside
an HLS output: a re-transcode publishes a new output prefix, and the captions must survive it.
Every stored file has a fresh name, so a replacement never overwrites the file a player may
be reading, and the serving URL (which carries that name) can be cached as immutable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from media_pipeline.models import Video


class Language(models.TextChoices):
    # BCP 47 tags, as <track srclang> wants them.
    ZH_HANS = "zh-Hans", _("Simplified Chinese")
    EN = "en", _("English")


class Caption(models.Model):
    """A video's captions in one language, stored as WebVTT (SRT uploads are converted)."""

    video = models.ForeignKey(
        Video, verbose_name=_("video"), on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(_("language"), max_length=16, choices=Language.choices)
    file_key = models.CharField(max_length=255, unique=True, editable=False)
    original_filename = models.CharField(_("original filename"), max_length=255, blank=True)
    cue_count = models.PositiveIntegerField(_("cues"), default=0)
    # The spoken words, one cue a line: what the lesson's search index reads.
    text = models.TextField(blank=True, editable=False)
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("caption")
        verbose_name_plural = _("captions")
        constraints = [
            models.UniqueConstraint(fields=["video", "language"], name="one_caption_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.video_id} {self.language}"

    @property
    def token(self) -> str:
        """The stored file's own name without extension; it changes with every upload."""
        return self.file_key.rsplit("/", 1)[-1].removesuffix(".vtt")

    @property
    def url(self) -> str:
        return reverse("captions:serve", args=[self.video_id, self.language, self.token])

    @property
    def label(self) -> str:
        return LABELS[self.language]


# How each language names itself in the player's menu, whatever the page's language.
LABELS = {Language.ZH_HANS: "中文", Language.EN: "English"}
