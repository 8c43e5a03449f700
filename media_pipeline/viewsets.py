"""The video library (视频库) and the video chooser in the Wagtail admin."""

from __future__ import annotations

from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from captions.columns import CaptionsColumn

from .forms import VideoForm, VideoUploadForm
from .models import Video
from .permissions import permission_policy
from .selectors import videos_for_user
from .views import admin as views
from .views import tus as tus_views


class StatusColumn(Column):
    """Status, progress bar while running, the error, and a retry button."""

    cell_template_name = "media_pipeline/status_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        job = instance.latest_job
        context |= {
            "job": job,
            "running": instance.status in ("queued", "probing", "transcoding"),
            "can_retry": request is not None
            and permission_policy.user_has_permission_for_instance(
                request.user, "change", instance
            ),
        }
        return context


class VideoViewSet(ModelViewSet):
    model = Video
    name = "videos"
    icon = "media"
    menu_label = "视频库"
    menu_order = 300
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = views.VideoIndexView
    add_view_class = views.VideoUploadView
    edit_view_class = views.VideoEditView
    delete_view_class = views.VideoDeleteView
    list_display = [
        TitleColumn("title", label="标题", url_name="videos:edit"),
        StatusColumn("status", label="状态"),
        Column("collection", label="所属"),
        CaptionsColumn("captions", accessor="pk", label="字幕"),
        DateColumn("created_at", label="上传时间"),
    ]
    list_filter = ["status"]
    search_fields = ["title"]

    def get_form_class(self, for_update=False):
        return VideoForm if for_update else VideoUploadForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("status/<int:pk>/", views.status_view, name="status"),
            path("retry/<int:pk>/", views.retry_view, name="retry"),
            path("tus/", tus_views.TusCreateView.as_view(), name="tus"),
            path(
                "tus/<uuid:upload_id>/",
                tus_views.TusUploadView.as_view(),
                name="tus_upload",
            ),
        ]


class ChooseableMixin:
    """Only videos the user may choose (their schools' collections)."""

    def get_object_list(self):
        return videos_for_user(user=self.request.user, actions=["choose"])


class VideoChooseView(ChooseableMixin, ChooseView):
    pass


class VideoChooseResultsView(ChooseableMixin, ChooseResultsView):
    pass


class VideoChosenView(ChosenView):
    def get_object(self, pk):
        return videos_for_user(user=self.request.user, actions=["choose"]).get(pk=pk)


class VideoChooserViewSet(ChooserViewSet):
    model = Video
    name = "video_chooser"
    icon = "media"
    choose_one_text = "选择视频"
    choose_another_text = "选择其他视频"
    edit_item_text = "编辑视频"
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView
    chosen_view_class = VideoChosenView
    creation_form_class = None


video_viewset = VideoViewSet()
video_chooser_viewset = VideoChooserViewSet()
