"""The dry run's plan, carried to the commit so that the commit does not validate the file again.

An error-free dry run stores its plan (one line per row: what to create or update) in its job's
directory, bound to the file (its SHA-256), the actor and a fingerprint of what validation read
from the database (Lookups.fingerprint: write scope, organisations, units, the stored people the
file names, today's date). The commit uses the plan only when all three still match; otherwise it
validates the file again, as if no plan had been stored, and reports the same errors.

JSON, not pickle: the file is data, never code. Rows are lists, the Person fields' keys stored once
per set of them: at 50,000 rows ~14 MB (20 MB with a dict per row), ~0.4 s to write, ~0.6 s to read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from dangjian.core import jobs
from dangjian.core.actors import Actor
from dangjian.core.models import Job
from dangjian.people.imports.validate import PlannedRow, Validation, load_state
from dangjian.people.membership import DATE_KEYS

PLAN_FILE = "plan.json"
VERSION = 3


def plan_store(job: Job, validation: Validation, *, actor: Actor, data: bytes) -> None:
    """Keep an error-free dry run's plan with its job. Each row is a list (no repeated keys): the
    Person fields as values after the index of their keys in `field_keys`, as most rows set the same
    fields."""
    if validation.errors or validation.lookups is None:
        return
    key_sets: dict[tuple, int] = {}
    rows = []
    for p in validation.plans:
        keys = tuple(p.fields)
        k = key_sets.setdefault(keys, len(key_sets))
        dates = p.dates
        rows.append(
            [
                p.row,
                p.action,
                p.person_id,
                p.number,
                p.org.pk,
                p.status,
                [None if (d := dates[key]) is None else d.isoformat() for key in DATE_KEYS],
                k,
                list(p.fields.values()),
                p.phone,
                p.bidx,
            ]
        )
    today = dt.date.today()
    body = {
        "version": VERSION,
        "sha256": hashlib.sha256(data).hexdigest(),
        "actor": actor.pk,
        "today": today.isoformat(),
        "fingerprint": validation.lookups.fingerprint(today),
        "field_keys": [list(keys) for keys in key_sets],
        "rows": rows,
    }
    (jobs.job_dir(job) / PLAN_FILE).write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")))


def plan_load(validate_job_id: int, *, actor: Actor, data: bytes) -> list[PlannedRow] | None:
    """The stored plan of the dry run `validate_job_id` when it was made by `actor` for exactly
    `data` and nothing it read has changed since; else None (validate again)."""
    path = jobs.job_dir(Job(pk=validate_job_id)) / PLAN_FILE
    try:
        body = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    today = dt.date.today()
    if (
        body.get("version") != VERSION
        or body.get("actor") != actor.pk
        or body.get("today") != today.isoformat()
        or body.get("sha256") != hashlib.sha256(data).hexdigest()
    ):
        return None
    rows = body["rows"]
    lookups = load_state(actor, sorted({r[10] for r in rows}))
    if lookups.fingerprint(today) != body.get("fingerprint"):
        return None
    orgs = {o.pk: o for o in lookups.org_list}
    key_sets = [tuple(keys) for keys in body["field_keys"]]
    iso = dt.date.fromisoformat
    return [
        PlannedRow(
            row=r[0],
            action=r[1],
            person_id=r[2],
            number=r[3],
            org=orgs[r[4]],
            status=r[5],
            dates={k: None if v is None else iso(v) for k, v in zip(DATE_KEYS, r[6], strict=True)},
            fields=dict(zip(key_sets[r[7]], r[8], strict=True)),
            phone=r[9],
            bidx=r[10],
        )
        for r in rows
    ]
