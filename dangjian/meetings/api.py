"""API: organisational life. Meetings with attendance, quorum, votes, appraisals and QR sign-in
tokens; a person's attendance; cadence compliance; youth study groups; work prompts; study
materials; meeting ledger export / import (background jobs).

Reads go through the meetings selectors (the selectors package and
cadence.py), writes through the services; outside scope is 404, visible but not allowed 403."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dangjian.core import excel
from dangjian.core.api import JobOut
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.jobs import job_get
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.meetings import cadence, errors, signin
from dangjian.meetings import schemas as s
from dangjian.meetings.enums import CadencePeriod, MeetingKind
from dangjian.meetings.ledgers import export as ledger_exports
from dangjian.meetings.ledgers import imports as ledger_imports
from dangjian.meetings.rules import SIGNIN_WINDOW_SECONDS
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.selectors import youth as sg
from dangjian.meetings.services import meetings as services
from dangjian.meetings.services import youth as youth_services
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.organizations.models import PartyOrganization
from dangjian.people import selectors as people_selectors

router = Router(tags=["组织生活"])


# --- helpers -------------------------------------------------------------------------------


def _person_for(org: PartyOrganization, person_id, field: str):
    """A host / recorder: one of the people who may host the organisation's meetings (as on the form)."""
    if person_id is None:
        return None
    person = selectors.org_people(org).filter(pk=person_id).first()
    if person is None:
        raise ApplicationError(errors.ERR_PERSON_CHOICE, field=field)
    return person


def _agenda(items) -> list[dict] | None:
    if items is None:
        return None
    if sum(1 for i in items if i.is_first_topic) > 1:
        raise ApplicationError(errors.ERR_FIRST_TOPIC_ONE, field="agenda")
    return [i.model_dump() for i in items]


def _meeting(request, meeting_id, *, write: bool = False):
    return selectors.access_meeting(request.auth, meeting_id, write=write)


def _scope_org(actor, org_id) -> PartyOrganization:
    """?org= (404 outside scope) or the actor's top node; only for users with a subtree."""
    scoping.require(bool(scoping.scope_of(actor).read_paths))
    if org_id:
        return scoping.access_org(actor, org_id)
    root = org_selectors.org_roots(actor=actor).order_by("path").first()
    if root is None:
        raise Forbidden()
    return root


# --- meetings ------------------------------------------------------------------------------


@router.get("/meetings", response=Page[s.MeetingOut], summary="会议列表")
def meeting_list(request, filters: Query[s.MeetingQuery], page: Query[PageIn]):
    actor = request.auth
    org = scoping.access_org(actor, filters.org) if filters.org else None
    qs = selectors.meeting_list(
        actor=actor, org=org, kind=filters.kind or "", year=filters.year, status=filters.status or ""
    )
    return paginate(qs, page)


