"""manage.py import_videos: one video per file, past bad files, each with its reason."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from media_pipeline.models import Video

pytestmark = pytest.mark.django_db(transaction=True)


def import_videos(*args):
    out, err = StringIO(), StringIO()
    call_command("import_videos", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_imports_good_files_and_reports_bad_ones(
    upload, clip, tmp_path, uploader, root_collection, run_tasks
):
    junk = tmp_path / "notes.mp4"
    junk.write_text("不是视频\n" * 100)
    empty = tmp_path / "empty.mp4"
    empty.touch()
    out, err = import_videos(
        clip,
        empty,
        tmp_path / "missing.mp4",
        junk,
        "--collection",
        root_collection.name,
        "--user",
        uploader.username,
    )
    assert "2 imported, 2 skipped" in out
    assert "empty.mp4: 文件是空的" in err and "missing.mp4: 文件不存在" in err
    run_tasks()
    statuses = dict(Video.objects.values_list("title", "status"))
    assert statuses == {"clip": "ready", "notes": "failed"}
    assert "无法识别" in Video.objects.get(title="notes").error_message


def test_unknown_collection_or_user(media_root, clip, uploader, root_collection):
    with pytest.raises(CommandError, match="集合"):
        import_videos(clip, "--collection", "nowhere", "--user", uploader.username)
    with pytest.raises(CommandError, match="用户"):
        import_videos(clip, "--collection", root_collection.name, "--user", "nobody")
