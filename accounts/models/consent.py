"""Guardian consent to the processing of their children's personal data (PIPL art. 31:
children under 14 need a guardian's consent). Texts are versioned; records append only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentVersion(models.Model):
    """One published wording of the consent. The newest one is the one asked for."""

    version = models.PositiveIntegerField(_("Version"), unique=True)
    title = models.CharField(_("Title"), max_length=100)
    body = models.TextField(_("Text"))
    published_at = models.DateTimeField(_("Published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Consent text")
        verbose_name_plural = _("Consent texts")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ConsentRecord(models.Model):
    """A guardian gave or withdrew consent. Never changed or deleted: the history is the
    evidence."""

    class Action(models.TextChoices):
        GRANT = "grant", _("Consent given")
        WITHDRAW = "withdraw", _("Consent withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Parent account"),
        on_delete=models.PROTECT,
        related_name="consent_records",
    )
    version = models.ForeignKey(
        ConsentVersion, verbose_name=_("Version"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("Action"), max_length=8, choices=Action.choices)
    created_at = models.DateTimeField(_("When"), auto_now_add=True)

    class Meta:
        verbose_name = _("Consent record")
        verbose_name_plural = _("Consent records")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_action_display()} · v{self.version.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Consent records are append-only.")
