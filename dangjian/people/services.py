"""Every write to people, memberships and cadre posts: one transaction, one audit row each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from dangjian.core import audit, crypto, idnumber
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction
from dangjian.organizations import errors as org_errors
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors
from dangjian.people.accounts import accounts_disable_for_person
from dangjian.people.enums import OUT_OF_PARTY_STATUSES, MembershipStatus, Post, PostEndReason
from dangjian.people.fields import phone_fields, phone_valid, pinyin_key, protected_id_fields
from dangjian.people.membership import (
    DATE_ORDER,
    membership_change,
    membership_check,
    membership_open,
    org_check,
    status_since,
)
from dangjian.people.models import CadrePost, Membership, Person
from dangjian.people.selectors import people_unseen

PERSON_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "id_number",
    "ethnicity",
    "native_place",
    "education",
    "degree",
    "category",
    "phone",
    "unit_id",
    "position",
    "organization_id",
    "is_mobile",
    "is_lost_contact",
]
MEMBERSHIP_FIELDS = [
    "status",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "full_on",
    "left_on",
]


def person_find_by_id_number(number: str) -> Person | None:
    return Person.objects.filter(id_bidx=crypto.blind_index(idnumber.normalize(number))).first()


def _clean_person(data: dict, *, actor=None, instance: Person | None = None) -> dict:
    """Validate and normalise person fields; raises ApplicationError naming the field."""
    out = dict(data)
    if "name" in out or instance is None:
        out["name"] = (out.get("name") or "").strip()
        if not out["name"]:
            raise ApplicationError(errors.ERR_NAME_REQUIRED, field="name")
    if "id_number" in out or instance is None:
        number = idnumber.normalize(out.pop("id_number", None))
        derived = protected_id_fields(number)
        if out.get("birth_date") and out["birth_date"] != derived["birth_date"]:
            raise ApplicationError(
                errors.ERR_BIRTH_MISMATCH.format(expected=derived["birth_date"]), field="birth_date"
            )
        if out.get("gender") and out["gender"] != derived["gender"]:
            raise ApplicationError(
                errors.ERR_GENDER_MISMATCH.format(expected="男" if derived["gender"] == "M" else "女"),
                field="gender",
            )
        dup = Person.objects.filter(id_bidx=derived["id_bidx"])
        if instance is not None:
            dup = dup.exclude(pk=instance.pk)
        existing = dup.first()
        if existing and actor is not None and people_unseen(actor, [existing.pk]):
            raise ApplicationError(errors.ERR_ID_ELSEWHERE, field="id_number")
        if existing:
            raise ApplicationError(errors.ERR_ID_DUPLICATE.format(name=existing.name), field="id_number")
        out.update(derived)
    if "phone" in out:
        phone = (out.pop("phone") or "").strip()
        if phone and not phone_valid(phone):
            raise ApplicationError(errors.ERR_PHONE, field="phone")
        out.update(phone_fields(phone))
    if "name" in out:
        out["name_pinyin"] = pinyin_key(out["name"])
    org = out.get("organization")
    if org is not None and not org.is_active:
        raise ApplicationError(errors.ERR_ORG_INACTIVE.format(org=org.name), field="organization")
    return out


def _person_snapshot(person: Person) -> dict:
    snap = audit.snapshot(person, [f for f in PERSON_FIELDS if f not in {"id_number", "phone"}])
    snap["id_number"] = person.id_bidx
    snap["phone"] = person.phone_enc and crypto.decrypt(person.phone_enc)
    return snap


def person_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    unit,
    name: str,
    id_number: str,
    status: str | None = None,
    membership: dict | None = None,
    **fields,
) -> Person:
    """Register a person in `organization`; with `status`, also their membership and its first period.
    An ID number already registered outside the actor's scope is refused without naming the person
    (a transfer in goes through the transfer workflow) and logged as DENIED."""
    scoping.require(scoping.can_write_path(actor, organization.path))
    try:
        return _person_create(
            actor=actor,
            organization=organization,
            unit=unit,
            name=name,
            id_number=id_number,
            status=status,
            membership=membership,
            **fields,
        )
    except ApplicationError as e:
        if e.message == errors.ERR_ID_ELSEWHERE:
            audit.denied(actor=actor, object_type="people.person", object_id="", reason=e.message)
        raise


@transaction.atomic
def _person_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    unit,
    name: str,
    id_number: str,
    status: str | None = None,
    membership: dict | None = None,
    **fields,
) -> Person:
    data = _clean_person(
        {"name": name, "id_number": id_number, "organization": organization, "unit": unit, **fields},
        actor=actor,
    )
    person = Person.objects.create(root=organization.root or organization, **data)
    if status:
        dates = membership or {}
        membership_check(status, dates, person.birth_date, organization)
        m = Membership.objects.create(person=person, status=status, **dates)
        membership_open(person, organization, status, status_since(m), "登记")
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        changes=audit.diff({}, _person_snapshot(person) | ({"status": status} if status else {})),
    )
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **fields) -> Person:
    """Edit personal data. Moving to another organisation goes through membership_transfer."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    fields.pop("organization", None)
    before = _person_snapshot(person)
    data = _clean_person(fields, actor=actor, instance=person)
    for key, value in data.items():
        setattr(person, key, value)
    person.save()
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        changes=audit.diff(before, _person_snapshot(person)),
    )
    return person


