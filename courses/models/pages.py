"""Curriculum → course → lesson, the heart of the parent school."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.admin_forms import CoursePageForm
from schools.models import Stage
from search.mixins import FACET_SEARCH_FIELDS, SearchFacetsMixin


class CurriculumPage(SearchFacetsMixin, Page):
    """A curriculum (课程体系) for a stage and its grades. Under the city or a district it
    is shared with every school below; under a school it is the school's own (本校特色)."""

    stage = models.CharField(
        _("Stage"),
        max_length=16,
        choices=Stage.choices,
        blank=True,
        help_text=_("Leave empty for a curriculum for every stage."),
    )
    intro = RichTextField(_("Summary"), blank=True)
    topics = ParentalManyToManyField("courses.Topic", verbose_name=_("Topics"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("stage"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        *FACET_SEARCH_FIELDS,
    ]
    api_fields = [APIField("stage"), APIField("intro"), APIField("topic_names")]
    parent_page_types = ["home.HomePage", "schools.DistrictPage", "schools.SchoolPage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("Curriculum")

    @property
    def topic_names(self) -> list[str]:
        return [topic.name for topic in self.topics.all()]

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.course_cards(selectors.live_courses().child_of(self))
        return context


class CoursePage(SearchFacetsMixin, Page):
    """A course: target grades, topics, a lecturer, lessons. Its class hours are the sum
    of its published lessons'."""

    summary = models.CharField(_("Summary"), max_length=200)
    description = RichTextField(_("Description"), blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lecturer = models.ForeignKey(
        "courses.Lecturer",
        verbose_name=_("Lecturer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    grades = ParentalManyToManyField("schools.GradeLevel", verbose_name=_("Target grades"))
    topics = ParentalManyToManyField("courses.Topic", verbose_name=_("Topics"), blank=True)
    is_premium = models.BooleanField(
        _("Premium course"),
        default=False,
        help_text=_("Set by a premium course selection (精品课程评选)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("grades", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Audience"),
        ),
        FieldPanel("lecturer"),
        FieldPanel("cover"),
        FieldPanel("description"),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("is_premium")]
    base_form_class = CoursePageForm
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("is_premium"),
        *FACET_SEARCH_FIELDS,
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("cover", serializer=ImageRenditionField("fill-480x270")),
        APIField("lecturer_info"),
        APIField("grade_codes"),
        APIField("topic_names"),
        APIField("is_premium"),
        APIField("total_class_hours"),
    ]
    parent_page_types = ["courses.CurriculumPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("Course")

    @property
    def topic_names(self) -> list[str]:
        return [topic.name for topic in self.topics.all()]

    @property
    def grade_codes(self) -> list[str]:
        return [grade.code for grade in self.grades.all()]

    @property
    def lecturer_info(self) -> dict | None:
        if self.lecturer is None:
            return None
        return {
            "name": self.lecturer.name,
            "kind": self.lecturer.kind,
            "title": self.lecturer.title,
        }

    @property
    def total_class_hours(self) -> Decimal:
        annotated = getattr(self, "_total_class_hours", None)
        if annotated is not None:
            return annotated
        from courses import selectors

        hours = selectors.live_lessons().child_of(self).aggregate(total=models.Sum("class_hours"))
        return hours["total"] or Decimal(0)

    @total_class_hours.setter
    def total_class_hours(self, value: Decimal) -> None:
        self._total_class_hours = value

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(selectors.live_lessons().child_of(self))
        context["total_class_hours"] = sum(
            (lesson.class_hours for lesson in context["lessons"]), Decimal(0)
        )
        context["curriculum"] = self.get_parent()
        return context


class NoteBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=80)
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "ol", "ul", "link"]
    )
    tips = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("Tips for parents"))
    image = ImageBlock(label=_("Image"))
    document = DocumentChooserBlock(label=_("Document"))


class LessonPage(SearchFacetsMixin, Page):
    """A micro-video lesson (微课): the video from the school's video library, notes,
    attachments, reflection questions, and the class hours a family is credited for
    watching it."""

    summary = models.CharField(_("Summary"), max_length=200, blank=True)
    video = models.ForeignKey(
        "media_pipeline.Video",
        verbose_name=_("Video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choose a video from the video library, or upload one there first."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("Duration (minutes)"), validators=[MinValueValidator(1)]
    )
    class_hours = models.DecimalField(
        _("Class hours credited"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text=_("Class hours a family earns by watching this lesson to the end."),
    )
    notes = StreamField(NoteBlock(), verbose_name=_("Lesson notes"), blank=True)
    questions = StreamField(
        [("question", blocks.CharBlock(label=_("Question"), max_length=200))],
        verbose_name=_("Reflection questions"),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("video"),
        MultiFieldPanel(
            [FieldPanel("duration_minutes"), FieldPanel("class_hours")], heading=_("Credit")
        ),
        FieldPanel("notes"),
        InlinePanel("attachments", label=_("Attachments")),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("notes"),
        index.SearchField("caption_text"),
        *FACET_SEARCH_FIELDS,
    ]
    api_fields = [
        APIField("summary"),
        APIField("duration_minutes"),
        APIField("class_hours"),
        APIField("notes"),
        APIField("questions"),
        APIField("attachment_links"),
        APIField("video_info"),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Lesson")

    @property
    def video_info(self) -> dict | None:
        """The published HLS stream, or None while there is none to play."""
        from captions.selectors import caption_tracks

        video = self.video
        if video is None or not video.is_ready:
            return None
        return {
            "playlist": video.playlist_url,
            "poster": video.poster_url,
            "thumbnails": video.thumbnails_url,
            "duration": video.duration,
            "has_audio": video.has_audio,
            "captions": caption_tracks(video=video),
        }

    @property
    def caption_text(self) -> str:
        """The words spoken in the video (its captions): a phrase a parent remembers from a
        lesson finds it in search."""
        from captions.selectors import caption_text_of

        return caption_text_of(video_id=self.video_id) if self.video_id else ""

    @property
    def attachment_links(self) -> list[dict]:
        return [
            {"title": a.label or a.document.title, "url": a.document.url}
            for a in self.attachments.select_related("document")
        ]

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["course"] = self.get_parent().specific
        context["siblings"] = list(selectors.live_lessons().sibling_of(self, inclusive=True))
        context["attachments"] = list(self.attachments.select_related("document"))
        if request.user.is_authenticated:
            from attendance.selectors import resume_position

            # Where this account left off, on whichever device it watched.
            context["resume_position"] = resume_position(user=request.user, lesson=self)
        return context


class LessonAttachment(Orderable):
    lesson = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(_("Label"), max_length=80, blank=True)

    panels = [FieldPanel("document"), FieldPanel("label")]
