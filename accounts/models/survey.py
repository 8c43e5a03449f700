from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SatisfactionResponse(models.Model):
    """A family's satisfaction with a course (满意度测评): one answer per family and course."""

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("Family"),
        on_delete=models.CASCADE,
        related_name="satisfaction_responses",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("Course"),
        on_delete=models.CASCADE,
        related_name="satisfaction_responses",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("Satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("Comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Satisfaction response")
        verbose_name_plural = _("Satisfaction responses")
        constraints = [
            models.UniqueConstraint(fields=["family", "course"], name="one_response_per_family"),
        ]

    def __str__(self) -> str:
        return f"{self.family} · {self.course} · {self.score}"
