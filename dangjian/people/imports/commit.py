"""The commit: every planned row written in ONE transaction, or nothing.

Persons, memberships, their first (or next) membership period (people.membership) and one audit
row per person, plus one IMPORT summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, bulk, crypto, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import scoping
from dangjian.people import tally as people_tally
from dangjian.people.fields import phone_fields, pinyin_key, protected_id_fields
from dangjian.people.imports.columns import ERR_ID_OUT_OF_SCOPE
from dangjian.people.imports.validate import CHUNK, PlannedRow, validate_upload
from dangjian.people.membership import DATE_KEYS, period_close, period_new, since_of, status_since
from dangjian.people.models import Membership, MembershipPeriod, Person

_SNAPSHOT_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "native_place",
    "education",
    "degree",
    "category",
    "unit_id",
    "position",
    "organization_id",
    "is_mobile",
    "is_lost_contact",
]
_UPDATE_FIELDS = [
    "name",
    "name_pinyin",
    "ethnicity",
    "native_place",
    "education",
    "degree",
    "category",
    "unit",
    "position",
    "organization",
    "root",
    "is_mobile",
    "is_lost_contact",
    "phone_enc",
    "phone_masked",
    "updated_at",
]


def _snapshot(person: Person, phone: str | None, status: str | None) -> dict:
    snap = audit.snapshot(person, _SNAPSHOT_FIELDS)
    snap["id_number"] = person.id_bidx
    if phone is not None:
        snap["phone"] = phone
    if status:
        snap["status"] = status
    return snap


def _audit_row(actor, action: str, person: Person, org_path: str, changes: dict) -> AuditEvent:
    return audit.event(
        actor=actor,
        action=action,
        object_type="people.person",
        object_id=str(person.pk),
        object_repr=person.name,
        org_path=org_path,
        changes=changes,
    )


def roster_commit(
    *,
    actor: Actor,
    data: bytes,
    filename: str = "",
    progress: jobs.Progress | None = None,
    inside: Callable[[dict], None] | None = None,
    plan: list[PlannedRow] | None = None,
) -> dict:
    """Write `data` all in ONE transaction: persons, memberships, their first (or next)
    MembershipPeriod, one audit event per person and one IMPORT summary. Any error: nothing is
    written (ApplicationError). `inside(counts)` runs in the same transaction after the writes (the
    commit job marks its validation there). `plan`: the dry run's still valid plan of `data`
    (imports.plan); without it `data` is validated again.

    The CPU-heavy preparation of new rows (encryption, pinyin, audit diffs) is done before the
    transaction opens, so the database is locked for the inserts only."""
    scoping.require(bool(scoping.scope_of(actor).write_paths))
    if plan is None:
        validation = validate_upload(actor=actor, data=data)
        if validation.errors:
            raise core_imports.commit_invalid(validation.errors)
        plan, rows = validation.plans, validation.rows
    else:
        rows = len(plan)
    creates = [p for p in plan if p.action == "create"]
    if progress is not None:
        progress.total(len(plan))
    prepared = _prepare_creates(actor, creates, progress)
    with transaction.atomic(), _tally_for(len(prepared)):
        created = _write_creates(prepared)
        updated = _commit_updates(actor, [p for p in plan if p.action == "update"], progress, offset=created)
        counts = {"rows": rows, "created": created, "updated": updated}
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="people.roster",
            object_repr=f"党员名册导入 {filename}"[:200],
            org_path=core_imports.common_path([p.org.path for p in plan]),
            changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]},
        )
        if inside is not None:
            inside(counts)
    return counts


# From this many new members on, the membership tally's triggers are dropped for the import and the
# tally recounted once after (people.tally, core.tallies.Tally.suspended): row by row they cost
# ≈25 µs a period on SQLite (1.2 s for 50,000), the recount a fraction of that on a province. On
# PostgreSQL dropping a trigger locks the period table until the import commits (a few seconds), so
# only an initial load this large pays it.
SUSPEND_TALLY_AT = 20_000


def _tally_for(new_periods: int):
    return people_tally.TALLY.suspended() if new_periods >= SUSPEND_TALLY_AT else nullcontext()


@dataclass(slots=True)
class _NewPerson:
    person: dict
    membership: dict
    period: dict
    event: dict


def _prepare_creates(actor, plans: list[PlannedRow], progress) -> list[_NewPerson]:
    """The rows of the new people, as plain column values (no model instances, no queries); ids are
    given when written."""
    out = []
    template = audit.event(actor=actor, action=AuditAction.CREATE, object_type="people.person")
    event_base = {
        f.attname: getattr(template, f.attname)
        for f in AuditEvent._meta.concrete_fields
        if f.attname not in ("id", "at")
    }
    for i, p in enumerate(plans, start=1):
        f = p.fields
        org = p.org
        person = {
            "name": f["name"],
            "name_pinyin": pinyin_key(f["name"]),
            "ethnicity": f["ethnicity"],
            "native_place": f["native_place"],
            "education": f["education"],
            "degree": f["degree"],
            "category": f["category"],
            **phone_fields(p.phone or ""),
            "unit_id": f["unit_id"],
            "position": f["position"],
            "organization_id": org.pk,
            "root_id": org.root_id or org.pk,
            "is_mobile": f["is_mobile"],
            "is_lost_contact": f["is_lost_contact"],
            **protected_id_fields(p.number, p.bidx),
        }
        snap = {k: person[k] for k in _SNAPSHOT_FIELDS} | {
            "id_number": person["id_bidx"],
            "phone": p.phone or "",
        }
        if p.status:
            snap["status"] = p.status
        membership = {"status": p.status, **p.dates, "left_on": None}
        period = {
            "organization_id": org.pk,
            "status": p.status,
            "valid_from": since_of(p.status, p.dates),
            "valid_to": None,
            "reason": "名册导入",
        }
        event = event_base | {
            "object_repr": f["name"][:200],
            "org_path": org.path,
            "changes": bulk.JSONText(json.dumps(audit.created(snap))),  # as JSONField would, quicker
        }
        out.append(_NewPerson(person, membership, period, event))
        if progress is not None and i % 5000 == 0:
            progress.set(i // 2)
    return out


def _write_creates(prepared: list[_NewPerson]) -> int:
    """Write the prepared rows with the fast path (executemany / COPY) and ids reserved up front."""
    if not prepared:
        return 0
    n = len(prepared)
    ids = {
        model: iter(bulk.reserve_ids(model, n))
        for model in (Person, Membership, MembershipPeriod, AuditEvent)
    }
    persons, memberships, periods, events = [], [], [], []
    for x in prepared:
        person_id = x.person["id"] = next(ids[Person])
        x.membership["id"], x.membership["person_id"] = next(ids[Membership]), person_id
        x.period["id"], x.period["person_id"] = next(ids[MembershipPeriod]), person_id
        x.event["id"], x.event["object_id"] = next(ids[AuditEvent]), str(person_id)
        persons.append(x.person)
        memberships.append(x.membership)
        periods.append(x.period)
        events.append(x.event)
    for model, rows in (
        (Person, persons),
        (Membership, memberships),
        (MembershipPeriod, periods),
        (AuditEvent, events),
    ):
        bulk.insert_rows(model, rows)
    return n


def _commit_updates(actor, plans: list[PlannedRow], progress, *, offset: int) -> int:
    if not plans:
        return 0
    ids = [p.person_id for p in plans]
    persons: dict[int, Person] = {}
    memberships: dict[int, Membership] = {}
    open_periods: dict[int, list[MembershipPeriod]] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        persons.update((x.pk, x) for x in Person.objects.filter(pk__in=chunk).select_related("organization"))
        memberships.update((m.person_id, m) for m in Membership.objects.filter(person_id__in=chunk))
        for period in MembershipPeriod.objects.filter(person_id__in=chunk, valid_to__isnull=True):
            open_periods.setdefault(period.person_id, []).append(period)
    now, today = timezone.now(), dt.date.today()
    new_memberships, changed_memberships, closed, new_periods, events = [], [], [], [], []
    for p in plans:
        assert p.person_id is not None  # updates: the plan names the person
        person = persons[p.person_id]
        if not scoping.can_write_path(actor, person.organization.path):  # changed since validation
            raise ApplicationError(ERR_ID_OUT_OF_SCOPE, extra={"row": p.row})
        m = memberships.get(person.pk)
        before = _snapshot(
            person, _old_phone(person) if p.phone is not None else None, m.status if m else None
        )
        org_changed = person.organization_id != p.org.id
        for key, value in p.fields.items():
            setattr(person, key, value)
        person.name_pinyin = pinyin_key(person.name)
        person.organization, person.root_id = p.org, p.org.root_id or p.org.id
        if p.phone is not None:
            for key, value in phone_fields(p.phone).items():
                setattr(person, key, value)
        person.updated_at = now
        status_changed = m is None or m.status != p.status
        if m is None:
            m = Membership(person=person)
            new_memberships.append(m)
        else:
            changed_memberships.append(m)
        m.status = p.status
        for key, value in p.dates.items():
            setattr(m, key, value)
        m.updated_at = now
        if status_changed or org_changed:
            since = status_since(m) if status_changed else today
            closed += [period_close(period, since) for period in open_periods.get(person.pk, [])]
            new_periods.append(period_new(person, p.org, p.status, since, "名册导入"))
        changes = audit.diff(before, _snapshot(person, p.phone, p.status))
        events.append(_audit_row(actor, AuditAction.UPDATE, person, p.org.path, changes))
    Person.objects.bulk_update(list(persons.values()), _UPDATE_FIELDS, batch_size=300)
    Membership.objects.bulk_create(new_memberships, batch_size=500)
    Membership.objects.bulk_update(changed_memberships, ["status", *DATE_KEYS, "updated_at"], batch_size=300)
    MembershipPeriod.objects.bulk_update(closed, ["valid_to"], batch_size=500)
    MembershipPeriod.objects.bulk_create(new_periods, batch_size=500)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    if progress is not None:
        progress.set(offset + len(plans))
    return len(plans)


def _old_phone(person: Person) -> str:
    return crypto.decrypt(person.phone_enc) if person.phone_enc else ""
