"""The commit: every planned row written in ONE transaction, or nothing.

Persons, memberships, their first (or next) membership period (people.membership) and one audit
row per person, plus one IMPORT summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, bulk, crypto, jobs
from dangjian.core import imports as core_imports
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import scoping
from dangjian.people.fields import mask_phone, pinyin_key, protected_id_fields
from dangjian.people.imports.columns import ERR_ID_OUT_OF_SCOPE
from dangjian.people.imports.validate import CHUNK, PlannedRow, validate_upload
from dangjian.people.membership import DATE_KEYS, period_close, period_new, status_since
from dangjian.people.models import Membership, MembershipPeriod, Person

_SNAPSHOT_FIELDS = ["name", "gender", "birth_date", "ethnicity", "native_place", "education", "degree", "category",
                    "unit_id", "position", "organization_id", "is_mobile", "is_lost_contact"]
_UPDATE_FIELDS = ["name", "name_pinyin", "ethnicity", "native_place", "education", "degree", "category", "unit",
                  "position", "organization", "root", "is_mobile", "is_lost_contact", "phone_enc", "phone_masked",
                  "updated_at"]


def _snapshot(person: Person, phone: str | None, status: str | None) -> dict:
    snap = audit.snapshot(person, _SNAPSHOT_FIELDS)
    snap["id_number"] = person.id_bidx
    if phone is not None:
        snap["phone"] = phone
    if status:
        snap["status"] = status
    return snap


def _audit_row(actor, action: str, person: Person, org_path: str, changes: dict) -> AuditEvent:
    return audit.event(actor=actor, action=action, object_type="people.person", object_id=str(person.pk),
                       object_repr=person.name, org_path=org_path, changes=changes)


def roster_commit(*, actor, data: bytes, filename: str = "", progress: jobs.Progress | None = None,
                  inside: Callable[[dict], None] | None = None) -> dict:
    """Validate `data` again and write it all in ONE transaction: persons (bulk_create / bulk_update),
    memberships, their first (or next) MembershipPeriod, one audit event per person and one IMPORT
    summary. Any error: nothing is written (ApplicationError). `inside(counts)` runs in the same
    transaction after the writes (the commit job marks its validation there).

    The CPU-heavy preparation of new rows (encryption, pinyin, audit diffs) is done before the
    transaction opens, so the database is locked for the inserts only."""
    scoping.require(bool(scoping.scope_of(actor).write_paths))
    validation = validate_upload(actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    plans = validation.plans
    creates = [p for p in plans if p.action == "create"]
    if progress is not None:
        progress.total(len(plans))
    prepared = _prepare_creates(actor, creates, progress)
    with transaction.atomic():
        created = _write_creates(prepared)
        updated = _commit_updates(actor, [p for p in plans if p.action == "update"], progress, offset=created)
        counts = {"rows": validation.rows, "created": created, "updated": updated}
        audit.record(actor=actor, action=AuditAction.IMPORT, object_type="people.roster",
                     object_repr=f"党员名册导入 {filename}"[:200],
                     org_path=core_imports.common_path([p.org.path for p in plans]),
                     changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]})
        if inside is not None:
            inside(counts)
    return counts


@dataclass(slots=True)
class _NewPerson:
    person: Person
    membership: Membership
    period: MembershipPeriod
    event: AuditEvent


def _prepare_creates(actor, plans: list[PlannedRow], progress) -> list[_NewPerson]:
    """Unsaved objects for the new people (no queries)."""
    out = []
    for i, p in enumerate(plans, start=1):
        f = p.fields
        person = Person(
            name=f["name"], name_pinyin=pinyin_key(f["name"]), ethnicity=f["ethnicity"],
            native_place=f["native_place"], education=f["education"], degree=f["degree"], category=f["category"],
            phone_enc=crypto.encrypt(p.phone) if p.phone else "", phone_masked=mask_phone(p.phone) if p.phone else "",
            unit_id=f["unit_id"], position=f["position"], organization=p.org, root_id=p.org.root_id or p.org.id,
            is_mobile=f["is_mobile"], is_lost_contact=f["is_lost_contact"], **protected_id_fields(p.number))
        m = Membership(person=person, status=p.status, **p.dates)
        period = period_new(person, p.org, p.status, status_since(m), "名册导入")
        event = _audit_row(actor, AuditAction.CREATE, person, p.org.path,
                           audit.diff({}, _snapshot(person, p.phone or "", p.status)))
        out.append(_NewPerson(person, m, period, event))
        if progress is not None and i % 5000 == 0:
            progress.set(i // 2)
    return out


def _write_creates(prepared: list[_NewPerson]) -> int:
    """Write the prepared rows with the fast path (executemany / COPY) and ids reserved up front."""
    if not prepared:
        return 0
    n = len(prepared)
    ids = {model: iter(bulk.reserve_ids(model, n)) for model in (Person, Membership, MembershipPeriod, AuditEvent)}
    now = timezone.now()
    persons, memberships, periods, events = [], [], [], []
    for x in prepared:
        x.person.pk = next(ids[Person])
        x.person.created_at = x.person.updated_at = now
        x.membership.pk, x.membership.person_id = next(ids[Membership]), x.person.pk
        x.membership.created_at = x.membership.updated_at = now
        x.period.pk, x.period.person_id = next(ids[MembershipPeriod]), x.person.pk
        x.event.pk, x.event.object_id, x.event.at = next(ids[AuditEvent]), str(x.person.pk), now
        persons.append(bulk.model_row(x.person))
        memberships.append(bulk.model_row(x.membership))
        periods.append(bulk.model_row(x.period))
        events.append(bulk.model_row(x.event))
    for model, rows in ((Person, persons), (Membership, memberships), (MembershipPeriod, periods),
                        (AuditEvent, events)):
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
        chunk = ids[i:i + CHUNK]
        persons.update((x.pk, x) for x in Person.objects.filter(pk__in=chunk).select_related("organization"))
        memberships.update((m.person_id, m) for m in Membership.objects.filter(person_id__in=chunk))
        for period in MembershipPeriod.objects.filter(person_id__in=chunk, valid_to__isnull=True):
            open_periods.setdefault(period.person_id, []).append(period)
    now, today = timezone.now(), dt.date.today()
    new_memberships, changed_memberships, closed, new_periods, events = [], [], [], [], []
    for p in plans:
        person = persons[p.person_id]
        if not scoping.can_write_path(actor, person.organization.path):  # changed since validation
            raise ApplicationError(ERR_ID_OUT_OF_SCOPE, extra={"row": p.row})
        m = memberships.get(person.pk)
        before = _snapshot(person, _old_phone(person) if p.phone is not None else None, m.status if m else None)
        org_changed = person.organization_id != p.org.id
        for key, value in p.fields.items():
            setattr(person, key, value)
        person.name_pinyin = pinyin_key(person.name)
        person.organization, person.root_id = p.org, p.org.root_id or p.org.id
        if p.phone is not None:
            person.phone_enc = crypto.encrypt(p.phone) if p.phone else ""
            person.phone_masked = mask_phone(p.phone) if p.phone else ""
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

