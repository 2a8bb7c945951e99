"""Fast bulk inserts for large writes (the demo province, roster imports): plain rows written with
`executemany` on SQLite (~3x Django's bulk_create) and `COPY` on PostgreSQL, with explicit ids.

Ids: `reserve_ids` takes them from the table's sequence on PostgreSQL (safe while other sessions
insert), and on SQLite from max(id) — safe there because our transactions start IMMEDIATE, so the
writer holding the lock is the only one."""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
from collections.abc import Iterable
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max
from django.db.models.expressions import RawSQL
from django.utils import timezone


@contextlib.contextmanager
def gc_paused():
    """Pause Python's cycle collector while a bulk job builds and drops hundreds of thousands of plain
    rows (which form no cycles): otherwise it walks all of them again and again, about a fifth of the
    job's time. Memory is still freed by reference counting; the collector resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def next_id(model) -> int:
    """The first free primary key (for a writer that holds the only write lock, e.g. the demo)."""
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def reserve_ids(model, n: int) -> list[int]:
    """n primary keys nobody else will use."""
    if n <= 0:
        return []
    if connection.vendor == "postgresql":
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n]
            )
            return [row[0] for row in cursor.fetchall()]
    first = next_id(model)
    return list(range(first, first + n))


class JSONText(str):
    """A JSONField value already encoded as JSON text (json.dumps, as the field would): insert_rows
    writes it as it is, without the field's per-value machinery (a third of the audit rows' insert
    time at 50,000 rows)."""

    __slots__ = ()


def _json_value(field, value):
    if value.__class__ is JSONText:
        return str(value)
    return field.get_db_prep_save(value, connection)


def in_values(values: list[str]) -> RawSQL:
    """A subquery of the given strings, for `field__in=` with many of them in ONE query and one
    parameter (a JSON array on SQLite, an array on PostgreSQL), instead of a query per 900 values
    with a placeholder each (about four times less time at 50,000 values)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [list(values)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(values))])


def model_row(obj, fields=None) -> dict:
    """A model instance as a row for insert_rows (keyed by attname)."""
    return {f.attname: getattr(obj, f.attname) for f in (fields or obj._meta.concrete_fields)}


def insert_rows(model, rows: list[dict], *, chunk: int = 5000, reset_sequence: bool = False) -> int:
    """Insert plain rows (dicts keyed by field attname, each with its explicit `id`) without model
    instances (a JSONField's value may be JSONText, written as it is). Fields missing from the rows
    get their default; auto_now fields get the current time.
    `reset_sequence` (PostgreSQL) moves the id sequence past max(id): only for a writer that took
    its ids from next_id, never after reserve_ids (it could move the sequence backwards)."""
    if not rows:
        return 0
    ops, now = connection.ops, timezone.now()
    given = rows[0].keys()
    columns: list[str] = []
    getters: list[tuple[str | None, Any]] = []  # (attname, adapter) or (None, the constant value)
    for f in model._meta.concrete_fields:
        columns.append(f.column)
        if f.attname in given:
            if isinstance(f, models.DateTimeField):
                getters.append((f.attname, ops.adapt_datetimefield_value))
            elif isinstance(f, models.DateField):
                getters.append((f.attname, ops.adapt_datefield_value))
            elif isinstance(f, models.JSONField):
                getters.append((f.attname, lambda v, f=f: _json_value(f, v)))
            else:
                getters.append((f.attname, None))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append((None, ops.adapt_datetimefield_value(now)))
        elif f.has_default() or f.null:
            getters.append((None, f.get_db_prep_save(f.get_default(), connection)))
        else:
            raise ValueError(f"{model._meta.label}.{f.attname}: no value and no default")
    columns_values: list[
        Iterable[Any]
    ] = []  # one column at a time: a list comprehension each, then zipped into rows
    for a, c in getters:
        if a is None:
            columns_values.append(itertools.repeat(c, len(rows)))
        elif c is None:
            columns_values.append([row[a] for row in rows])
        else:
            columns_values.append([None if (v := row[a]) is None else c(v) for row in rows])
    converted = list(zip(*columns_values, strict=False))
    qn = ops.quote_name
    table, cols = qn(model._meta.db_table), ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in converted:
                    copy.write_row(row)
            if reset_sequence:
                for sql in ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)
        else:
            # A large write updates every index of the table at random places: a page cache of 64 MB
            # instead of SQLite's 2 MB keeps them in memory (about a third less time at 50,000 rows).
            cursor.execute("PRAGMA cache_size")
            cache_size = int(cursor.fetchone()[0])
            cursor.execute("PRAGMA cache_size = -65536")
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (model metadata)
            try:
                for i in range(0, len(converted), chunk):
                    cursor.executemany(sql, converted[i : i + chunk])
            finally:
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
    return len(rows)
