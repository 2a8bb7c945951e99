"""API: events. List and create (an activity of an event kind with its registration), detail,
self-registration, cases of warning education, results of competitions. Participants are the
activity's: /api/v1/activities/{id}/participants (the same id)."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.activities import selectors as activity_selectors
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.events import schemas as s
from dangjian.events import selectors, services
from dangjian.organizations import scoping

router = Router(tags=["会议、交流与文体活动"])


@router.get("/events", response=Page[s.EventOut], summary="活动列表（会议、交流、讲座、竞赛等）")
def event_list(request, filters: Query[s.EventQuery], page: Query[PageIn]):
    qs = selectors.event_list(actor=request.auth)
    if filters.year:
        qs = qs.filter(activity__first_day__year=filters.year)
    if filters.series:
        qs = qs.filter(series=filters.series)
    return paginate(qs, page)


@router.post("/events", response={201: s.EventOut}, summary="登记活动")
def event_create(request, payload: s.EventCreateIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id, write=True)
    data = payload.model_dump(exclude={"organization_id", "beneficiaries"})
    return Status(201, services.event_create(actor=actor, organization=org, **data))


@router.get("/events/{event_id}", response=s.EventOut, summary="活动详情")
def event_detail(request, event_id: Id):
    return selectors.access_event(request.auth, event_id)


@router.post("/events/{event_id}/register", response={201: s.RegisteredOut}, summary="本人报名")
def register(request, event_id: Id):
    row = services.register_self(actor=request.auth, event=selectors.access_event(request.auth, event_id))
    return Status(201, {"participation_id": row.pk, "status": row.status})


@router.get("/events/{event_id}/cases", response=list[s.CaseOut], summary="警示教育案例")
def case_list(request, event_id: Id):
    event = selectors.access_event(request.auth, event_id)
    return list(selectors.cases(actor=request.auth, event=event))


@router.post("/events/{event_id}/cases", response={201: s.CaseOut}, summary="登记警示教育案例")
def case_add(request, event_id: Id, payload: s.CaseIn):
    event = selectors.access_event(request.auth, event_id)
    return Status(201, services.case_add(actor=request.auth, event=event, **payload.model_dump()))


@router.get("/events/{event_id}/results", response=list[s.ResultOut], summary="比赛成绩")
def result_list(request, event_id: Id):
    event = selectors.access_event(request.auth, event_id)
    return list(selectors.results(actor=request.auth, event=event))


@router.post("/events/{event_id}/results", response={201: s.ResultOut}, summary="登记比赛成绩")
def result_save(request, event_id: Id, payload: s.ResultIn):
    actor = request.auth
    event = selectors.access_event(actor, event_id)
    row = activity_selectors.access_participation(actor, payload.participation_id)
    data = payload.model_dump(exclude={"participation_id"})
    return Status(201, services.result_record(actor=actor, event=event, participation=row, **data))
