"""API: conduct complaints.

Public, without login (`auth=None`), rate-limited per address like the page: POST
/public/complaints files a report and answers the query code once; POST /public/complaints/track
opens one by its code (a POST, so codes stay out of URLs and logs).

Staff: the scoped list and detail (a unit's answer has no reporter field; the discipline staff's
adds whether it is named and the deadlines), the steps, and POST /complaints/{id}/reporter for the
assigned inspector (logged)."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.complaints import errors, selectors, services, throttle
from dangjian.complaints import schemas as s
from dangjian.complaints.workflows import COMPLAINT
from dangjian.core import workflow
from dangjian.core.errors import NotFound, get_or_404
from dangjian.core.schemas import Id, MessageOut, Page, PageIn, paginate
from dangjian.organizations import scoping

router = Router(tags=["作风问题举报"])
public_router = Router(tags=["作风问题举报（公开）"])

MSG_SUBMITTED = "举报已提交。请妥善保存查询码，它只显示这一次。"


@public_router.post(
    "/public/complaints",
    auth=None,
    response={201: s.PublicSubmittedOut, 400: MessageOut, 429: MessageOut},
    summary="提交作风问题举报（无需登录）",
)
def public_submit(request, payload: s.PublicComplaintIn):
    try:
        throttle.submit_allowed(throttle.client_ip(request))
    except throttle.RateLimited as e:
        return Status(429, {"message": e.message, "extra": {}})
    done = services.complaint_submit(**payload.model_dump())
    c = done.complaint
    return Status(
        201,
        {
            "query_code": done.code,
            "received_on": c.received_on,
            "handover_due": c.handover_due,
            "message": MSG_SUBMITTED,
        },
    )


@public_router.post(
    "/public/complaints/track",
    auth=None,
    response={200: s.PublicStatusOut, 404: MessageOut, 429: MessageOut},
    summary="凭查询码查询举报办理进展（无需登录）",
)
def public_track(request, payload: s.TrackIn):
    ip = throttle.client_ip(request)
    try:
        throttle.track_allowed(ip)
    except throttle.RateLimited as e:
        return Status(429, {"message": e.message, "extra": {}})
    try:
        c = services.complaint_track(code=payload.code)
    except NotFound:
        throttle.track_failed(ip)
        return Status(404, {"message": errors.ERR_CODE, "extra": {}})
    return {
        "title": c.title,
        "status": c.status,
        "status_label": c.get_status_display(),
        "received_on": c.received_on,
        "steps": selectors.public_steps(c),
        "result": c.result,
    }


def _out(c, actor) -> dict:
    schema = s.ComplaintDisciplineOut if scoping.discipline_over(actor, c) else s.ComplaintOut
    return schema.from_orm(c).model_dump()


@router.get("/complaints", response=Page[s.ComplaintOut], summary="举报列表（按状态、队列）")
def complaint_list(request, filters: Query[s.ComplaintQuery], page: Query[PageIn]):
    scoping.require(scoping.handles_complaints(request.auth))
    return paginate(selectors.complaint_list(actor=request.auth, **filters.model_dump()), page)


def _detail(c, actor) -> dict:
    steps = workflow.allowed_transitions(c, actor, workflow=COMPLAINT)
    return {"complaint": _out(c, actor), "next_steps": [{"name": t.name, "label": t.label} for t in steps]}


@router.get("/complaints/{complaint_id}", response=s.ComplaintDetailOut, summary="举报详情与可执行操作")
def complaint_detail(request, complaint_id: Id):
    return _detail(selectors.complaint_get(actor=request.auth, complaint_id=complaint_id), request.auth)


@router.post(
    "/complaints/{complaint_id}/steps",
    response=s.ComplaintDetailOut,
    summary="登记、转办、回复、退回、办结、不予受理",
)
def complaint_step(request, complaint_id: Id, payload: s.StepIn):
    actor = request.auth
    c = selectors.complaint_get(actor=actor, complaint_id=complaint_id)
    handler = (
        get_or_404(selectors.handler_choices(actor=actor), payload.handler_id) if payload.handler_id else None
    )
    services.complaint_step(
        actor=actor,
        complaint=c,
        name=payload.name,
        note=payload.note,
        category=payload.category,
        handler=handler,
        text=payload.text,
        on=payload.on,
    )
    return _detail(selectors.complaint_get(actor=actor, complaint_id=complaint_id), actor)


@router.post(
    "/complaints/{complaint_id}/reporter",
    response=s.ReporterOut,
    summary="查看举报人身份（仅承办人，记录审计）",
)
def complaint_reporter(request, complaint_id: Id):
    c = selectors.complaint_get(actor=request.auth, complaint_id=complaint_id)
    return services.reporter_reveal(actor=request.auth, complaint=c)
