"""Codes a school hands out: invite codes that bind a new account to a family, and
one-time reset codes that replace the SMS a password reset would otherwise need."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InviteCode(models.Model):
    """A code a school (or one of its classes) gives its parents to register with.

    A class code finds the child in that class; a school code in any class of the school."""

    code = models.CharField(_("Invite code"), max_length=16, unique=True)
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("School"),
        on_delete=models.CASCADE,
        related_name="invite_codes",
    )
    school_class = models.ForeignKey(
        "schools.SchoolClass",
        verbose_name=_("Class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invite_codes",
        help_text=_("Leave empty for a code valid in every class of the school."),
    )
    expires_at = models.DateTimeField(_("Expires at"))
    max_uses = models.PositiveIntegerField(_("Maximum number of registrations"))
    uses = models.PositiveIntegerField(_("Registrations so far"), default=0)
    revoked_at = models.DateTimeField(_("Revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Invite code")
        verbose_name_plural = _("Invite codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.uses < self.max_uses
        )


class ResetCode(models.Model):
    """A one-time, short-lived code a school admin gives a parent who forgot the password.
    Only a hash is stored: the code is shown once, to the admin who issued it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Parent account"),
        on_delete=models.CASCADE,
        related_name="reset_codes",
    )
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("Expires at"))
    used_at = models.DateTimeField(_("Used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Password reset code")
        verbose_name_plural = _("Password reset codes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
