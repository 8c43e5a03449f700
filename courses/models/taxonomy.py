"""What content is filed under: topics, and the lecturers who teach."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Topic(models.Model):
    """A family-education topic (专题), such as 习惯养成 or 亲子沟通. Editors maintain them."""

    name = models.CharField(_("Name"), max_length=32, unique=True)
    slug = models.SlugField(_("Slug"), max_length=40, unique=True, allow_unicode=True)
    description = models.CharField(_("Summary"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    class Meta:
        verbose_name = _("Topic")
        verbose_name_plural = _("Topics")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Lecturer(index.Indexed, models.Model):
    """Who teaches a course: a teacher, an outside expert or a parent (家长讲师).

    A lecturer belongs to one school, or to a city or district (an expert of its guidance
    centre); that owner decides who may see, edit and choose them (`courses.permissions`).
    """

    class Kind(models.TextChoices):
        TEACHER = "teacher", _("Teacher")
        EXPERT = "expert", _("Expert")
        PARENT = "parent", _("Parent lecturer")

    name = models.CharField(_("Name"), max_length=32)
    kind = models.CharField(_("Lecturer type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("Position"), max_length=100, blank=True)
    bio = models.TextField(_("Biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("School"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lecturers",
    )
    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("City or district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lecturers",
        help_text=_("For a lecturer of a city or district rather than of one school."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("school"),
        FieldPanel("region"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("title"),
        # The admin's search runs inside the user's scope (`courses.permissions`).
        index.FilterField("school"),
        index.FilterField("region"),
    ]

    class Meta:
        verbose_name = _("Lecturer")
        verbose_name_plural = _("Lecturers")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def clean(self) -> None:
        if self.school_id and self.region_id:
            raise ValidationError(
                {"region": _("A lecturer belongs to a school or to a region, not both.")}
            )
