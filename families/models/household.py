"""Families (households), their guardians and their children.

A family is one household even when its children attend different schools; staff see a
family through the classes of the children enrolled in their scope.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Family(models.Model):
    code = models.CharField(_("Family number"), max_length=20, unique=True)
    address = models.CharField(_("Home address"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Family")
        verbose_name_plural = _("Family")
        ordering = ["code"]

    def __str__(self) -> str:
        primary = self.guardians.order_by("pk").first()
        return _("%(name)s's family") % {"name": primary.name} if primary else self.code


class Guardian(models.Model):
    class Relation(models.TextChoices):
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        GRANDFATHER = "grandfather", _("Grandfather")
        GRANDMOTHER = "grandmother", _("Grandmother")
        OTHER = "other", _("Other guardian")

    family = models.ForeignKey(
        Family, verbose_name=_("Family"), on_delete=models.CASCADE, related_name="guardians"
    )
    name = models.CharField(_("Name"), max_length=32)
    relation = models.CharField(_("Relation to the child"), max_length=16, choices=Relation.choices)
    phone = models.CharField(_("Mobile number"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Parent account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guardian",
    )

    class Meta:
        verbose_name = _("Guardian")
        verbose_name_plural = _("Guardian")
        ordering = ["family", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"


class Child(models.Model):
    class Gender(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    family = models.ForeignKey(
        Family, verbose_name=_("Family"), on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("Name"), max_length=32)
    gender = models.CharField(_("Gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("Date of birth"))
    school_class = models.ForeignKey(
        "schools.SchoolClass",
        verbose_name=_("Class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = _("Child")
        verbose_name_plural = _("Child")
        ordering = ["family", "birth_date"]

    def __str__(self) -> str:
        return self.name
