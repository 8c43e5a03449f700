"""Receivers connected in `FamiliesConfig.ready()`."""

from django.db import connections


def ensure_enrolment_triggers(*, using: str = "default", **kwargs) -> None:
    """After every `migrate`: put back the enrolment triggers if a later migration lost
    them (SQLite drops a table's triggers when Django rebuilds the table to alter it),
    and recompute the rows they missed meanwhile."""
    from . import enrolment_triggers

    connection = connections[using]
    if enrolment_triggers.installed(connection) is False:
        enrolment_triggers.install(connection)
        enrolment_triggers.rebuild(connection)
