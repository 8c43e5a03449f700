"""A partial index of the pages that are not live, so that every SQLite search can ask for
them without scanning every page (search/backends/index_map.py, blocked_pages).

Wagtail's page table is not ours: the index is plain SQL, dropped on the way back. A later
Wagtail migration that rebuilds the table on SQLite may drop it too; searches stay correct,
only ~3 ms slower on 20,000 pages, and migrating this app again (after zeroing it) restores it.
"""

from django.db import migrations

INDEX = "parentschool_search_page_not_live"


class Migration(migrations.Migration):
    dependencies = [
        ("parentschool_search", "0002_index_stamp"),
        # after the last Wagtail migration, which may rebuild the page table on SQLite
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (id) WHERE NOT live",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
