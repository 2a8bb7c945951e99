"""Every write of organisational life: meetings, rosters and attendance, votes, appraisals."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dangjian.core import attachments, audit, text
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction
from dangjian.core.periods import in_force_on
from dangjian.meetings import errors, rules
from dangjian.meetings.enums import (
    AppraisalGrade,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    SignMethod,
)
from dangjian.meetings.models import (
    AgendaItem,
    Appraisal,
    Attendance,
    Meeting,
    MeetingAttachment,
    MeetingVote,
)
from dangjian.meetings.rules import QUORUM_RULES
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import COMMITTEE_POSTS, MembershipStatus
from dangjian.people.models import CadrePost, Person
from dangjian.people.selectors import members_on, people_unseen

MEETING_FIELDS = [
    "title",
    "kind",
    "status",
    "held_at",
    "place",
    "host_id",
    "recorder_id",
    "topics",
    "study_content",
    "minutes",
    "committee_attended",
]


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


# --- rosters -------------------------------------------------------------------------------


def roster_for(*, organization, kind: str, day: dt.date, youth_group=None) -> list[tuple[int, bool]]:
    """(person_id, is_voting) of who should attend: the organisation's members on that day
    (probationary members without a vote), a committee's members for 支委会, a party group's
    branch for 党小组会, the group's members for a youth activity."""
    if kind == MeetingKind.CENTRAL_GROUP:
        return []
    if kind == MeetingKind.YOUTH_ACTIVITY and youth_group is not None:
        ids = youth_group.members.filter(in_force_on(day, start="joined_on", end="left_on")).values_list(
            "person_id", flat=True
        )
        return [(pid, False) for pid in sorted(set(ids))]
    if kind == MeetingKind.COMMITTEE_MEETING:
        ids = CadrePost.objects.filter(
            in_force_on(day, start="started_on", end="ended_on"),
            organization=organization,
            post__in=COMMITTEE_POSTS,
        ).values_list("person_id", flat=True)
        return [(pid, True) for pid in sorted(set(ids))]
    org = organization.parent if organization.kind == OrgKind.PARTY_GROUP else organization
    rows = members_on(day=day, org_path=org.path).values_list("person_id", "status")
    seen: dict[int, bool] = {}
    for pid, status in rows:
        seen[pid] = seen.get(pid, False) or status == MembershipStatus.FULL
    return sorted(seen.items())


def _check_held(status: str, held_at: dt.datetime) -> None:
    if status == MeetingStatus.HELD and held_at > timezone.now():
        raise ApplicationError(errors.ERR_FUTURE_HELD, field="held_at")


# --- meetings ------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    organization,
    kind: str,
    title: str,
    held_at: dt.datetime,
    status: str = MeetingStatus.PLANNED,
    place: str = "",
    host: Person | None = None,
    recorder: Person | None = None,
    topics: str = "",
    study_content: str = "",
    minutes: str = "",
    agenda: list[dict] | None = None,
    youth_group=None,
    committee_attended: bool = False,
    observers: list[Person] | None = None,
) -> Meeting:
    scoping.require(scoping.can_write_path(actor, organization.path))
    title = (title or "").strip()
    if not title:
        raise ApplicationError(errors.ERR_TITLE_REQUIRED, field="title")
    rules.check_kind(organization, kind, youth_group)
    _check_held(status, held_at)
    meeting = Meeting.objects.create(
        organization=organization,
        root=organization.root or organization,
        kind=kind,
        status=status,
        title=title,
        held_at=held_at,
        place=place,
        host=host,
        recorder=recorder,
        topics=topics,
        study_content=study_content,
        minutes=minutes,
        youth_group=youth_group,
        committee_attended=committee_attended,
        unit=organization.unit if kind == MeetingKind.CENTRAL_GROUP else None,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    agenda_set(meeting=meeting, items=agenda or [])
    if observers:
        meeting.observers.set(observers)
    roster = roster_for(
        organization=organization, kind=kind, day=_local_day(held_at), youth_group=youth_group
    )
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, person_id=pid, is_voting=voting) for pid, voting in roster]
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        changes=audit.diff({}, audit.snapshot(meeting, MEETING_FIELDS)) | {"roster": [None, len(roster)]},
    )
    return meeting


def agenda_set(*, meeting: Meeting, items: list[dict]) -> None:
    """Replace the agenda; at most one item is the 第一议题."""
    meeting.agenda.all().delete()
    first_seen = False
    rows = []
    for i, item in enumerate(items, start=1):
        title = (item.get("title") or "").strip()
        if not title:
            continue
        first = bool(item.get("is_first_topic")) and not first_seen
        first_seen = first_seen or first
        rows.append(
            AgendaItem(
                meeting=meeting,
                seq=i,
                title=title[:200],
                is_first_topic=first,
                speech=(item.get("speech") or "")[:300],
            )
        )
    AgendaItem.objects.bulk_create(rows)


