"""Children moved out of a class by a roster sync, with who did it and when.

Moving out only clears the child's class: the child, the family, its guardians and its
hours stay. The record keeps names and the family number as text too (a snapshot), so it
still says whom it was about after a class or a child is deleted; it is written by
`families.services.roster_move_out` and never edited.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .household import Child


class ClassDeparture(models.Model):
    child = models.ForeignKey(
        Child,
        verbose_name=_("Child"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="departures",
    )
    child_name = models.CharField(_("Child"), max_length=32)
    family_code = models.CharField(_("Family number"), max_length=20)
    school_class = models.ForeignKey(
        "schools.SchoolClass",
        verbose_name=_("Class"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("School"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    class_label = models.CharField(_("Class"), max_length=100)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("Username"), max_length=150)
    moved_at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Class departure")
        verbose_name_plural = _("Children moved out of classes")
        ordering = ["-moved_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.child_name} · {self.class_label} · {self.moved_at:%Y-%m-%d %H:%M}"
