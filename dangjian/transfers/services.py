"""Writes of the transfers area: each one transaction with its audit row.

Transfers move through the `transfer` workflow (workflows.py). Accepting a transfer inside the
system moves the membership through people/membership.py in the same transaction as the state
change, so a member is never in two organisations nor in none; the row lock of
`transition_apply` makes exactly one of two racing acceptances win. A member leaving the system
(receipt of the letter) gets the status 已转出 and their accounts are disabled in that transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dangjian.core import audit, workflow
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors as people_errors
from dangjian.people.accounts import accounts_disable_for_person
from dangjian.people.enums import PARTY_MEMBER_STATUSES, MembershipStatus
from dangjian.people.membership import MEMBER_ORG_KINDS, membership_change, membership_check, membership_open
from dangjian.people.models import Membership, Person
from dangjian.people.services import person_create
from dangjian.transfers import errors, rules
from dangjian.transfers.enums import CheckResult, MobileStatus, TransferKind, TransferStatus
from dangjian.transfers.models import MobileCheck, MobileCheckEntry, MobileMember, Transfer, TransferEvent
from dangjian.transfers.workflows import TRANSFER

TRANSFER_FIELDS = [
    "kind",
    "status",
    "from_org_id",
    "to_org_id",
    "external_org",
    "reason",
    "started_on",
    "due_on",
    "letter_no",
    "valid_days",
]


def _today() -> dt.date:
    return timezone.localdate()


def _check_day(day: dt.date, field: str, label: str, start: dt.date | None = None) -> None:
    if day > _today():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field=label), field=field)
    if start is not None and day < start:
        raise ApplicationError(errors.ERR_DATE_BEFORE_START.format(field=label, start=start), field=field)


def _target(to_org_id) -> PartyOrganization:
    if not to_org_id:
        raise ApplicationError(errors.ERR_TARGET_REQUIRED, field="to_org")
    org = PartyOrganization.objects.filter(pk=to_org_id, is_active=True).first()
    if org is None:
        raise ApplicationError(errors.ERR_TARGET_MISSING, field="to_org")
    return org


def _next_letter_no(year: int) -> str:
    """介绍信编号: 〔year〕 and a 5-digit sequence; the caller holds the transaction."""
    prefix = f"{year}-"
    last = Transfer.objects.filter(letter_no__startswith=prefix).aggregate(m=Max("letter_no"))["m"]
    seq = int(last.split("-")[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


@transaction.atomic
def transfer_start(
    *,
    actor: Actor,
    person: Person,
    kind: str,
    to_org_id: int | None = None,
    external_org: str = "",
    reason: str = "",
    started_on: dt.date | None = None,
    valid_days: int | None = None,
    note: str = "",
) -> Transfer:
    """The sending organisation starts a transfer of `person` (within the system to `to_org_id`,
    or out of it with an introduction letter to `external_org`)."""
    person = Person.objects.select_for_update().select_related("organization").get(pk=person.pk)
    source = person.organization
    scoping.require(scoping.can_write_path(actor, source.path))
    m = Membership.objects.filter(person=person).first()
    if m is None or m.status not in PARTY_MEMBER_STATUSES:
        raise ApplicationError(errors.ERR_NOT_MEMBER.format(name=person.name), field="person")
    started_on = started_on or _today()
    _check_day(started_on, "started_on", "发起日期")
    pending = Transfer.objects.filter(person=person, status=TransferStatus.PENDING).first()
    if pending:
        raise ApplicationError(errors.ERR_PENDING_EXISTS.format(no=pending.number), field="person")
    t = Transfer(
        person=person,
        kind=kind,
        from_org=source,
        root=source.root or source,
        reason=(reason or "").strip()[:200],
        started_on=started_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if kind == TransferKind.WITHIN:
        target = _target(to_org_id)
        if target.pk == source.pk:
            raise ApplicationError(errors.ERR_TARGET_SAME.format(org=target.name), field="to_org")
        if target.kind not in MEMBER_ORG_KINDS:
            raise ApplicationError(
                errors.ERR_TARGET_KIND.format(org=target.name, kind=target.get_kind_display()), field="to_org"
            )
        t.to_org = target
        t.due_on = rules.due_on(kind, started_on, None)
    elif kind == TransferKind.OUT:
        t.external_org = (external_org or "").strip()[:200]
        if not t.external_org:
            raise ApplicationError(errors.ERR_EXTERNAL_REQUIRED, field="external_org")
        valid_days = rules.letter_days() if valid_days is None else valid_days
        rules.check_validity(valid_days)
        t.valid_days = int(valid_days)
        t.letter_no = _next_letter_no(started_on.year)
        t.due_on = rules.due_on(kind, started_on, t.valid_days)
    else:
        raise ApplicationError(errors.ERR_TARGET_REQUIRED, field="kind")
    t.save()
    TransferEvent.objects.create(
        transfer=t,
        transition="start",
        from_state="",
        to_state=TransferStatus.PENDING,
        actor=actor if getattr(actor, "pk", None) else None,
        note=(note or "").strip()[:1000],
        data={"started_on": started_on.isoformat()},
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=t,
        changes=audit.created(audit.snapshot(t, TRANSFER_FIELDS)),
    )
    return t


def _move_member(t: Transfer, on: dt.date, *, actor: Actor) -> None:
    """Move the member to the receiving organisation from `on` (inside the acceptance)."""
    source, target = t.from_org, t.to_org
    assert source is not None and target is not None  # a transfer inside the system has both ends
    person = Person.objects.select_for_update().select_related("organization").get(pk=t.person_id)
    if person.organization_id != t.from_org_id:
        raise ApplicationError(errors.ERR_PERSON_MOVED.format(org=source.name))
    m = Membership.objects.get(person=person)
    membership_change(person, target, m.status, on, "组织关系转接")
    person.organization = target
    person.save(update_fields=["organization", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        org_path=target.path,
        changes={"organization": [source.name, target.name], "transfer": [None, t.number]},
    )


def transfer_accept(
    *, actor: Actor, transfer: Transfer, on: dt.date | None = None, note: str = ""
) -> Transfer:
    """The receiving organisation accepts: the state and the membership move together."""
    on = on or _today()
    _check_day(on, "on", "接收日期", transfer.started_on)
    with transaction.atomic():
        workflow.transition_apply(
            workflow=TRANSFER,
            obj=transfer,
            name="accept",
            actor=actor,
            note=note,
            data={"on": on.isoformat()},
            changes={"closed_on": on},
        )
        _move_member(transfer, on, actor=actor)
    return transfer


def transfer_return(*, actor: Actor, transfer: Transfer, note: str, on: dt.date | None = None) -> Transfer:
    on = on or _today()
    workflow.transition_apply(
        workflow=TRANSFER,
        obj=transfer,
        name="return",
        actor=actor,
        note=(note or "").strip()[:1000],
        data={"note": (note or "").strip()[:1000], "on": on.isoformat()},
        changes={"closed_on": on},
    )
    return transfer


def transfer_cancel(*, actor: Actor, transfer: Transfer, note: str = "") -> Transfer:
    workflow.transition_apply(
        workflow=TRANSFER,
        obj=transfer,
        name="cancel",
        actor=actor,
        note=note,
        changes={"closed_on": _today()},
    )
    return transfer


def transfer_receipt(
    *, actor: Actor, transfer: Transfer, receipt_on: dt.date | None = None, note: str = ""
) -> Transfer:
    """The sender records the receipt (回执) of a letter out of the system: the member leaves the
    system on that day (status 已转出) and their accounts are disabled, in one transaction."""
    receipt_on = receipt_on or _today()
    _check_day(receipt_on, "receipt_on", "回执日期", transfer.started_on)
    with transaction.atomic():
        workflow.transition_apply(
            workflow=TRANSFER,
            obj=transfer,
            name="receipt",
            actor=actor,
            note=note,
            data={"receipt_on": receipt_on.isoformat()},
            changes={"closed_on": receipt_on, "receipt_on": receipt_on},
        )
        person = Person.objects.select_for_update().select_related("organization").get(pk=transfer.person_id)
        m = Membership.objects.get(person=person)
        before = m.status
        m.status, m.left_on = MembershipStatus.TRANSFERRED_OUT, receipt_on
        m.save(update_fields=["status", "left_on", "updated_at"])
        membership_change(
            person, person.organization, MembershipStatus.TRANSFERRED_OUT, receipt_on, "组织关系转出"
        )
        accounts_disable_for_person(actor=actor, person=person, reason="组织关系转出")
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=m,
            changes={"status": [before, m.status], "left_on": [None, receipt_on.isoformat()]},
        )
    return transfer


def transfer_register_in(
    *,
    actor: Actor,
    organization: PartyOrganization,
    name: str,
    id_number: str,
    status: str,
    admitted_on: dt.date,
    full_on: dt.date | None = None,
    external_org: str,
    letter_no: str = "",
    on: dt.date | None = None,
    education: str = "bachelor",
    reason: str = "",
    **fields,
) -> Transfer:
    """Register a member coming from outside the system with an introduction letter: the person, the
    membership from `on` and the completed transfer, in one transaction."""
    scoping.require(scoping.can_write_path(actor, organization.path))
    on = on or _today()
    _check_day(on, "on", "转入日期")
    external_org = (external_org or "").strip()[:200]
    if not external_org:
        raise ApplicationError(errors.ERR_ORIGIN_REQUIRED, field="external_org")
    if status not in PARTY_MEMBER_STATUSES:
        raise ApplicationError(errors.ERR_STATUS_IN, field="status")
    if organization.kind not in MEMBER_ORG_KINDS:
        raise ApplicationError(
            people_errors.ERR_ORG_NOT_BRANCH.format(
                org=organization.name, kind=organization.get_kind_display()
            ),
            field="organization",
        )
    with transaction.atomic():
        person = person_create(
            actor=actor,
            organization=organization,
            unit=organization.unit,
            name=name,
            id_number=id_number,
            education=education,
            **fields,
        )
        dates = {"admitted_on": admitted_on, "full_on": full_on if status == MembershipStatus.FULL else None}
        membership_check(status, dates, person.birth_date, organization)
        Membership.objects.create(person=person, status=status, **dates)
        membership_open(person, organization, status, on, "组织关系转入")
        t = Transfer.objects.create(
            person=person,
            kind=TransferKind.IN,
            to_org=organization,
            root=organization.root or organization,
            external_org=external_org,
            letter_no="",
            reason=(reason or "").strip()[:200] or f"介绍信{letter_no}".strip(),
            started_on=on,
            due_on=on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        workflow.transition_apply(
            workflow=TRANSFER,
            obj=t,
            name="register_in",
            actor=actor,
            note=(f"介绍信编号：{letter_no}" if letter_no else ""),
            data={"letter_no": letter_no},
            changes={"closed_on": on},
        )
    return t


# --- mobile members ------------------------------------------------------------------------------


@transaction.atomic
def mobile_register(
    *,
    actor: Actor,
    person: Person,
    location: str,
    since: dt.date,
    contact: str,
    contact_means: str = "",
    certificate_no: str = "",
) -> MobileMember:
    """Register a member as mobile (流动党员): the sending organisation keeps contact."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    m = Membership.objects.filter(person=person).first()
    if m is None or m.status not in PARTY_MEMBER_STATUSES:
        raise ApplicationError(errors.ERR_NOT_MEMBER.format(name=person.name), field="person")
    location, contact = (location or "").strip()[:200], (contact or "").strip()[:50]
    if not location:
        raise ApplicationError(errors.ERR_MOBILE_WHERE, field="location")
    if not contact:
        raise ApplicationError(errors.ERR_MOBILE_CONTACT, field="contact")
    _check_day(since, "since", "外出日期")
    active = MobileMember.objects.filter(person=person, status=MobileStatus.ACTIVE).first()
    if active:
        raise ApplicationError(errors.ERR_MOBILE_EXISTS.format(since=active.since, where=active.location))
    org = person.organization
    row = MobileMember.objects.create(
        person=person,
        organization=org,
        unit=person.unit,
        root=org.root or org,
        location=location,
        since=since,
        contact=contact,
        contact_means=(contact_means or "").strip()[:100],
        certificate_no=(certificate_no or "").strip()[:40],
    )
    if not person.is_mobile:
        person.is_mobile = True
        person.save(update_fields=["is_mobile", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=row,
        changes=audit.created(audit.snapshot(row, ["location", "since", "contact", "certificate_no"])),
    )
    return row


@transaction.atomic
def mobile_end(*, actor: Actor, mobile: MobileMember, ended_on: dt.date | None = None) -> MobileMember:
    scoping.require(scoping.can_write_path(actor, mobile.organization.path))
    if mobile.status != MobileStatus.ACTIVE:
        raise ApplicationError(errors.ERR_MOBILE_ENDED)
    ended_on = ended_on or _today()
    _check_day(ended_on, "ended_on", "结束日期", mobile.since)
    mobile.status, mobile.ended_on = MobileStatus.ENDED, ended_on
    mobile.save(update_fields=["status", "ended_on", "updated_at"])
    Person.objects.filter(pk=mobile.person_id).update(is_mobile=False)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=mobile,
        changes={"status": [MobileStatus.ACTIVE.value, mobile.status], "ended_on": [None, str(ended_on)]},
    )
    return mobile


