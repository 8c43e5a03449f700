"""Rebuild the search index with a progress bar.

On a search cluster modelsearch's atomic rebuilder writes a fresh index and then points the
alias at it, so searches keep being answered from the old one until the switch (no
downtime). On the database backend the rows are rewritten in place, inside a transaction;
on SQLite the full-text index is then merged into one segment per word (faster matches).
"""

from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)

from search.lookups import shared_lookups
from search.services import optimize_full_text_index

BAR_WIDTH = 30


class Command(RebuildCommand):
    help = "Rebuild the search index (new index + alias switch on a cluster) with progress."

    def handle(self, *args, **options):
        with shared_lookups():  # each course and school looked up once, not once a lesson
            super().handle(*args, **options)
        optimize_full_text_index()

    def queryset_chunks(self, qs, chunk_size=1000):
        self.total = qs.count()
        yield from super().queryset_chunks(qs, chunk_size)

    def print_iter_progress(self, iterable):
        done = 0
        for chunk in iterable:
            yield chunk
            done += len(chunk)
            total = max(self.total, done, 1)
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.write(f"\r[{bar}] {done}/{total}", ending="")
            self.stdout.flush()
