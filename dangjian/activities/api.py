"""API: the participation record. Activities (list, detail, create), their participants (list,
add from the roster, by a subtree, guests, bulk status, one row's change or removal), QR sign-in
tokens, and unit returns (ask, file, who answered and the total). Reads through the selectors,
writes through the services; outside scope 404, visible but not allowed 403."""

from __future__ import annotations

from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from dangjian.activities import schemas as s
from dangjian.activities import selectors, services
from dangjian.activities.enums import AddedBy
from dangjian.core import signin
from dangjian.core.errors import NotFound
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.organizations.models import Unit

router = Router(tags=["活动与参与"])


def _detail(activity) -> dict:
    summary = selectors.activity_summary(activity)
    return {
        **s.ActivityOut.from_orm(activity).dict(),
        "description": activity.description,
        "summary": summary,
    }


@router.get("/activities", response=Page[s.ActivityOut], summary="活动列表")
def activity_list(request, filters: Query[s.ActivityQuery], page: Query[PageIn]):
    actor = request.auth
    org = scoping.access_org(actor, filters.org) if filters.org else None
    qs = selectors.activity_list(
        actor=actor, kind=filters.kind or "", year=filters.year, org=org, q=filters.q
    )
    return paginate(qs, page)


@router.post("/activities", response={201: s.ActivityDetailOut}, summary="登记活动")
def activity_create(request, payload: s.ActivityCreateIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    data = payload.model_dump(exclude={"organization_id"})
    activity = services.activity_create(actor=actor, organization=org, **data)
    return Status(201, activity)


@router.get("/activities/{activity_id}", response=s.ActivityDetailOut, summary="活动详情（含参加人数）")
def activity_detail(request, activity_id: Id):
    return selectors.access_activity(request.auth, activity_id)


@router.get("/activities/{activity_id}/participants", response=Page[s.ParticipationOut], summary="参加人员")
def participant_list(request, activity_id: Id, filters: Query[s.ParticipantQuery], page: Query[PageIn]):
    activity = selectors.access_activity(request.auth, activity_id)
    qs = selectors.participants(
        actor=request.auth, activity=activity, status=filters.status or "", q=filters.q
    )
    return paginate(qs, page)


@router.post(
    "/activities/{activity_id}/participants", response={201: s.AddedOut}, summary="从名册添加参加人员"
)
def participants_add(request, activity_id: Id, payload: s.ParticipantsAddIn):
    actor = request.auth
    activity = selectors.access_activity(actor, activity_id)
    ids = list(payload.person_ids)
    if payload.saved_list_id:
        ids += [
            i for i in selectors.access_saved_list(actor, payload.saved_list_id).person_ids if i not in ids
        ]
    rows = services.participants_add(
        actor=actor,
        activity=activity,
        person_ids=ids,
        role=payload.role,
        status=payload.status,
        hours=payload.hours,
        added_by=AddedBy.ROSTER,
    )
    return Status(201, {"added": len(rows)})


@router.post(
    "/activities/{activity_id}/participants/roster", response={201: s.AddedOut}, summary="按组织批量添加党员"
)
def participants_roster(request, activity_id: Id, payload: s.RosterAddIn):
    actor = request.auth
    activity = selectors.access_activity(actor, activity_id)
    org = scoping.access_org(actor, payload.org_id)
    unit = None
    if payload.unit_id:
        unit = scoping.units_visible(actor).filter(pk=payload.unit_id).first()
        if unit is None:
            raise NotFound()
    rows = services.participants_from_roster(
        actor=actor,
        activity=activity,
        org=org,
        statuses=payload.member_statuses,
        unit=unit,
        role=payload.role,
        status=payload.status,
    )
    return Status(201, {"added": len(rows)})


@router.post("/activities/{activity_id}/guests", response={201: s.ParticipationOut}, summary="添加非名册人员")
def guest_add(request, activity_id: Id, payload: s.GuestIn):
    activity = selectors.access_activity(request.auth, activity_id)
    return Status(201, services.guest_add(actor=request.auth, activity=activity, **payload.model_dump()))


@router.post("/activities/{activity_id}/participants/status", response=s.ChangedOut, summary="批量登记出勤")
def participants_status(request, activity_id: Id, payload: s.StatusIn):
    activity = selectors.access_activity(request.auth, activity_id)
    n = services.attendance_mark(
        actor=request.auth,
        activity=activity,
        status=payload.status,
        participation_ids=payload.participation_ids,
        person_ids=payload.person_ids,
    )
    return {"changed": n}


def _row(request, activity_id, row_id):
    activity = selectors.access_activity(request.auth, activity_id)
    row = selectors.access_participation(request.auth, row_id)
    if row.activity_id != activity.pk:
        raise NotFound()
    return row


@router.patch(
    "/activities/{activity_id}/participants/{row_id}", response=s.ParticipationOut, summary="修改参加情况"
)
def participant_update(request, activity_id: Id, row_id: Id, payload: s.RowUpdateIn):
    row = _row(request, activity_id, row_id)
    return services.participation_update(
        actor=request.auth, participation=row, status=payload.status, role=payload.role, hours=payload.hours
    )


@router.delete(
    "/activities/{activity_id}/participants/{row_id}", response={204: None}, summary="移除参加人员"
)
def participant_remove(request, activity_id: Id, row_id: Id):
    services.participation_remove(actor=request.auth, participation=_row(request, activity_id, row_id))
    return Status(204, None)


@router.get(
    "/activities/{activity_id}/signin-token", response=s.SigninTokenOut, summary="签到二维码令牌（30秒有效）"
)
def signin_token(request, activity_id: Id):
    activity = selectors.access_activity(request.auth, activity_id, write=True)
    token = signin.token_issue("activity", activity.pk)
    url = request.build_absolute_uri(reverse("activities:signin_scan", args=[activity.pk, token]))
    return {"token": token, "url": url, "valid_seconds": signin.WINDOW_SECONDS}


# --- unit returns ----------------------------------------------------------------------------


@router.get("/unit-returns", response=Page[s.UnitReturnOut], summary="单位填报事项")
def return_list(request, filters: Query[s.ReturnQuery], page: Query[PageIn]):
    return paginate(selectors.unit_return_list(actor=request.auth, year=filters.year), page)


def _return_detail(actor, ret) -> dict:
    rows = selectors.unit_return_rows(actor=actor, unit_return=ret)
    return {
        "id": ret.pk,
        "title": ret.title,
        "measure": ret.measure,
        "organization": {"id": ret.organization.pk, "name": ret.organization.name},
        "activity_id": ret.activity_id,
        "year": ret.year,
        "due_on": ret.due_on,
        **selectors.unit_return_total(ret),
        "rows": [
            {
                "unit": {"id": r.unit.pk, "name": r.unit.name},
                "value": r.entry.value if r.entry else None,
                "note": r.entry.note if r.entry else "",
                "filed_at": r.entry.created_at if r.entry else None,
            }
            for r in rows
        ],
    }


@router.post("/unit-returns", response={201: s.UnitReturnDetailOut}, summary="发起单位填报")
def return_create(request, payload: s.UnitReturnCreateIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    activity = selectors.access_activity(actor, payload.activity_id) if payload.activity_id else None
    units = list(Unit.objects.filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise NotFound()
    ret = services.unit_return_create(
        actor=actor,
        title=payload.title,
        measure=payload.measure,
        organization=org,
        year=payload.year,
        due_on=payload.due_on,
        units=units,
        activity=activity,
    )
    return Status(201, _return_detail(actor, ret))


@router.get("/unit-returns/{return_id}", response=s.UnitReturnDetailOut, summary="填报汇总（含未填报单位）")
def return_detail(request, return_id: Id):
    return _return_detail(request.auth, selectors.access_unit_return(request.auth, return_id))


@router.post("/unit-returns/{return_id}/entries", response={201: s.ReturnEntryOut}, summary="单位填报")
def return_file(request, return_id: Id, payload: s.ReturnFileIn):
    actor = request.auth
    ret = selectors.access_unit_return(actor, return_id)
    unit = scoping.units_visible(actor).filter(pk=payload.unit_id).first()
    if unit is None:
        raise NotFound()
    entry = services.unit_return_file(
        actor=actor, unit_return=ret, unit=unit, value=payload.value, note=payload.note
    )
    return Status(
        201,
        {
            "id": entry.pk,
            "unit": {"id": unit.pk, "name": unit.name},
            "value": entry.value,
            "note": entry.note,
        },
    )
