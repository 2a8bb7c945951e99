"""Copy a benchmark SQLite database into a benchmark PostgreSQL database, table by table, so the
ten-times demo can be measured on PostgreSQL without building it again there (the build takes
about 20 minutes of CPU; the copy streams rows with COPY).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangjian_bench10 \\
        .venv/bin/python bench/copy_to_postgres.py [--source /tmp/dangjian-bench-reports-10]

The source directory's SQLite file is opened read-only. The target database is dropped, created
and migrated (the schema comes from the migrations, not from SQLite), then every model's table is
emptied and filled from the source in one transaction with `session_replication_role = replica`:
no foreign key checks and no triggers, so the tallies are copied as they are (checked against a
recount afterwards; one the source lacks is recounted) and the audit table's append-only triggers
stay out of the way (we are superuser). A table's indexes other than its primary key and unique constraints are dropped
before its rows go in and built again after. Then the sequences are set past the largest ids and
the database is analysed (COPY FREEZE marks the rows frozen and visible: no VACUUM is needed for
index-only scans).

The copied ciphertexts need the source's keys: field_key and index_key (and secret_key) are copied
from the source directory into DANGJIAN_VAR_DIR (default: the source directory's name + "-pg"),
which is then the directory to run the other benchmarks with:

    BENCH_DATABASE_URL=... DANGJIAN_VAR_DIR=/tmp/dangjian-bench-reports-10-pg \\
        .venv/bin/python bench/bench_reports.py --scale 10

Prints rows, seconds and rows/s for the long tables and overall; asserts nothing but refuses a
target without "bench" in its name (_private_db) and a key file that differs from the source's.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

KEY_FILES = ("field_key", "index_key", "secret_key")
BATCH = 10_000


def _decimal(value: object) -> object:
    """SQLite keeps decimals as REAL or INTEGER (93.15): str() gives the shortest exact-looking
    text, which PostgreSQL parses into the column's numeric(p, s)."""
    return str(value) if isinstance(value, float | int) else value


# Conversion per Django internal type, for the values SQLite gives back that COPY would not
# read as that column's type. Everything else goes as it is: text dates and datetimes in ISO form
# (datetimes are UTC: the connection's time zone is set to UTC), JSON as its text, bytes as bytea.
CONVERT: dict[str, Callable[[object], object]] = {
    "BooleanField": bool,
    "NullBooleanField": bool,
    "DecimalField": _decimal,
}


def converters(internal_types: Sequence[str]) -> list[tuple[int, Callable[[object], object]]]:
    """[(column index, conversion)] for the columns whose SQLite value needs converting."""
    return [(i, CONVERT[t]) for i, t in enumerate(internal_types) if t in CONVERT]


def convert_rows(
    rows: Iterable[Sequence[object]], conv: list[tuple[int, Callable[[object], object]]]
) -> Iterable[Sequence[object]]:
    """The rows with the converted columns converted (None stays None)."""
    if not conv:
        yield from rows
        return
    for row in rows:
        out = list(row)
        for i, fn in conv:
            if out[i] is not None:
                out[i] = fn(out[i])
        yield out