@transaction.atomic
def mobile_check_start(
    *, actor: Actor, organization: PartyOrganization, title: str, checked_on: dt.date | None = None
) -> MobileCheck:
    """A check drive (排查) over `organization`'s subtree: the list of its active mobile members,
    per unit, each to be verified."""
    scoping.require(scoping.can_write_path(actor, organization.path))
    title = (title or "").strip()[:200]
    if not title:
        raise ApplicationError(errors.ERR_CHECK_TITLE, field="title")
    checked_on = checked_on or _today()
    _check_day(checked_on, "checked_on", "排查日期")
    run = MobileCheck.objects.create(
        title=title,
        organization=organization,
        root=organization.root or organization,
        checked_on=checked_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    rows = MobileMember.objects.filter(
        status=MobileStatus.ACTIVE, since__lte=checked_on, organization__path__under=organization.path
    )
    MobileCheckEntry.objects.bulk_create(
        [
            MobileCheckEntry(
                check_run=run,
                mobile=r,
                person_id=r.person_id,
                organization_id=r.organization_id,
                unit_id=r.unit_id,
                location=r.location,
                contact=r.contact,
            )
            for r in rows
        ],
        batch_size=1000,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes={"title": [None, title], "entries": [None, run.entries.count()]},
    )
    return run


@transaction.atomic
def mobile_check_result(*, actor: Actor, entry: MobileCheckEntry, result: str) -> MobileCheckEntry:
    scoping.require(scoping.can_write_path(actor, entry.organization.path))
    if result not in CheckResult.values:
        raise ApplicationError("核实结果：请选择。", field="result")
    before = entry.result
    entry.result = result
    entry.save(update_fields=["result"])
    if result == CheckResult.LOST:
        Person.objects.filter(pk=entry.person_id).update(is_lost_contact=True)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=entry,
        org_path=entry.organization.path,
        changes={"result": [before, result]},
    )
    return entry