@transaction.atomic
def membership_update(
    *, actor: Actor, person: Person, status: str, on: dt.date | None = None, **dates
) -> Membership:
    """Change the membership status or its dates; a status change closes the current period
    and opens a new one from `on` (default: the date that goes with the new status)."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    m = Membership.objects.filter(person=person).first()
    before = audit.snapshot(m, MEMBERSHIP_FIELDS) if m else {}
    current = {k: getattr(m, k) for k, _ in DATE_ORDER} if m else {}
    current.update({k: v for k, v in dates.items() if k in dict(DATE_ORDER) or k == "left_on"})
    membership_check(status, current, person.birth_date, person.organization)
    if m is None:
        m = Membership(person=person)
    changed_status = m.status != status
    m.status = status
    for key, value in current.items():
        setattr(m, key, value)
    m.save()
    if changed_status:
        membership_change(person, person.organization, status, on or status_since(m), "状态变更")
        if status in OUT_OF_PARTY_STATUSES:
            accounts_disable_for_person(actor=actor, person=person, reason=MembershipStatus(status).label)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=m,
        changes=audit.diff(before, audit.snapshot(m, MEMBERSHIP_FIELDS)),
    )
    return m


@transaction.atomic
def membership_transfer(
    *,
    actor: Actor,
    person: Person,
    target: PartyOrganization,
    on: dt.date | None = None,
    reason: str = "组织关系转接",
) -> Person:
    """Move a person to another organisation inside the tree (both ends must be writable)."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    scoping.require(scoping.can_write_path(actor, target.path))
    on = on or dt.date.today()
    source = _move(person, target, on, reason)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=person,
        changes={"organization": [str(source), target.name]},
    )
    return person


def _move(person: Person, target: PartyOrganization, on: dt.date, reason: str) -> PartyOrganization:
    """Move `person` to `target`; returns the organisation they left."""
    if not target.is_active:
        raise ApplicationError(errors.ERR_ORG_INACTIVE.format(org=target.name), field="organization")
    m = Membership.objects.filter(person=person).first()
    if m:
        org_check(m.status, target)
    source = person.organization
    if m and m.status not in OUT_OF_PARTY_STATUSES:
        membership_change(person, target, m.status, on, reason)
    person.organization = target
    person.save(update_fields=["organization", "updated_at"])
    return source


def people_move_all(
    *, actor: Actor, source: PartyOrganization, target: PartyOrganization, on: dt.date, reason: str
) -> int:
    """Move everyone of `source` to `target` (used by the branch merge, inside its transaction)."""
    n = 0
    for person in Person.objects.filter(organization=source).select_related("organization"):
        _move(person, target, on, reason)
        n += 1
    return n


def branch_merge(*, actor: Actor, source: PartyOrganization, target: PartyOrganization, on: dt.date) -> dict:
    """The members' part of a branch merge (organizations.services.org_merge, in its transaction):
    everyone of `source` moves to `target`, and the posts of `source` end, each audited."""
    moved = people_move_all(
        actor=actor, source=source, target=target, on=on, reason=f"支部合并：{source.name}并入{target.name}"
    )
    for post in CadrePost.objects.filter(organization=source, ended_on__isnull=True):
        post.ended_on, post.end_reason = on, PostEndReason.OTHER
        post.save(update_fields=["ended_on", "end_reason", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=post,
            changes={"ended_on": [None, str(on)], "end_reason": [None, PostEndReason.OTHER.value]},
        )
    return {"people_moved": [None, moved]}


def branch_dissolve_check(org: PartyOrganization) -> None:
    """An organisation with people still in the party cannot be dissolved: move them first."""
    n = Person.objects.filter(organization=org).exclude(membership__status__in=OUT_OF_PARTY_STATUSES).count()
    if n:
        raise ApplicationError(org_errors.ERR_DISSOLVE_HAS_MEMBERS.format(n=n))


@transaction.atomic
def cadre_post_create(
    *, actor: Actor, person: Person, organization: PartyOrganization, post: str, started_on: dt.date
) -> CadrePost:
    scoping.require(scoping.can_write_path(actor, organization.path))
    if not person.organization.path.startswith(organization.path) and not organization.path.startswith(
        person.organization.path[: len(organization.path)]
    ):
        raise ApplicationError(errors.ERR_POST_PERSON_OUTSIDE, field="person")
    if started_on > dt.date.today():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="任职日期"), field="started_on")
    cp = CadrePost.objects.create(person=person, organization=organization, post=post, started_on=started_on)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=cp,
        changes={"post": [None, Post(post).label], "person": [None, person.name]},
    )
    return cp


@transaction.atomic
def cadre_post_end(*, actor: Actor, post: CadrePost, ended_on: dt.date, reason: str) -> CadrePost:
    scoping.require(scoping.can_write_path(actor, post.organization.path))
    if post.ended_on:
        raise ApplicationError(errors.ERR_POST_ENDED)
    if ended_on < post.started_on:
        raise ApplicationError(errors.ERR_POST_DATES, field="ended_on")
    if ended_on > dt.date.today():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="免职日期"), field="ended_on")
    post.ended_on, post.end_reason = ended_on, reason
    post.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=post,
        changes={"ended_on": [None, str(ended_on)], "end_reason": [None, reason]},
    )
    return post


def person_reveal_id(*, actor: Actor, person: Person) -> str:
    """The full ID number, for a role permitted to see it; every reveal is logged."""
    if not scoping.can_view_full_id(actor, person):
        raise Forbidden("您的角色不能查看完整身份证号。")
    audit.record(actor=actor, action=AuditAction.ACCESS, obj=person, changes={"field": ["", "id_number"]})
    return crypto.decrypt(person.id_enc)


def person_reveal_phone(*, actor: Actor, person: Person) -> str:
    if not scoping.can_view_full_id(actor, person):
        raise Forbidden("您的角色不能查看完整联系电话。")
    audit.record(actor=actor, action=AuditAction.ACCESS, obj=person, changes={"field": ["", "phone"]})
    return crypto.decrypt(person.phone_enc) if person.phone_enc else ""
