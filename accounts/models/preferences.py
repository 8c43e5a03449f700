from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisplayPreference(models.Model):
    """How a parent wants the site shown, kept with the account so it follows them to
    another phone (a grandparent often borrows one)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="display_preference"
    )
    large_text = models.BooleanField(_("Large text"), default=False)

    class Meta:
        verbose_name = _("Display preference")

    def __str__(self) -> str:
        return str(self.user)
