"""The caption upload form of the admin's 字幕 page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .formats import CaptionFileError, check_size
from .models import Language


class CaptionUploadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    file = forms.FileField(
        label=_("Caption file"),
        help_text=_("WebVTT (.vtt) or SRT (.srt), UTF-8 or GBK; SRT is converted to WebVTT."),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory; the content is checked by the service.
        try:
            check_size(upload.size)
        except CaptionFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
