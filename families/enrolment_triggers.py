"""The database triggers that keep `FamilyEnrolment` equal to what the children say.

Every change that can move a family — a child added, deleted, moved to another class or
family, a class moved to another school, a school to another district — rewrites that
family's rows from its children, inside the statement that made the change. PostgreSQL
runs one set-based rewrite per statement (transition tables), so a 2,000-row roster
import rewrites its families once; SQLite rewrites per row.

Installed by migration `families.0003`; a change to the SQL here needs a new migration
that reinstalls it. `rebuild` recomputes the whole table (`manage.py rebuild_report_tables`).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "families_familyenrolment"

# A family's rows, from its children: the class→school→district join, de-duplicated
# (two children in one class are one row), with the first-row marks and the counts.
ROWS = """
    SELECT family_id, class_id, school_id, region_id, first_in_school, first_in_region,
           MAX(school_rank) OVER (PARTITION BY family_id),
           MAX(region_rank) OVER (PARTITION BY family_id)
    FROM (
        SELECT p.family_id, p.class_id, p.school_id, p.region_id,
               ROW_NUMBER() OVER (PARTITION BY p.family_id, p.school_id
                                  ORDER BY p.class_id) = 1 AS first_in_school,
               ROW_NUMBER() OVER (PARTITION BY p.family_id, p.region_id
                                  ORDER BY p.school_id, p.class_id) = 1 AS first_in_region,
               DENSE_RANK() OVER (PARTITION BY p.family_id ORDER BY p.school_id) AS school_rank,
               DENSE_RANK() OVER (PARTITION BY p.family_id ORDER BY p.region_id) AS region_rank
        FROM (
            SELECT DISTINCT c.family_id, c.school_class_id AS class_id, sc.school_id,
                   s.region_id
            FROM families_child c
            JOIN schools_schoolclass sc ON sc.id = c.school_class_id
            JOIN schools_school s ON s.id = sc.school_id
            WHERE {where}
        ) p
    ) q"""

COLUMNS = (
    "family_id, school_class_id, school_id, region_id, first_in_school, first_in_region, "
    "schools, regions"
)


def rewrite(families: str) -> list[str]:
    """The statements that rewrite the rows of the families `families` lists (SQL that
    may stand inside `IN (...)`)."""
    return [
        f"DELETE FROM {TABLE} WHERE family_id IN ({families})",  # noqa: S608
        f"INSERT INTO {TABLE} ({COLUMNS}) "  # noqa: S608
        + ROWS.format(where=f"c.family_id IN ({families})"),
    ]


# (trigger, table, event, the families it moves). PostgreSQL: statement-level, reading
# the transition tables `old_rows`/`new_rows`; an UPDATE that changes none of the
# columns that matter (Django's save() writes every column) rewrites nobody.
_CHILD_MOVED = (
    "FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.family_id IS DISTINCT FROM n.family_id "
    "OR o.school_class_id IS DISTINCT FROM n.school_class_id"
)
POSTGRESQL = [
    ("child_insert", "families_child", "INSERT", "SELECT family_id FROM new_rows"),
    (
        "child_update",
        "families_child",
        "UPDATE",
        f"SELECT o.family_id {_CHILD_MOVED} UNION SELECT n.family_id {_CHILD_MOVED}",
    ),
    ("child_delete", "families_child", "DELETE", "SELECT family_id FROM old_rows"),
    (
        "class_update",
        "schools_schoolclass",
        "UPDATE",
        "SELECT c.family_id FROM families_child c JOIN new_rows n ON n.id = c.school_class_id "
        "JOIN old_rows o ON o.id = n.id WHERE o.school_id <> n.school_id",
    ),
    (
        "school_update",
        "schools_school",
        "UPDATE",
        "SELECT c.family_id FROM families_child c "
        "JOIN schools_schoolclass sc ON sc.id = c.school_class_id "
        "JOIN new_rows n ON n.id = sc.school_id JOIN old_rows o ON o.id = n.id "
        "WHERE o.region_id <> n.region_id",
    ),
]
_REFERENCING = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS old_rows",
}

# SQLite: row-level, with a WHEN that skips rows whose change does not matter.
SQLITE = [
    (
        "child_insert",
        "AFTER INSERT ON families_child WHEN NEW.school_class_id IS NOT NULL",
        "NEW.family_id",
    ),
    (
        "child_update",
        "AFTER UPDATE OF family_id, school_class_id ON families_child "
        "WHEN OLD.family_id IS NOT NEW.family_id "
        "OR OLD.school_class_id IS NOT NEW.school_class_id",
        "OLD.family_id, NEW.family_id",
    ),
    (
        "child_delete",
        "AFTER DELETE ON families_child WHEN OLD.school_class_id IS NOT NULL",
        "OLD.family_id",
    ),
    (
        "class_update",
        "AFTER UPDATE OF school_id ON schools_schoolclass WHEN OLD.school_id IS NOT NEW.school_id",
        "SELECT family_id FROM families_child WHERE school_class_id = NEW.id",
    ),
    (
        "school_update",
        "AFTER UPDATE OF region_id ON schools_school WHEN OLD.region_id IS NOT NEW.region_id",
        "SELECT c.family_id FROM families_child c "
        "JOIN schools_schoolclass sc ON sc.id = c.school_class_id WHERE sc.school_id = NEW.id",
    ),
]


def _name(trigger: str) -> str:
    return f"families_enrolment_{trigger}"


def _lock_families(families: str) -> str:
    """PostgreSQL: wait for any other transaction rewriting the same families, so each
    rewrite reads the children the other one committed (a rewrite that ran beside another
    would miss its children, and the marks and counts would be wrong). NO KEY UPDATE does
    not block the foreign-key checks of children being added. SQLite writes one
    transaction at a time anyway."""
    return (
        f"PERFORM 1 FROM families_family WHERE id IN ({families}) "  # noqa: S608
        "ORDER BY id FOR NO KEY UPDATE"
    )


def install_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        statements = []
        for trigger, table, event, families in POSTGRESQL:
            body = "; ".join([_lock_families(families), *rewrite(families)])
            statements += [
                f"CREATE OR REPLACE FUNCTION {_name(trigger)}() RETURNS trigger "
                f"LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS {_name(trigger)} ON {table}",
                f"CREATE TRIGGER {_name(trigger)} AFTER {event} ON {table} "
                f"REFERENCING {_REFERENCING[event]} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {_name(trigger)}()",
            ]
        return statements
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {_name(trigger)} {when} "
            f"BEGIN {'; '.join(rewrite(families))}; END"
            for trigger, when, families in SQLITE
        ]
    raise NotImplementedError(f"enrolment triggers exist for PostgreSQL and SQLite, not {vendor}")


def uninstall_statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {_name(trigger)}() CASCADE" for trigger, *_ in POSTGRESQL]
    return [f"DROP TRIGGER IF EXISTS {_name(trigger)}" for trigger, *_ in SQLITE]


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in install_statements(connection.vendor):
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in uninstall_statements(connection.vendor):
            cursor.execute(statement)


def installed(connection: BaseDatabaseWrapper) -> bool | None:
    """Whether every trigger is in place; None before the table exists (migrations not
    yet run that far)."""
    if TABLE not in connection.introspection.table_names():
        return None
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s"
        names = {_name(trigger) for trigger, *_ in POSTGRESQL}
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
        names = {_name(trigger) for trigger, *_ in SQLITE}
    with connection.cursor() as cursor:
        cursor.execute(sql, [_name("%")])
        return names <= {row[0] for row in cursor.fetchall()}


def rebuild(connection: BaseDatabaseWrapper) -> int:
    """Recompute every row from the children; returns the number of rows."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) " + ROWS.format(where="1 = 1"))  # noqa: S608
        return cursor.rowcount
