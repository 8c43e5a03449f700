"""Chinese word segmentation, shared by the index and the queries.

Chinese is written without spaces, so a full-text index that splits on spaces and
punctuation (SQLite FTS5's unicode61, PostgreSQL's parser) holds a whole clause as one
token and never finds 家庭教育 inside 如何做好家庭教育指导. jieba's search mode emits the
words *and* the shorter dictionary words inside them (家庭教育 → 家庭, 教育, 家庭教育), so
the index holds every word a parent may type; queries are cut the same way.
"""

import logging
import re
from functools import cache
from pathlib import Path

import jieba

DICTIONARY = Path(__file__).with_name("dictionary.txt")
MAX_QUERY_CHARS = 100  # a pasted essay is not a query; keeps the SQL small
_WORD = re.compile(r"\w+")  # letters, digits, CJK: quotes, *, FTS/Lucene syntax and emoji drop

# Words that carry no meaning in a parent's question (如何培养孩子的阅读习惯 → 培养 孩子 阅读习惯).
_STOPWORDS = (
    "的 地 得 了 着 过 和 与 及 或 在 是 吗 呢 啊 吧 把 被 让 给 对 从 向 怎么 怎样 如何 什么 "
    "为什么 哪些 一些 一下 我 我们 你 你们 他 她 它 这 那 这个 那个 有 也 就 都 要 会 能 "
    "可以 该 应该 请问 关于 方法 怎么办 做 想 and or not near the a an of to"
)
STOPWORDS = frozenset(_STOPWORDS.split())


@cache
def tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the domain dictionary (the global one stays untouched)."""
    jieba.setLogLevel(logging.WARNING)
    instance = jieba.Tokenizer()
    instance.load_userdict(str(DICTIONARY))
    return instance


def _clean(tokens) -> list[str]:
    return [piece.lower() for token in tokens for piece in _WORD.findall(token)]


def segment_for_index(text: str) -> str:
    """Space-separated search-mode tokens of `text`, ready for a whitespace tokenizer."""
    if not text:
        return ""
    return " ".join(_clean(tokenizer().cut_for_search(text)))


def query_words(text: str) -> list[str]:
    """The meaningful words of a query, in order (precise mode: one token per word)."""
    words = _clean(tokenizer().cut((text or "")[:MAX_QUERY_CHARS]))
    meaningful = [word for word in words if word not in STOPWORDS]
    return list(dict.fromkeys(meaningful or words))


def sub_words(word: str) -> list[str]:
    """The dictionary words inside `word` (家庭教育 → 家庭, 教育)."""
    return [part for part in _clean(tokenizer().cut_for_search(word)) if part != word]


def precise_words(text: str) -> list[str]:
    """`text` cut in precise mode (one token per word), cleaned like the index."""
    return _clean(tokenizer().cut(text or ""))


def highlight_terms(text: str) -> list[str]:
    """Every token a match may have used, longest first, for marking snippets."""
    from search.terms import query_terms

    marked = set()
    for term in query_terms(text):
        marked.update(term.alternatives)
        marked.update(term.parts)
    return sorted(marked, key=len, reverse=True)
