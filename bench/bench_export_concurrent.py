"""Benchmark: the province member export on SQLite while writes land, and two exports at once.

    .venv/bin/python bench/bench_export_concurrent.py [WRITES]

Runs against the database of DANGJIAN_VAR_DIR (default var/, e.g. after `dangjian demo --year 2023`);
it changes the `position` of WRITES people (default 20) while the export runs, and puts it back.
Prints the export time with and without the writes, each write's time, and two exports at once.
"""

from __future__ import annotations

import os
import sys
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["JOBS_MODE"] = "sync"
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

WRITES = int(sys.argv[1]) if len(sys.argv) > 1 else 20


def export(user, results, key):
    from dangjian.core.jobs import job_submit
    from dangjian.people.exports import KIND

    t = time.perf_counter()
    try:
        job = job_submit(actor=user, kind=KIND, title="bench", params={"filters": {}, "full_ids": False})
        results[key] = (job.status, job.result.get("rows"), job.message[:60], time.perf_counter() - t)
    finally:
        connection.close()


def writer(ids, started, times, errors):
    from dangjian.people.models import Person

    started.wait()
    time.sleep(0.3)
    try:
        for pk in ids:
            t = time.perf_counter()
            try:
                with transaction.atomic():
                    p = Person.objects.get(pk=pk)
                    p.position = p.position + "＊"
                    p.save(update_fields=["position", "updated_at"])
                times.append(time.perf_counter() - t)
            except Exception as e:  # noqa: BLE001 - reported
                errors.append(repr(e)[:80])
            time.sleep(0.1)
    finally:
        connection.close()


def main():
    from dangjian.accounts.models import User
    from dangjian.people.models import Person

    user = User.objects.get(username="demo-committee")
    ids = list(Person.objects.order_by("?").values_list("id", flat=True)[:WRITES])
    originals = dict(Person.objects.filter(id__in=ids).values_list("id", "position"))
    connection.close()

    results = {}
    export(user, results, "alone")
    print(f"export alone: {results['alone']}")

    started, times, errors = threading.Event(), [], []
    w = threading.Thread(target=writer, args=(ids, started, times, errors))
    w.start()
    started.set()
    export(user, results, "with writes")
    w.join()
    print(f"export with {WRITES} writes: {results['with writes']}")
    print(
        f"writes: {len(times)} ok, {len(errors)} failed {errors[:2]}; "
        f"max {max(times, default=0) * 1000:.0f} ms, mean {sum(times) / max(len(times), 1) * 1000:.0f} ms"
    )

    threads = [threading.Thread(target=export, args=(user, results, f"pair {i}")) for i in range(2)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    print(f"two exports at once ({time.perf_counter() - t:.1f} s): {results['pair 0']} / {results['pair 1']}")

    for pk, position in originals.items():
        Person.objects.filter(pk=pk).update(position=position)


if __name__ == "__main__":
    main()
