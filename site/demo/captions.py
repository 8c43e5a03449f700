"""Captions of the demo's generated videos (Simplified Chinese, and English for one).

The clips are the demo's own, so their length is known before the task worker probes them;
it is written down here so that the captions can be checked against it at once (the
worker's probe later writes the measured length over it).
"""

from captions.models import Caption, Language
from captions.services import caption_attach
from media_pipeline.models import Video

from .videos import CLIPS, SECONDS

CUES = {
    "微课视频·亲子共读": [
        "各位家长好，今天我们来聊聊亲子共读。",
        "每天睡前留出十五分钟，和孩子一起读一本绘本。",
        "读完以后，请孩子讲一讲最喜欢的那一页。",
        "不必急着纠正，耐心听孩子把话说完。",
    ],
    "微课视频·情绪小课堂": [
        "孩子发脾气的时候，先蹲下来，看着他的眼睛。",
        "帮孩子说出他的感受：你是不是有点生气？",
        "等情绪平静下来，再一起想想下次怎么办。",
        "家长自己的情绪稳定，是孩子最好的榜样。",
    ],
    "微课视频·安全第一课": [
        "上学路上，请提醒孩子走人行道、看红绿灯。",
        "陌生人给的食物不要吃，陌生人的车不要上。",
        "和孩子一起背熟家长的手机号码。",
        "遇到危险，要大声呼救，向警察和老师求助。",
    ],
}
ENGLISH = {
    "微课视频·亲子共读": [
        "Dear parents, today we talk about reading together.",
        "Set aside fifteen minutes before bed to share a picture book.",
        "Afterwards, ask your child about the page they liked best.",
        "Do not rush to correct: listen until your child has finished.",
    ],
}


def build_captions() -> None:
    """Attach the demo captions to the demo videos that have none yet."""
    for title, _pattern, _tone in CLIPS:
        video = Video.objects.filter(title=title).first()
        if video is None:
            continue
        if video.duration is None:
            Video.objects.filter(pk=video.pk, duration=None).update(duration=float(SECONDS))
            video.refresh_from_db()
        _attach(video, Language.ZH_HANS, CUES[title])
        if title in ENGLISH:
            _attach(video, Language.EN, ENGLISH[title])


def _attach(video: Video, language: str, lines: list[str]) -> None:
    if Caption.objects.filter(video=video, language=language).exists():
        return
    step = SECONDS / len(lines)
    blocks = [
        f"{number}\n{_stamp(number - 1, step)} --> {_stamp(number, step)}\n{line}\n"
        for number, line in enumerate(lines, start=1)
    ]
    caption_attach(
        video=video,
        language=language,
        data="\n".join(blocks).encode("utf-8"),
        original_name=f"{video.title}.srt",
        user=None,
    )


def _stamp(index: int, step: float) -> str:
    milliseconds = round(index * step * 1000)
    seconds, milliseconds = divmod(milliseconds, 1000)
    return f"00:00:{seconds:02d},{milliseconds:03d}"
