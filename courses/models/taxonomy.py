"""Course content. The topic taxonomy comes first: curricula, courses and lessons are
filed under topics, which editors maintain as snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet


@register_snippet
class Topic(models.Model):
    """A family-education topic (专题), such as 习惯养成 or 亲子沟通."""

    name = models.CharField(_("Name"), max_length=32, unique=True)
    slug = models.SlugField(_("Slug"), max_length=40, unique=True, allow_unicode=True)
    description = models.CharField(_("Summary"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    class Meta:
        verbose_name = _("Topic")
        verbose_name_plural = _("Topic")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name
