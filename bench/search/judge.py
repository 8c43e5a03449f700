"""Relevance judgements for the judged queries, made from the pages' own text.

A page is relevant to a query when it is *about* one of the query's concepts (queries.py):

* every word of the concept occurs in the page's text (title, summary, body), and
* the page puts it forward: a word of the concept is in its *head* — title, summary, the
  topics it is filed under, and for a lesson the title of its course (the lesson is part of
  a course about it) — or the words occur at least twice in its body (notes, description,
  introduction): a lesson whose notes discuss 作息 is about 作息 even if its title is not,
  while a single passing mention is not.

Nothing here looks at any backend's results: the same judgements score every backend.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class JudgedPage:
    pk: int
    head: str
    body: str


def judged_pages() -> list[JudgedPage]:
    """Every page a parent may be shown, as the judge reads it."""
    from search.highlight import page_text
    from search.query import public_pages

    pages = []
    for page in public_pages().specific():
        kind = type(page).__name__
        course = page.get_parent().specific if kind == "LessonPage" else page
        head = [page.title, getattr(page, "summary", "") or ""]
        if kind == "LessonPage":
            head.append(course.title)
        if hasattr(course, "topics"):
            head += [topic.name for topic in course.topics.all()]
        body = page_text(page).removeprefix(head[1])
        pages.append(JudgedPage(pk=page.pk, head=" ".join(head), body=body))
    return pages


def is_about(page: JudgedPage, concept: str) -> bool:
    words = concept.split("+")
    if not all(word in page.head or word in page.body for word in words):
        return False
    return any(word in page.head for word in words) or sum(map(page.body.count, words)) >= 2


def relevant(pages: list[JudgedPage], concepts: list[str]) -> set[int]:
    return {page.pk for page in pages if any(is_about(page, c) for c in concepts)}
