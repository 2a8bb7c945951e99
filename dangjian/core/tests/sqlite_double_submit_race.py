"""Run by test_double_submit_race in a subprocess on a fresh file SQLite database (the test database
is in memory, where SQLite locks differently). Prints one JSON line:
{"meetings": [status, status, meetings created], "commits": [outcome, outcome, people created]}.

Both requests are held inside the write (the service, the commit check) until the other arrives
there too or 2 s pass, so without a guard both would write."""

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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from dangjian.accounts import services as account_services  # noqa: E402
from dangjian.core import imports as core_imports  # noqa: E402
from dangjian.core.errors import ApplicationError  # noqa: E402
from dangjian.meetings import api as meetings_api  # noqa: E402
from dangjian.meetings.models import Meeting  # noqa: E402
from dangjian.people import imports  # noqa: E402
from dangjian.people.models import Person  # noqa: E402
from dangjian.people.tests.test_import import row, workbook  # noqa: E402
from dangjian.tests.personas import build_world  # noqa: E402


def held_at_the_gate(module, name):
    """Make module.name wait (at most 2 s) for a second caller before going on."""
    original, gate = getattr(module, name), threading.Barrier(2, timeout=2)

    def wrapper(*args, **kwargs):
        try:
            gate.wait()
        except threading.BrokenBarrierError:
            pass
        return original(*args, **kwargs)

    setattr(module, name, wrapper)


def both(fn):
    results = [None, None]

    def run(i):
        try:
            results[i] = fn()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def main():
    call_command("migrate", verbosity=0)
    world = build_world()
    _token, key = account_services.token_create(actor=world.secretary, user=world.secretary, name="race")
    body = json.dumps(
        {
            "organization_id": world.a1.pk,
            "kind": "general_meeting",
            "title": "接收预备党员",
            "held_at": "2024-03-05T14:30:00+08:00",
            "status": "held",
        }
    )
    held_at_the_gate(meetings_api.services, "meeting_create")  # the service the API calls

    def create_meeting():
        response = Client().post(
            "/api/v1/meetings",
            data=body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "double-click"},
        )
        return response.status_code

    statuses = both(create_meeting)
    meetings = Meeting.objects.count()

    job = imports.roster_import_submit(actor=world.committee, data=workbook([row(1)]), filename="名册.xlsx")
    held_at_the_gate(core_imports, "commit_check")

    def commit():
        try:
            return imports.roster_commit_submit(actor=world.committee, validate_job=job).status
        except ApplicationError as e:
            return e.message

    outcomes = both(commit)
    print(
        json.dumps(
            {
                "meetings": [*sorted(statuses), meetings],
                "commits": [*sorted(outcomes), Person.objects.filter(name="新人1").count()],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