@router.post("/meetings", response={201: s.MeetingDetailOut}, summary="新建会议")
def meeting_create(request, payload: s.MeetingCreateIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    youth_group = sg.access_youth_group(actor, payload.youth_group_id) if payload.youth_group_id else None
    meeting = services.meeting_create(
        actor=actor,
        organization=org,
        kind=payload.kind,
        title=payload.title,
        held_at=payload.held_at,
        status=payload.status,
        place=payload.place,
        host=_person_for(org, payload.host_id, "host_id"),
        recorder=_person_for(org, payload.recorder_id, "recorder_id"),
        topics=payload.topics,
        study_content=payload.study_content,
        minutes=payload.minutes,
        agenda=_agenda(payload.agenda),
        youth_group=youth_group,
    )
    return Status(201, selectors.meeting_get(actor=actor, meeting_id=meeting.pk))


@router.post("/meetings/ledgers/export", response={202: JobOut}, summary="导出会议台账（后台任务）")
def ledger_export(request, payload: s.LedgerExportIn):
    return Status(
        202, ledger_exports.ledger_export_submit(actor=request.auth, org_id=payload.org_id, year=payload.year)
    )


@router.get("/meetings/{meeting_id}", response=s.MeetingDetailOut, summary="会议详情")
def meeting_detail(request, meeting_id: Id):
    return selectors.meeting_get(actor=request.auth, meeting_id=meeting_id)


@router.patch("/meetings/{meeting_id}", response=s.MeetingDetailOut, summary="修改会议")
def meeting_update(request, meeting_id: Id, payload: s.MeetingUpdateIn):
    actor = request.auth
    meeting = _meeting(request, meeting_id, write=True)
    fields = payload.model_dump(exclude_unset=True)
    for key in (
        "kind",
        "title",
        "held_at",
        "status",
        "place",
        "topics",
        "study_content",
        "minutes",
        "agenda",
    ):
        if key in fields and fields[key] is None:
            raise ApplicationError(errors.ERR_API_FIELD_NULL.format(field=key), field=key)
    agenda = _agenda(payload.agenda) if "agenda" in fields else None
    fields.pop("agenda", None)
    for key in ("host_id", "recorder_id"):
        if key in fields:
            fields[key.removesuffix("_id")] = _person_for(meeting.organization, fields.pop(key), key)
    services.meeting_update(actor=actor, meeting=meeting, agenda=agenda, **fields)
    return selectors.meeting_get(actor=actor, meeting_id=meeting_id)


@router.get("/meetings/{meeting_id}/attendance", response=Page[s.AttendanceOut], summary="出勤名单")
def attendance_list(request, meeting_id: Id, page: Query[PageIn]):
    meeting = _meeting(request, meeting_id)
    return paginate(selectors.roster(meeting=meeting), page)


@router.put("/meetings/{meeting_id}/attendance", response=s.AttendanceSavedOut, summary="登记出勤")
def attendance_put(request, meeting_id: Id, payload: s.AttendanceIn):
    meeting = _meeting(request, meeting_id, write=True)
    changed = services.attendance_record(
        actor=request.auth, meeting=meeting, rows=[r.model_dump() for r in payload.rows]
    )
    return {"changed": changed}


@router.get("/meetings/{meeting_id}/quorum", response=s.QuorumOut, summary="法定人数")
def meeting_quorum(request, meeting_id: Id):
    q = services.quorum(_meeting(request, meeting_id))
    return {"applies": False} if q is None else {"applies": True, **q}


@router.post("/meetings/{meeting_id}/votes", response={201: s.VoteOut}, summary="登记表决（须达到法定人数）")
def vote_create(request, meeting_id: Id, payload: s.VoteIn):
    meeting = _meeting(request, meeting_id, write=True)
    return Status(201, services.vote_record(actor=request.auth, meeting=meeting, **payload.model_dump()))


@router.post("/meetings/{meeting_id}/appraisals", response=s.AppraisalOut, summary="登记民主评议等次")
def appraisal_save(request, meeting_id: Id, payload: s.AppraisalIn):
    meeting = _meeting(request, meeting_id, write=True)
    grades: dict[int, str] = {}
    for g in payload.grades:
        if g.person_id in grades:
            raise ApplicationError(errors.ERR_DUPLICATE_PERSON.format(name=g.person_id), field="person_id")
        grades[g.person_id] = g.grade
    return {"graded": services.appraisal_record(actor=request.auth, meeting=meeting, grades=grades)}


@router.get(
    "/meetings/{meeting_id}/signin-token", response=s.SigninTokenOut, summary="签到二维码令牌（30秒有效）"
)
def signin_token(request, meeting_id: Id):
    meeting = _meeting(request, meeting_id, write=True)
    token = signin.token_issue(meeting.pk)
    url = request.build_absolute_uri(reverse("meetings:signin_scan", args=[meeting.pk, token]))
    return {"token": token, "url": url, "valid_seconds": SIGNIN_WINDOW_SECONDS}


@router.get(
    "/members/{person_id}/attendance", response=Page[s.PersonAttendanceOut], summary="党员本人的出勤记录"
)
def person_attendance(request, person_id: Id, filters: Query[s.YearQuery], page: Query[PageIn]):
    person = people_selectors.person_get(actor=request.auth, person_id=person_id)
    return paginate(
        selectors.attendance_of_person(actor=request.auth, person=person, year=filters.year), page
    )


# --- cadence -------------------------------------------------------------------------------


def _rate(rate: cadence.Rate) -> dict:
    return {
        "required": rate.required,
        "met": rate.met,
        "orgs": rate.orgs,
        "orgs_ok": rate.orgs_ok,
        "rate": rate.rate,
        "org_rate": rate.org_rate,
    }


@router.get("/cadence", response=s.CadenceOut, summary="“三会一课”落实情况（按年度）")
def cadence_summary(request, filters: Query[s.CadenceQuery], page: Query[PageIn]):
    org = _scope_org(request.auth, filters.org)
    year = filters.year or timezone.localdate().year
    result = cadence.compliance(org_path=org.path, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    labels, periods = dict(MeetingKind.choices), dict(CadencePeriod.choices)
    rows = paginate(result.rows, page)
    return {
        "organization": {"id": org.pk, "name": org.name},
        "year": year,
        "start": result.start,
        "end": result.end,
        "rules": [
            {
                "kind": r.kind,
                "kind_label": labels.get(r.kind, r.kind),
                "period": r.period,
                "period_label": periods.get(r.period, r.period),
                "min_count": r.min_count,
                "source": r.source,
            }
            for r in result.rules
        ],
        "by_kind": {k: _rate(v) for k, v in result.by_kind.items()},
        "total": _rate(result.total),
        "rows": {
            "count": rows["count"],
            "items": [
                {
                    "id": r.id,
                    "name": r.name,
                    "kind": r.kind,
                    "unit_name": r.unit_name,
                    "ok": r.ok,
                    "judged": r.judged,
                    "cells": [
                        {
                            "kind": c.kind,
                            "required": c.required,
                            "met": c.met,
                            "ok": c.ok,
                            "missing": [m.key for m in c.missing],
                        }
                        for c in r.cells.values()
                    ],
                }
                for r in rows["items"]
            ],
        },
    }


@router.get("/cadence/overdue", response=Page[s.OverdueOut], summary="本期尚未达标的组织")
def cadence_overdue(request, filters: Query[s.OverdueQuery], page: Query[PageIn]):
    org = _scope_org(request.auth, filters.org)
    items = paginate(cadence.overdue(org_path=org.path), page)
    return {
        "count": items["count"],
        "items": [
            {
                "organization": {"id": i.org_id, "name": i.org_name},
                "unit_name": i.unit_name,
                "kind": i.kind,
                "kind_label": i.kind_label,
                "period": i.span.key,
                "period_end": i.span.end,
                "held": i.held,
                "min_count": i.min_count,
                "last_held": i.last_held,
                "days_left": i.days_left,
            }
            for i in items["items"]
        ],
    }


# --- youth study groups ----------------------------------------------------------------------


@router.get("/youth-groups", response=Page[s.YouthGroupOut], summary="青年理论学习小组")
def youth_group_list(request, filters: Query[s.YouthGroupQuery], page: Query[PageIn]):
    qs = sg.youth_group_list(
        actor=request.auth, unit_id=filters.unit_id, include_dissolved=filters.include_dissolved, q=filters.q
    )
    return paginate(qs, page)


@router.post("/youth-groups", response={201: s.YouthGroupDetailOut}, summary="登记青年理论学习小组")
def youth_group_create(request, payload: s.YouthGroupIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    unit = org_selectors.unit_get(actor=actor, unit_id=payload.unit_id)
    leader = sg.person_for_youth(actor=actor, person_id=payload.leader_id) if payload.leader_id else None
    group = youth_services.youth_group_create(
        actor=actor,
        unit=unit,
        organization=org,
        name=payload.name,
        established_on=payload.established_on,
        leader=leader,
    )
    return Status(201, sg.youth_group_get(actor=actor, group_id=group.pk))


@router.get("/youth-groups/{group_id}", response=s.YouthGroupDetailOut, summary="小组详情与成员")
def youth_group_detail(request, group_id: Id):
    return sg.youth_group_get(actor=request.auth, group_id=group_id)


@router.post("/youth-groups/{group_id}/members", response={201: s.YouthMemberOut}, summary="加入小组")
def youth_member_add(request, group_id: Id, payload: s.YouthMemberIn):
    actor = request.auth
    group = sg.access_youth_group(actor, group_id, write=True)
    person = sg.person_for_youth(actor=actor, person_id=payload.person_id)
    member = youth_services.youth_member_add(
        actor=actor, group=group, person=person, joined_on=payload.joined_on or timezone.localdate()
    )
    return Status(201, member)


@router.delete("/youth-groups/{group_id}/members/{member_id}", response=s.YouthMemberOut, summary="退出小组")
def youth_member_remove(request, group_id: Id, member_id: Id, filters: Query[s.LeftOnQuery]):
    actor = request.auth
    group = sg.access_youth_group(actor, group_id, write=True)
    member = sg.youth_member_get(group=group, member_id=member_id)
    return youth_services.youth_member_remove(
        actor=actor, member=member, left_on=filters.left_on or timezone.localdate()
    )


# --- meeting ledger import (background jobs) ------------------------------------------------------


@router.post("/imports/meeting-ledger", response={202: JobOut}, summary="上传会议台账（校验，不写入）")
def ledger_import(request, file: File[UploadedFile]):
    job = ledger_imports.ledger_import_submit(
        actor=request.auth, data=excel.upload_bytes(file), filename=file.name or ""
    )
    return Status(202, job)


@router.post(
    "/imports/meeting-ledger/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入会议台账（全部成功或全部不写入）",
)
def ledger_commit(request, job_id: Id):
    validate_job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, ledger_imports.ledger_commit_submit(actor=request.auth, validate_job=validate_job))
