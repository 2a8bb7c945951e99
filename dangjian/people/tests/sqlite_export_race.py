"""Run by test_export_concurrency in a subprocess, on a fresh file SQLite database (WAL), because the
test database is in memory, where SQLite locks differently. Prints one JSON line:
{"with_writes": [status, rows, writes_committed], "pair": [[status, rows], [status, rows]]}.

Writes land deterministically in the middle of the export: the roster row generator is wrapped so
that, after the first rows, another thread commits 20 edits (or, for two exports at once, both
exports wait for each other there) before the export goes on."""

from __future__ import annotations

import json
import os
import threading

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ["JOBS_MODE"] = "sync"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from dangjian.core.jobs import job_submit  # noqa: E402
from dangjian.people import exports  # noqa: E402
from dangjian.people.models import Person  # noqa: E402
from dangjian.tests.personas import build_world  # noqa: E402

WRITES = 20


def edit_people(ids, committed):
    try:
        for pk in ids:
            with transaction.atomic():
                person = Person.objects.get(pk=pk)
                person.position = (person.position or "") + "改"
                person.save(update_fields=["position", "updated_at"])
            committed.append(pk)
    finally:
        connection.close()


ROSTER_ROWS = exports.roster_rows


def pausing_rows(pause):
    original = ROSTER_ROWS

    def rows(*args, **kwargs):
        for i, row in enumerate(original(*args, **kwargs)):
            if i == 2:
                pause()
            yield row

    return rows


def export(user, results, key):
    try:
        job = job_submit(
            actor=user, kind=exports.KIND, title="race", params={"filters": {}, "full_ids": False}
        )
        results[key] = [job.status, job.result.get("rows")]
    finally:
        connection.close()


def main():
    call_command("migrate", verbosity=0)
    world = build_world()
    ids = list(Person.objects.values_list("id", flat=True)[:WRITES])
    exports.CHUNK = 2  # progress is written between chunks, as with a province-sized roster

    committed: list[int] = []

    def writes_now():
        writer = threading.Thread(target=edit_people, args=((ids * WRITES)[:WRITES], committed))
        writer.start()
        writer.join(30)

    results: dict = {}
    exports.roster_rows = pausing_rows(writes_now)
    export(world.committee, results, "with_writes")

    barrier = threading.Barrier(2, timeout=30)
    exports.roster_rows = pausing_rows(barrier.wait)
    threads = [threading.Thread(target=export, args=(world.committee, results, f"pair{i}")) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print(
        json.dumps(
            {
                "with_writes": [*results["with_writes"], len(committed)],
                "pair": [results.get("pair0"), results.get("pair1")],
            }
        )
    )


if __name__ == "__main__":
    main()