@transaction.atomic
def meeting_update(*, actor: Actor, meeting: Meeting, agenda: list[dict] | None = None, **fields) -> Meeting:
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    before = audit.snapshot(meeting, MEETING_FIELDS)
    if "title" in fields and not (fields["title"] or "").strip():
        raise ApplicationError(errors.ERR_TITLE_REQUIRED, field="title")
    _check_held(fields.get("status", meeting.status), fields.get("held_at", meeting.held_at))
    if fields.get("kind", meeting.kind) != meeting.kind:  # F1: a changed kind must still fit the organisation
        rules.check_kind(meeting.organization, fields["kind"], meeting.youth_group)
    observers = fields.pop("observers", None)  # F1: a many-to-many cannot be set as an attribute
    old_day = _local_day(meeting.held_at)
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting.save()
    if agenda is not None:
        agenda_set(meeting=meeting, items=agenda)
    if observers is not None:
        meeting.observers.set(observers)
    if _local_day(meeting.held_at) != old_day or before["kind"] != meeting.kind:
        _roster_refresh(meeting)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        changes=audit.diff(before, audit.snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


# --- attendance ----------------------------------------------------------------------------


def has_started(meeting: Meeting) -> bool:
    return meeting.held_at <= timezone.now()


def not_started_message(meeting: Meeting) -> str:
    return errors.ERR_NOT_STARTED.format(time=f"{timezone.localtime(meeting.held_at):%Y年%m月%d日 %H:%M}")


def _require_started(meeting: Meeting) -> None:
    """Who attended and how they voted are facts of a meeting that has begun."""
    if not has_started(meeting):
        raise ApplicationError(not_started_message(meeting))


def attendance_record(*, actor: Actor, meeting: Meeting, rows: list[dict]) -> int:
    """Record attendance: rows of {"person_id", "status", "leave_reason"}. A person must be on the
    roster (a member of the organisation on the meeting's date); one row per person. An id naming
    nobody the actor may see (nor on this roster) is refused as unknown and logged."""
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    roster = set(meeting.attendance.values_list("person_id", flat=True))
    unseen = [pid for pid in people_unseen(actor, [r["person_id"] for r in rows]) if pid not in roster]
    if unseen:
        message = errors.ERR_PERSON_UNKNOWN.format(id=unseen[0])
        audit.denied(actor=actor, object_type="people.person", object_id=unseen[0], reason=message)
        raise ApplicationError(message, field="person")
    return _attendance_record(actor=actor, meeting=meeting, rows=rows)


@transaction.atomic
def _attendance_record(*, actor: Actor, meeting: Meeting, rows: list[dict]) -> int:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(errors.ERR_MEETING_CANCELLED)
    _require_started(meeting)
    existing = {a.person_id: a for a in meeting.attendance.select_related("person")}
    seen: set[int] = set()
    before: dict[str, str] = {}
    names = dict(Person.objects.filter(pk__in=[r["person_id"] for r in rows]).values_list("id", "name"))
    changed = []
    for row in rows:
        pid = int(row["person_id"])
        name = names.get(pid, str(pid))
        if pid in seen:
            raise ApplicationError(errors.ERR_DUPLICATE_PERSON.format(name=name), field="person")
        seen.add(pid)
        att = existing.get(pid)
        if att is None:
            raise ApplicationError(
                errors.ERR_NOT_ON_ROSTER.format(
                    name=name, date=_local_day(meeting.held_at).isoformat(), org=meeting.organization.name
                ),
                field="person",
            )
        status = row.get("status") or AttendanceStatus.ABSENT
        if status not in AttendanceStatus.values:
            raise ApplicationError(f"出勤状态不正确：{status}", field="status")
        reason = text.clean_input((row.get("leave_reason") or "").strip(), field="leave_reason", label=name)
        if status == AttendanceStatus.LEAVE and not reason:
            raise ApplicationError(errors.ERR_LEAVE_REASON.format(name=name), field="leave_reason")
        if att.status != status or att.leave_reason != reason:
            before[str(pid)] = att.status
            att.status, att.leave_reason = status, reason[:100]
            changed.append(att)
    Attendance.objects.bulk_update(changed, ["status", "leave_reason"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        changes={"attendance": [before, {str(a.person_id): a.status for a in changed}]},
    )
    return len(changed)


@transaction.atomic
def attendance_sign_in(*, actor: Actor, meeting: Meeting) -> Attendance:
    """Mark the logged-in member present (QR sign-in). Idempotent: a second scan changes nothing."""
    if actor.person_id is None:
        raise ApplicationError(errors.ERR_SIGNIN_NO_PERSON)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(errors.ERR_SIGNIN_NOT_OPEN)
    att = Attendance.objects.select_for_update().filter(meeting=meeting, person_id=actor.person_id).first()
    if att is None:
        raise ApplicationError(errors.ERR_SIGNIN_NOT_ROSTER)
    if att.status != AttendanceStatus.PRESENT or att.signed_in_at is None:
        att.status, att.method, att.signed_in_at = AttendanceStatus.PRESENT, SignMethod.QR, timezone.now()
        att.save(update_fields=["status", "method", "signed_in_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=meeting,
            changes={"signed_in": [None, actor.person.name if actor.person else actor.person_id]},
        )
    return att


# --- quorum, votes, appraisals -------------------------------------------------------------


def quorum(meeting: Meeting) -> dict | None:
    """The quorum where the rules set one: 支部党员大会, more than half of the members with a vote;
    支委会, more than half of the committee. None for other kinds."""
    rule = QUORUM_RULES.get(meeting.kind)
    if rule is None:
        return None
    rows = list(meeting.attendance.values_list("status", "is_voting"))
    if meeting.kind == MeetingKind.GENERAL_MEETING:
        expected = sum(1 for _s, v in rows if v)
        present = sum(1 for s, v in rows if v and s == AttendanceStatus.PRESENT)
    else:
        expected = len(rows)
        present = sum(1 for s, _v in rows if s == AttendanceStatus.PRESENT)
    return {
        "rule": rule,
        "expected": expected,
        "present": present,
        "required": expected // 2 + 1,
        "met": expected > 0 and present * 2 > expected,
    }


@transaction.atomic
def vote_record(
    *,
    actor: Actor,
    meeting: Meeting,
    subject: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    written_for: int = 0,
    written_against: int = 0,
    written_abstentions: int = 0,
) -> MeetingVote:
    """Record a vote. `written_*`: the written opinions absent voters submitted before the meeting,
    which count in the votes (细则 第二十一条); the stored counts include them."""
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    _require_started(meeting)
    q = quorum(meeting)
    if q is None:
        raise ApplicationError(errors.ERR_NO_VOTE_HERE.format(kind=meeting.get_kind_display()))
    if not q["met"]:
        raise ApplicationError(
            errors.ERR_QUORUM.format(rule=q["rule"], expected=q["expected"], present=q["present"])
        )
    total = votes_for + votes_against + abstentions
    if min(votes_for, votes_against, abstentions) < 0 or total > q["present"]:
        raise ApplicationError(
            errors.ERR_VOTE_COUNTS.format(total=total, present=q["present"]), field="votes_for"
        )
    written = written_for + written_against + written_abstentions
    absent = q["expected"] - q["present"]
    if min(written_for, written_against, written_abstentions) < 0 or written > absent:
        raise ApplicationError(
            errors.ERR_WRITTEN_COUNTS.format(total=written, absent=absent), field="written_for"
        )
    # Passing needs more than half of those who should attend (细则 第二十一条), not of those present.
    votes_for, votes_against = votes_for + written_for, votes_against + written_against
    abstentions += written_abstentions
    vote = MeetingVote.objects.create(
        meeting=meeting,
        subject=(subject or "").strip()[:200] or "表决事项",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        passed=votes_for * 2 > q["expected"],
    )
    changes = {"subject": [None, vote.subject], "votes": [None, [votes_for, votes_against, abstentions]]}
    if written:
        changes["written"] = [None, [written_for, written_against, written_abstentions]]
    audit.record(
        actor=actor, action=AuditAction.CREATE, obj=vote, org_path=meeting.organization.path, changes=changes
    )
    return vote


@transaction.atomic
def appraisal_record(*, actor: Actor, meeting: Meeting, grades: dict[int, str]) -> int:
    """Grades of 民主评议党员: probationary members take part but are not graded; 优秀 at most 1/3."""
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    if meeting.kind != MeetingKind.APPRAISAL:
        raise ApplicationError(
            errors.ERR_KIND_FOR_ORG.format(
                org=meeting.organization.name,
                org_kind=meeting.get_kind_display(),
                kind=MeetingKind.APPRAISAL.label,
            )
        )
    roster = {a.person_id: a for a in meeting.attendance.select_related("person")}
    for pid, grade in grades.items():
        att = roster.get(int(pid))
        if att is None:
            raise ApplicationError(
                errors.ERR_NOT_ON_ROSTER.format(
                    name=pid, date=_local_day(meeting.held_at), org=meeting.organization.name
                ),
                field="person",
            )
        if not att.is_voting:
            raise ApplicationError(errors.ERR_PROBATIONARY_GRADED.format(name=att.person.name), field="grade")
        if grade not in AppraisalGrade.values:
            raise ApplicationError(f"评议等次不正确：{grade}", field="grade")
    excellent = sum(1 for g in grades.values() if g == AppraisalGrade.EXCELLENT)
    if excellent * 3 > len(grades):
        raise ApplicationError(
            errors.ERR_EXCELLENT_RATIO.format(limit=len(grades) // 3, n=excellent), field="grade"
        )
    Appraisal.objects.filter(meeting=meeting).delete()
    Appraisal.objects.bulk_create(
        [Appraisal(meeting=meeting, person_id=int(p), grade=g) for p, g in grades.items()]
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        changes={"appraisal": [None, {str(p): g for p, g in grades.items()}]},
    )
    return len(grades)


# --- roster additions and attachments (helper F1) ------------------------------------------


def _roster_refresh(meeting: Meeting) -> None:
    """After the date (or kind) of a meeting changes, its roster follows the members on the new
    date: newcomers are added; rows of people no longer members are dropped unless something was
    already recorded for them (present, a leave, a QR sign-in)."""
    eligible = dict(
        roster_for(
            organization=meeting.organization,
            kind=meeting.kind,
            day=_local_day(meeting.held_at),
            youth_group=meeting.youth_group,
        )
    )
    existing = {a.person_id: a for a in meeting.attendance.all()}
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=pid, is_voting=voting)
            for pid, voting in eligible.items()
            if pid not in existing
        ]
    )
    stale = [
        a.pk
        for pid, a in existing.items()
        if pid not in eligible
        and a.status == AttendanceStatus.ABSENT
        and a.signed_in_at is None
        and not a.leave_reason
    ]
    if stale:
        Attendance.objects.filter(pk__in=stale).delete()


@transaction.atomic
def attendance_add(*, actor: Actor, meeting: Meeting, person: Person) -> Attendance:
    """Add someone missing from the roster, only if they belong on it: a member of the
    organisation on the meeting's date (roster_for), not already listed."""
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(errors.ERR_MEETING_CANCELLED)
    day = _local_day(meeting.held_at)
    eligible = dict(
        roster_for(
            organization=meeting.organization, kind=meeting.kind, day=day, youth_group=meeting.youth_group
        )
    )
    if person.pk not in eligible:
        raise ApplicationError(
            errors.ERR_NOT_ON_ROSTER.format(
                name=person.name, date=day.isoformat(), org=meeting.organization.name
            ),
            field="person",
        )
    if meeting.attendance.filter(person=person).exists():
        raise ApplicationError(errors.ERR_ALREADY_ON_ROSTER.format(name=person.name), field="person")
    att = Attendance.objects.create(meeting=meeting, person=person, is_voting=eligible[person.pk])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=meeting, changes={"roster_added": [None, person.name]}
    )
    return att


