"""Joint broadcasts (联合展播): premium courses shown to every school of a region."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import SelectionRound


class Broadcast(models.Model):
    """Courses shown on every school, district and home page of `region` between
    `starts_at` and `ends_at`. Their lessons stay ordinary public lessons, so watching
    them counts toward a family's hours like any other."""

    title = models.CharField(_("Title"), max_length=100)
    round = models.ForeignKey(
        SelectionRound,
        verbose_name=_("Round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="broadcasts",
    )
    region = models.ForeignKey(
        "schools.Region", verbose_name=_("Region"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Joint broadcast")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The broadcast must end after it starts.")})


class BroadcastItem(models.Model):
    broadcast = models.ForeignKey(Broadcast, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["broadcast", "course"], name="unique_broadcast_item"),
        ]

    def __str__(self) -> str:
        return f"{self.broadcast} · {self.course}"
