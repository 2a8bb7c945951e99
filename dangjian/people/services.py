"""Every write to people, memberships and cadre posts: one transaction, one audit row each."""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.db import transaction
from pypinyin import Style, lazy_pinyin

from dangjian.core import audit, crypto, idnumber
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import PartyOrganization
from dangjian.people import errors
from dangjian.people.enums import OUT_OF_PARTY_STATUSES, MembershipStatus, Post
from dangjian.people.models import CadrePost, Membership, MembershipPeriod, Person

PERSON_FIELDS = ["name", "gender", "birth_date", "id_number", "ethnicity", "native_place", "education", "degree",
                 "category", "phone", "unit_id", "position", "organization_id", "is_mobile", "is_lost_contact"]
MEMBERSHIP_FIELDS = ["status", "applied_on", "activist_on", "candidate_on", "admitted_on", "full_on", "left_on"]
DATE_ORDER = [("applied_on", "申请入党日期"), ("activist_on", "确定积极分子日期"),
              ("candidate_on", "确定发展对象日期"), ("admitted_on", "入党日期"), ("full_on", "转正日期")]
REQUIRED_DATE = {MembershipStatus.APPLICANT: "applied_on", MembershipStatus.ACTIVIST: "activist_on",
                 MembershipStatus.CANDIDATE: "candidate_on", MembershipStatus.PROBATIONARY: "admitted_on",
                 MembershipStatus.FULL: "full_on"}
MEMBER_ORG_KINDS = {OrgKind.BRANCH, OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.WORKING_COMMITTEE}
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


@functools.lru_cache(maxsize=65536)  # names repeat (王伟, 李娜...); pypinyin costs ~30 µs a name
def pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def protected_id_fields(number: str) -> dict:
    """Columns that store an ID number: ciphertext, blind index, masked form, tail for search,
    and the birth date and gender derived from it."""
    return {
        "id_enc": crypto.encrypt(number), "id_bidx": crypto.blind_index(number),
        "id_masked": idnumber.mask(number), "id_tail": number[-6:], "id_last4": number[-4:],
        "birth_date": idnumber.birth_date(number), "gender": idnumber.gender(number),
    }


def person_find_by_id_number(number: str) -> Person | None:
    return Person.objects.filter(id_bidx=crypto.blind_index(idnumber.normalize(number))).first()


def _clean_person(data: dict, *, instance: Person | None = None) -> dict:
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
            raise ApplicationError(errors.ERR_BIRTH_MISMATCH.format(expected=derived["birth_date"]),
                                   field="birth_date")
        if out.get("gender") and out["gender"] != derived["gender"]:
            raise ApplicationError(errors.ERR_GENDER_MISMATCH.format(
                expected="男" if derived["gender"] == "M" else "女"), field="gender")
        dup = Person.objects.filter(id_bidx=derived["id_bidx"])
        if instance is not None:
            dup = dup.exclude(pk=instance.pk)
        existing = dup.first()
        if existing:
            raise ApplicationError(errors.ERR_ID_DUPLICATE.format(name=existing.name), field="id_number")
        out.update(derived)
    if "phone" in out:
        phone = (out.pop("phone") or "").strip()
        if phone and not _PHONE.match(phone):
            raise ApplicationError(errors.ERR_PHONE, field="phone")
        out["phone_enc"] = crypto.encrypt(phone) if phone else ""
        out["phone_masked"] = mask_phone(phone) if phone else ""
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


