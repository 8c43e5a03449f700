"""Generated Chinese personal names. Deterministic for a given random generator, so the
demo city is the same on every machine."""

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Characters common in given names, split so children's names sound younger.
ADULT_CHARS = "建国志明伟强军平东海文华永刚春晓红丽英敏静芳燕玲秀兰桂霞俊杰斌涛磊鹏"
CHILD_CHARS = "子涵梓轩浩宇一诺欣怡雨桐思远嘉懿若曦沐阳语汐铭泽睿博可馨诗琪奕辰晨希悦彤佳然安"


def surname(rng: random.Random) -> str:
    return rng.choice(SURNAMES)


def given_name(rng: random.Random, *, child: bool) -> str:
    pool = CHILD_CHARS if child else ADULT_CHARS
    length = rng.choice((1, 2, 2)) if child else rng.choice((1, 2))
    return "".join(rng.choice(pool) for _ in range(length))


def full_name(rng: random.Random, *, family_name: str | None = None, child: bool = False) -> str:
    return (family_name or surname(rng)) + given_name(rng, child=child)


def mobile_number(rng: random.Random) -> str:
    """A well-formed mainland mobile number; every demo number shares one prefix."""
    return "1990000" + "".join(str(rng.randint(0, 9)) for _ in range(4))
