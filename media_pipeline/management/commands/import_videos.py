"""Bulk import: ``manage.py import_videos PATH... --collection NAME --user USERNAME``.

Each file becomes a video queued for transcoding (a worker must run). Files the pipeline
rejects are still imported and end up failed with their Chinese reason in the library; files
that cannot even be read are reported here and skipped.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Collection

from media_pipeline.services import video_create


class Command(BaseCommand):
    help = "Import video or audio files into the video library and queue their transcodes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--collection", required=True, help="collection name")
        parser.add_argument("--user", required=True, help="username recorded as uploader")

    def handle(self, *args, paths, collection, user, **options) -> None:
        target = Collection.objects.filter(name=collection).first()
        if target is None:
            raise CommandError(f"没有名为“{collection}”的集合。")
        uploader = get_user_model().objects.filter(username=user).first()
        if uploader is None:
            raise CommandError(f"没有用户“{user}”。")
        failures = sum(not self.import_one(path, target, uploader) for path in paths)
        self.stdout.write(f"{len(paths) - failures} imported, {failures} skipped")

    def import_one(self, path: Path, collection: Collection, user) -> bool:
        reason = self.unreadable(path)
        if reason:
            self.stderr.write(f"跳过 {path}: {reason}")
            return False
        video = video_create(
            title=path.stem,
            collection=collection,
            user=user,
            source_path=path,
            original_name=path.name,
        )
        self.stdout.write(f"已导入 {path} → 视频 {video.pk}（排队转码）")
        return True

    @staticmethod
    def unreadable(path: Path) -> str:
        if not path.is_file():
            return "文件不存在或不是普通文件。"
        if path.stat().st_size == 0:
            return "文件是空的（0 字节）。"
        try:
            with path.open("rb"):
                return ""
        except OSError as error:
            return f"无法读取文件（{error.strerror}）。"