def _check_membership(status: str, dates: dict, birth_date: dt.date, org: PartyOrganization) -> None:
    today = dt.date.today()
    if status in (MembershipStatus.PROBATIONARY, MembershipStatus.FULL) and org.kind not in MEMBER_ORG_KINDS:
        raise ApplicationError(errors.ERR_ORG_NOT_BRANCH.format(org=org.name, kind=org.get_kind_display()),
                               field="organization")
    need = REQUIRED_DATE.get(status)
    if status == MembershipStatus.FULL and not dates.get("admitted_on"):
        need = "admitted_on"  # a full member was first a probationary one (细则 第三十二条)
    if need and not dates.get(need):
        label = dict(DATE_ORDER)[need]
        raise ApplicationError(errors.ERR_STATUS_DATE.format(status=MembershipStatus(status).label, field=label),
                               field=need)
    previous = None
    for key, label in DATE_ORDER:
        value = dates.get(key)
        if value is None:
            continue
        if value > today:
            raise ApplicationError(errors.ERR_DATE_FUTURE.format(field=label), field=key)
        if previous and value < previous[1]:
            raise ApplicationError(errors.ERR_DATE_ORDER.format(later=label, earlier=previous[0]), field=key)
        previous = (label, value)
    first = next(((k, dates[k]) for k, _ in DATE_ORDER if dates.get(k)), None)
    if first:
        age = first[1].year - birth_date.year - ((first[1].month, first[1].day) < (birth_date.month, birth_date.day))
        if age < 18:
            raise ApplicationError(errors.ERR_APPLICANT_AGE.format(field=dict(DATE_ORDER)[first[0]], age=age),
                                   field=first[0])


@transaction.atomic
def person_create(*, actor, organization: PartyOrganization, unit, name: str, id_number: str,
                  status: str | None = None, membership: dict | None = None, **fields) -> Person:
    """Register a person in `organization`; with `status`, also their membership and its first period."""
    scoping.require(scoping.can_write_path(actor, organization.path))
    data = _clean_person({"name": name, "id_number": id_number, "organization": organization, "unit": unit,
                          **fields})
    person = Person.objects.create(root=organization.root or organization, **data)
    if status:
        dates = membership or {}
        _check_membership(status, dates, person.birth_date, organization)
        m = Membership.objects.create(person=person, status=status, **dates)
        MembershipPeriod.objects.create(person=person, organization=organization, status=status,
                                        valid_from=_status_since(m), reason="登记")
    audit.record(actor=actor, action=AuditAction.CREATE, obj=person,
                 changes=audit.diff({}, _person_snapshot(person) | ({"status": status} if status else {})))
    return person


def _status_since(m: Membership) -> dt.date:
    key = REQUIRED_DATE.get(m.status)
    return (getattr(m, key) if key else m.left_on) or dt.date.today()


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Edit personal data. Moving to another organisation goes through membership_transfer."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    fields.pop("organization", None)
    before = _person_snapshot(person)
    data = _clean_person(fields, instance=person)
    for key, value in data.items():
        setattr(person, key, value)
    person.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person,
                 changes=audit.diff(before, _person_snapshot(person)))
    return person