ATTACHMENT_MAX_BYTES = attachments.MAX_BYTES
ATTACHMENT_TYPES = attachments.TYPES  # PDF, Word, Excel, images


def attachment_check(*, name: str, data: bytes) -> tuple[str, str]:
    """(clean display name, content type) of an acceptable upload (core.attachments.check)."""
    return attachments.check(name=name, data=data, types=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)


def attachment_path(attachment) -> Path:
    return Path(settings.MEDIA_ROOT) / "meetings" / str(attachment.meeting_id) / attachment.stored_name


@transaction.atomic
def attachment_add(*, actor: Actor, meeting: Meeting, name: str, data: bytes):
    """Store an upload under MEDIA_ROOT/meetings/<meeting id>/<random name>; the user's file name
    is kept for display and download only, never used as a path."""
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    clean, content_type = attachment_check(name=name, data=data)
    ext = clean.rsplit(".", 1)[-1].lower()
    att = MeetingAttachment(
        meeting=meeting,
        name=clean,
        stored_name=f"{secrets.token_hex(16)}.{ext}",
        size=len(data),
        content_type=content_type,
    )
    path = attachment_path(att)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        att.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=att,
            org_path=meeting.organization.path,
            changes={"attachment": [None, clean], "size": [None, len(data)]},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return att


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment) -> None:
    meeting = attachment.meeting
    scoping.require(scoping.can_write_path(actor, meeting.organization.path))
    path = attachment_path(attachment)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=attachment,
        org_path=meeting.organization.path,
        changes={"attachment": [attachment.name, None]},
    )
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
