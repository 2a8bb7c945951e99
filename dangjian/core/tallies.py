"""Counts the database keeps: a tally table written only by triggers on its source table, so every
write path (services, imports, the demo's bulk writers, raw UPDATEs) keeps it in the same
transaction without knowing about it. `meetings/tally.py` is the first and the model
(docs/architecture.md, "Counts the database keeps").

What every tally (and any other table or column kept by triggers, `Triggers`: meetings/first_topic.py)
does the same way lives here: create and drop its triggers (a migration step, which
also counts what is there already), say whether this database has them, compare the tally with a
recount, recount it, and suspend the triggers for a bulk load. An area's tally module says only
what is counted: its trigger SQL for SQLite and PostgreSQL and the recount query, and exposes
`TALLY.install` and the rest under their usual names.

Naming: the PostgreSQL trigger is `name`, its functions `name()` and `name_apply(...)`; the SQLite
triggers are `name_<suffix>`.
"""

# ruff: noqa: S608 - every statement here is built from names in code, no input

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management.base import BaseCommand
from django.db import connection, transaction

MONTHS = [f"m{i:02d}" for i in range(1, 13)]  # the count columns of a tally by calendar month


@dataclass(frozen=True)
class Triggers:
    """Triggers on a source table that keep something else (a tally table, a flag column) in the
    same transaction: created by a migration step (which also fills what they keep from what is
    there already), dropped, looked for. A subclass says how to fill (`_fill`)."""

    name: str  # trigger and function prefix, e.g. "meetings_tally"
    source: str  # the table whose triggers keep it
    sqlite_triggers: Callable[[], list[str]]
    sqlite_suffixes: Sequence[str]  # of the SQLite triggers' names
    postgres_triggers: Callable[[], list[str]]
    apply_signature: str  # the argument types of the PostgreSQL `name_apply` function

    def install(self, schema_editor) -> None:
        """Create the triggers (a migration step) and fill what they keep from what is there already."""
        vendor = schema_editor.connection.vendor
        for sql in self.postgres_triggers() if vendor == "postgresql" else self.sqlite_triggers():
            schema_editor.execute(sql, params=None)
        self._fill(schema_editor.connection)

    def uninstall(self, schema_editor) -> None:
        for sql in self._drops(schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def _drops(self, vendor: str) -> list[str]:
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.name} ON {self.source}",
                f"DROP FUNCTION IF EXISTS {self.name}()",
                f"DROP FUNCTION IF EXISTS {self.name}_apply({self.apply_signature})",
            ]
        return [f"DROP TRIGGER IF EXISTS {self.name}_{suffix}" for suffix in self.sqlite_suffixes]

    def _fill(self, conn) -> None:
        raise NotImplementedError

    def installed(self) -> bool:
        """Whether this database has the triggers (a database made without migrations has not)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = %s", [self.name])
                return cursor.fetchone()[0] == 1
            names = [f"{self.name}_{suffix}" for suffix in self.sqlite_suffixes]
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names
            )
            return cursor.fetchone()[0] == len(names)

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """For a bulk load of the source (the demo's half a million payments): the triggers dropped
        meanwhile and what they keep filled again after, a fraction of what the triggers take row by row.
        Only inside the caller's transaction, so no other writer ever sees the table without its
        triggers (the schema change locks the table on PostgreSQL; SQLite has one writer)."""
        if not connection.in_atomic_block:
            raise RuntimeError(f"{self.name}: suspended() needs the caller's transaction")
        editor = _Statements()
        self.uninstall(editor)
        try:
            yield
        finally:
            self.install(editor)


@dataclass(frozen=True)
class Tally(Triggers):
    """A tally table: rows of counts by key, kept by the triggers, recounted by `recount`."""

    table: str  # the tally table
    key: Sequence[str]  # the tally's key columns, in the recount's order
    counts: Sequence[str]  # its count columns, in the recount's order
    recount: Callable[[str], str]  # vendor -> SELECT key..., counts... summed from the source

    def _fill(self, conn) -> None:
        columns = ", ".join([*self.key, *self.counts])
        with conn.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(f"INSERT INTO {self.table} ({columns}) " + self.recount(conn.vendor))

    def rebuild(self) -> None:
        """Recount the whole tally from the source (after a TRUNCATE of it, which fires no trigger)."""
        self._fill(connection)

    def differences(self) -> dict[tuple, tuple[list[int], list[int]]]:
        """{key: (tallied counts, recounted counts)} where the tally and a recount from the source
        disagree; {} when they agree (a check for tests and operators). Rows of zeros mean nothing."""
        n = len(self.key)
        with connection.cursor() as cursor:
            cursor.execute(self.recount(connection.vendor))
            recount = {tuple(r[:n]): [int(v) for v in r[n:]] for r in cursor.fetchall()}
            cursor.execute(f"SELECT {', '.join([*self.key, *self.counts])} FROM {self.table}")
            tallied = {tuple(r[:n]): [int(v) for v in r[n:]] for r in cursor.fetchall() if any(r[n:])}
        zero = [0] * len(self.counts)
        return {
            key: (tallied.get(key, zero), recount.get(key, zero))
            for key in tallied.keys() | recount.keys()
            if tallied.get(key, zero) != recount.get(key, zero)
        }


class _Statements:
    """What install/uninstall use of a schema editor: the default connection, in its transaction."""

    connection = connection

    def execute(self, sql, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql)


class TallyCommand(BaseCommand):
    """`dangjian <area>_tally [--rebuild]`: compare a tally with a recount (exit 1 when they differ,
    2 when this database lacks the triggers) and, with --rebuild, recount it. A subclass names the
    tally and, in Chinese, what it counts, from what, and its groups."""

    tally: Tally
    what = ""  # 会议按月统计
    records = ""  # 会议记录
    source_label = ""  # 会议表
    groups = ""  # 组织×类型×年度

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help=f"按{self.records}重新统计")

    def handle(self, *args, rebuild, **options):
        if not self.tally.installed():
            self.stdout.write(
                f"{self.source_label}上没有维护统计的触发器（数据库未经迁移建立？）：请运行 migrate。"
            )
            raise SystemExit(2)
        wrong = self.tally.differences()
        if not wrong:
            self.stdout.write(f"{self.what}与{self.records}一致。")
            return
        self.stdout.write(f"{self.what}有 {len(wrong)} 组（{self.groups}）与{self.records}不一致。")
        if not rebuild:
            self.stdout.write("加 --rebuild 重新统计。")
            raise SystemExit(1)
        with transaction.atomic():
            self.tally.rebuild()
        self.stdout.write(f"已重新统计；现在不一致的组数：{len(self.tally.differences())}。")