@transaction.atomic
def membership_update(*, actor, person: Person, status: str, on: dt.date | None = None, **dates) -> Membership:
    """Change the membership status or its dates; a status change closes the current period
    and opens a new one from `on` (default: the date that goes with the new status)."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    m = Membership.objects.filter(person=person).first()
    before = audit.snapshot(m, MEMBERSHIP_FIELDS) if m else {}
    current = {k: getattr(m, k) for k, _ in DATE_ORDER} if m else {}
    current.update({k: v for k, v in dates.items() if k in dict(DATE_ORDER) or k == "left_on"})
    _check_membership(status, current, person.birth_date, person.organization)
    if m is None:
        m = Membership(person=person)
    changed_status = m.status != status
    m.status = status
    for key, value in current.items():
        setattr(m, key, value)
    m.save()
    if changed_status:
        since = on or _status_since(m)
        _close_period(person, since)
        MembershipPeriod.objects.create(person=person, organization=person.organization, status=status,
                                        valid_from=since, reason="状态变更")
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=m, changes=audit.diff(before, audit.snapshot(
        m, MEMBERSHIP_FIELDS)))
    return m


def _close_period(person: Person, on: dt.date) -> None:
    for period in MembershipPeriod.objects.filter(person=person, valid_to__isnull=True):
        period.valid_to = max(on, period.valid_from)
        period.save(update_fields=["valid_to"])


@transaction.atomic
def membership_transfer(*, actor, person: Person, target: PartyOrganization, on: dt.date | None = None,
                        reason: str = "组织关系转接") -> Person:
    """Move a person to another organisation inside the tree (both ends must be writable)."""
    scoping.require(scoping.can_write_path(actor, person.organization.path))
    scoping.require(scoping.can_write_path(actor, target.path))
    on = on or dt.date.today()
    _move(person, target, on, reason)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=person,
                 changes={"organization": [str(person._old_org), target.name]})
    return person


def _move(person: Person, target: PartyOrganization, on: dt.date, reason: str) -> None:
    if not target.is_active:
        raise ApplicationError(errors.ERR_ORG_INACTIVE.format(org=target.name), field="organization")
    m = Membership.objects.filter(person=person).first()
    if m and m.status in (MembershipStatus.PROBATIONARY, MembershipStatus.FULL) and target.kind not in MEMBER_ORG_KINDS:
        raise ApplicationError(errors.ERR_ORG_NOT_BRANCH.format(org=target.name, kind=target.get_kind_display()),
                               field="organization")
    person._old_org = person.organization
    if m and m.status not in OUT_OF_PARTY_STATUSES:
        _close_period(person, on)
        MembershipPeriod.objects.create(person=person, organization=target, status=m.status, valid_from=on,
                                        reason=reason)
    person.organization = target
    person.save(update_fields=["organization", "updated_at"])


def people_move_all(*, actor, source: PartyOrganization, target: PartyOrganization, on: dt.date, reason: str) -> int:
    """Move everyone of `source` to `target` (used by the branch merge, inside its transaction)."""
    n = 0
    for person in Person.objects.filter(organization=source).select_related("organization"):
        _move(person, target, on, reason)
        n += 1
    return n


@transaction.atomic
def cadre_post_create(*, actor, person: Person, organization: PartyOrganization, post: str,
                      started_on: dt.date) -> CadrePost:
    scoping.require(scoping.can_write_path(actor, organization.path))
    if not person.organization.path.startswith(organization.path) and not organization.path.startswith(
            person.organization.path[:len(organization.path)]):
        raise ApplicationError(errors.ERR_POST_PERSON_OUTSIDE, field="person")
    if started_on > dt.date.today():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="任职日期"), field="started_on")
    cp = CadrePost.objects.create(person=person, organization=organization, post=post, started_on=started_on)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=cp,
                 changes={"post": [None, Post(post).label], "person": [None, person.name]})
    return cp


@transaction.atomic
def cadre_post_end(*, actor, post: CadrePost, ended_on: dt.date, reason: str) -> CadrePost:
    scoping.require(scoping.can_write_path(actor, post.organization.path))
    if post.ended_on:
        raise ApplicationError(errors.ERR_POST_ENDED)
    if ended_on < post.started_on:
        raise ApplicationError(errors.ERR_POST_DATES, field="ended_on")
    if ended_on > dt.date.today():
        raise ApplicationError(errors.ERR_DATE_FUTURE.format(field="免职日期"), field="ended_on")
    post.ended_on, post.end_reason = ended_on, reason
    post.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=post, changes={"ended_on": [None, str(ended_on)],
                                                                          "end_reason": [None, reason]})
    return post


def person_reveal_id(*, actor, person: Person) -> str:
    """The full ID number, for a role permitted to see it; every reveal is logged."""
    if not scoping.can_view_full_id(actor, person):
        from dangjian.core.errors import Forbidden

        raise Forbidden("您的角色不能查看完整身份证号。")
    audit.record(actor=actor, action=AuditAction.ACCESS, obj=person, changes={"field": ["", "id_number"]})
    return crypto.decrypt(person.id_enc)


def person_reveal_phone(*, actor, person: Person) -> str:
    if not scoping.can_view_full_id(actor, person):
        from dangjian.core.errors import Forbidden

        raise Forbidden("您的角色不能查看完整联系电话。")
    audit.record(actor=actor, action=AuditAction.ACCESS, obj=person, changes={"field": ["", "phone"]})
    return crypto.decrypt(person.phone_enc) if person.phone_enc else ""
