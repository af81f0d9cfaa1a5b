"""A snapshot of the portal's tables, to prove that a refused POST changed nothing."""

from collections.abc import Collection
from typing import Any

from django.apps import apps
from django.db import connection

# The portal's own apps and the tables holding who may do what.
APP_LABELS = (
    "accounts",
    "core",
    "vertrouwenspersoon",
    "ondernemingsraad",
    "hr",
    "bestuurder",
    "achterban",
    "auth",
    "guardian",
)

Snapshot = dict[str, tuple[list[str], dict[Any, tuple[str, ...]]]]


def _models() -> list[Any]:
    labels = {config.label for config in apps.get_app_configs()}
    return [
        model
        for label in APP_LABELS
        if label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def snapshot() -> Snapshot:
    """Every row of every table, by primary key, as stored (encrypted columns stay encrypted)."""
    taken: Snapshot = {}
    with connection.cursor() as cursor:
        for model in _models():
            names = [field.column for field in model._meta.concrete_fields]
            columns = ", ".join(map(connection.ops.quote_name, names))
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            pk = names.index(model._meta.pk.column)
            taken[model._meta.label] = (names, {row[pk]: tuple(map(str, row)) for row in cursor.fetchall()})
    return taken


def changes(before: Snapshot, after: Snapshot, logs: Collection[str] = ()) -> list[str]:
    """What differs, per table: rows added or removed, and the columns altered (never the content).
    Tables in `logs` are append-only records of reading: new rows there are expected."""
    found = []
    for table, (names, rows) in after.items():
        old = before.get(table, (names, {}))[1]
        added = set() if table in logs else rows.keys() - old.keys()
        removed = old.keys() - rows.keys()
        for what, pks in (("added", added), ("removed", removed)):
            if pks:
                found.append(f"{table}: {len(pks)} row(s) {what}")
        for pk in rows.keys() & old.keys():
            columns = [name for name, a, b in zip(names, old[pk], rows[pk], strict=True) if a != b]
            if columns:
                found.append(f"{table} #{pk}: {', '.join(columns)} altered")
    return found
