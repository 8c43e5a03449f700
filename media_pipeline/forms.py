"""Admin forms for the video library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from .models import Video
from .permissions import permission_policy

MAX_UPLOAD_BYTES = 4 * 1024**3


class VideoForm(forms.ModelForm):
    """Title and collection; the collection list holds only those where the user may
    ``collection_action``."""

    collection_action = "change"

    class Meta:
        model = Video
        fields = ["title", "collection"]

    def __init__(self, *args, for_user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        allowed = Collection.objects.none()
        if for_user is not None:
            allowed = permission_policy.collections_user_has_any_permission_for(
                for_user, [self.collection_action]
            )
        self.fields["collection"].queryset = allowed
        if len(allowed) == 1:
            self.fields["collection"].initial = allowed[0].pk


class VideoUploadForm(VideoForm):
    collection_action = "add"

    file = forms.FileField(
        label=_("Video or audio file"),
        help_text=_("MP4, MOV, MKV, M4A, MP3…, up to 4 GB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 4 GB，请压缩或分段后上传。")
        return upload
