"""Special-group flags (留守儿童, 困境儿童, 低收入家庭) and the log of every look at them.

The flags are sensitive personal data about minors: they live in their own table (most
children have none), only users holding ``families.view_special_groups`` may see them, and
each time they are shown or exported a `SpecialGroupAccess` row records who saw which
children, when, and where.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .household import Child

VIEW_PERMISSION = "families.view_special_groups"


class SpecialGroup(models.TextChoices):
    LEFT_BEHIND = "left_behind", _("Left-behind child")
    IN_DIFFICULTY = "in_difficulty", _("Child in difficulty")
    LOW_INCOME = "low_income", _("Low-income family")


class SpecialGroupFlag(models.Model):
    child = models.ForeignKey(
        Child,
        verbose_name=_("Child"),
        on_delete=models.CASCADE,
        related_name="special_groups",
    )
    group = models.CharField(_("Special group"), max_length=16, choices=SpecialGroup.choices)
    note = models.CharField(_("Note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Special-group flag")
        verbose_name_plural = _("Special-group flags")
        ordering = ["child", "group"]
        constraints = [
            models.UniqueConstraint(fields=["child", "group"], name="unique_special_group"),
        ]
        # Not a default model permission: granted to named people, never to a whole role.
        permissions = [("view_special_groups", _("Can see special-group flags of children"))]

    def __str__(self) -> str:
        return f"{self.child} · {self.get_group_display()}"


class SpecialGroupAccess(models.Model):
    """One look at special-group flags. Children are kept as ids and names (a snapshot), so
    the log still says whom it was about after a child is deleted."""

    class Where(models.TextChoices):
        DETAIL = "detail", _("Family page")
        EDIT = "edit", _("Special-group form")
        EXPORT = "export", _("Roster export")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("Username"), max_length=150)
    accessed_at = models.DateTimeField(_("Time"), auto_now_add=True, db_index=True)
    where = models.CharField(_("Where"), max_length=16, choices=Where.choices)
    path = models.CharField(_("Address"), max_length=500)
    child_ids = models.JSONField(_("Children (ids)"), default=list)
    child_names = models.TextField(_("Children"), blank=True)

    class Meta:
        verbose_name = _("Special-group access")
        verbose_name_plural = _("Special-group access log")
        ordering = ["-accessed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.username} · {self.get_where_display()} · {self.accessed_at:%Y-%m-%d %H:%M}"