def _copy_keys(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in KEY_FILES:
        src, dst = source / name, target / name
        if not src.exists():
            sys.exit(f"{src} is missing: without the source's keys its ciphertexts cannot be read")
        if dst.exists():
            if dst.read_text().strip() != src.read_text().strip():
                sys.exit(f"{dst} differs from {src}: use another DANGJIAN_VAR_DIR")
        else:
            shutil.copyfile(src, dst)
            dst.chmod(0o600)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", default="/tmp/dangjian-bench-reports-10", help="SQLite var dir")
    args = parser.parse_args()
    if not os.environ.get("BENCH_DATABASE_URL"):
        sys.exit("set BENCH_DATABASE_URL to the PostgreSQL benchmark database to fill")
    source = Path(args.source).resolve()
    source_db = source / "dangjian.sqlite3"
    if not source_db.exists():
        sys.exit(f"no {source_db}")
    os.environ.setdefault("DANGJIAN_VAR_DIR", f"{source}-pg")
    _copy_keys(source, Path(os.environ["DANGJIAN_VAR_DIR"]))

    from _private_db import setup

    start, cpu = time.perf_counter(), time.process_time()
    setup(fresh=True)  # drop, create and migrate the target
    print(f"target migrated in {time.perf_counter() - start:.0f} s")

    import psycopg
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    src = sqlite3.connect(f"file:{source_db}?mode=ro", uri=True)
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]
    tables = {m._meta.db_table: m for m in models}
    in_source = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in sorted(tables.keys() - in_source):
        print(f"  {name}: not in the source, left empty")
    for name in sorted(in_source - tables.keys() - {"django_migrations"}):
        if not name.startswith("sqlite_"):
            print(f"  {name}: in the source only, not copied")

    connection.close()  # the copy has its own connection; Django's would hold locks
    copy_start = time.perf_counter()
    total_rows = 0
    with psycopg.connect(os.environ["DATABASE_URL"]) as pg:
        pg.execute("SET TIME ZONE 'UTC'")  # SQLite's datetimes are naive UTC text
        pg.execute("SET session_replication_role = replica")  # no FK checks, no triggers
        pg.execute("SET maintenance_work_mem = '256MB'")  # for the index builds
        quoted = ", ".join(f'"{t}"' for t in sorted(tables))
        pg.execute(f"TRUNCATE {quoted}")  # one statement: tables that reference each other
        for name, model in sorted(tables.items(), key=lambda x: x[0]):
            if name not in in_source:
                continue
            source_cols = {r[1] for r in src.execute(f'PRAGMA table_info("{name}")')}
            fields = [f for f in model._meta.local_concrete_fields if f.column in source_cols]
            for f in model._meta.local_concrete_fields:
                if f.column not in source_cols:
                    print(f"  {name}.{f.column}: not in the source, left to its default")
            cols = ", ".join(f'"{f.column}"' for f in fields)
            conv = converters([f.get_internal_type() for f in fields])
            t, rows = time.perf_counter(), 0
            indexes = _drop_indexes(pg, name)
            cursor = src.execute(f'SELECT {cols} FROM "{name}"')
            # FREEZE: the table was truncated in this transaction, so the rows can be written
            # frozen and all-visible (no VACUUM needed for index-only scans)
            with pg.cursor().copy(f'COPY "{name}" ({cols}) FROM STDIN (FREEZE)') as copy:
                while batch := cursor.fetchmany(BATCH):
                    for row in convert_rows(batch, conv):
                        copy.write_row(row)
                    rows += len(batch)
            copied = time.perf_counter()
            for sql in indexes:
                pg.execute(sql)
            seconds, built = time.perf_counter() - t, time.perf_counter() - copied
            total_rows += rows
            if seconds >= 1:
                print(
                    f"  {name:<40} {rows:>11,} rows {seconds:7.1f} s {rows / seconds:>10,.0f} rows/s"
                    f"   ({len(indexes)} indexes built in {built:.1f} s)"
                )
        t = time.perf_counter()
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            pg.execute(sql)
        pg.commit()
        print(f"sequences reset; committed in {time.perf_counter() - t:.0f} s")
    src.close()
    load = time.perf_counter() - copy_start
    print(f"copied {total_rows:,} rows in {load:.0f} s ({total_rows / load:,.0f} rows/s overall)")

    for module in _tallies():
        if module.TABLE not in in_source:  # a source older than the tally: count it here
            t = time.perf_counter()
            module.rebuild()
            print(f"  {module.TABLE}: recounted in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as pg:
        pg.execute("ANALYZE")
    print(f"analyze: {time.perf_counter() - t:.0f} s")
    _check()
    print(
        f"total {time.perf_counter() - start:.0f} s wall, {time.process_time() - cpu:.0f} s cpu (this process)"
    )


def _drop_indexes(pg, table: str) -> list[str]:
    """Drop `table`'s indexes that back no constraint (the primary key and unique constraints
    stay) and return the statements that create them again: building an index once after the
    load is several times faster than updating it row by row."""
    rows = pg.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [f'"{table}"'],
    ).fetchall()
    for index, _ in rows:
        pg.execute(f"DROP INDEX {index}")
    return [sql for _, sql in rows]


def _tallies() -> list:
    """The tally modules (`<app>/tally.py`: TABLE, rebuild, differences; docs/architecture.md)."""
    from django.apps import apps

    names = [f"{app.name}.tally" for app in apps.get_app_configs()]
    return [importlib.import_module(n) for n in names if importlib.util.find_spec(n) is not None]


def _check() -> None:
    """Each tally agrees with a recount of its source table; a person's ID number decrypts."""
    from dangjian.core import crypto, idnumber
    from dangjian.people.models import Person

    for module in _tallies():
        diff = module.differences()
        print(f"{module.TABLE} vs a recount: {'agrees' if not diff else f'{len(diff)} DIFFERENCES'}")
    person = Person.objects.order_by("id").first()
    if person is not None:
        number = crypto.decrypt(person.id_enc)  # the field key; the blind index checks the index key
        same = crypto.blind_index(idnumber.normalize(number)) == person.id_bidx
        print(f"person {person.pk}: ID number decrypts to {number[:6]}…, blind index matches: {same}")


if __name__ == "__main__":
    main()
