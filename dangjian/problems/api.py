"""API: the problem ledger and rectification. Reads go through the selectors, writes through the
services; outside scope is 404, visible but not allowed 403."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from dangjian.core import excel, workflow
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.problems import exports, services
from dangjian.problems import schemas as s
from dangjian.problems import selectors as sx
from dangjian.problems.workflows import RECTIFICATION

router = Router(tags=["问题清单与整改"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(q: s.ProblemQuery) -> sx.Filters:
    return sx.Filters(
        status=q.status or "",
        source=q.source or "",
        year=q.year,
        unit_id=q.unit_id,
        queue=q.queue or "",
        q=q.q,
    )


@router.get(
    "/problems", response=Page[s.ProblemOut], summary="问题清单（可按状态、来源、年度、单位、逾期/临期筛选）"
)
def problem_list(request, filters: Query[s.ProblemQuery], page: Query[PageIn]):
    return paginate(
        sx.problem_list(actor=request.auth, filters=_filters(filters), today=timezone.localdate()), page
    )


@router.post("/problems", response={201: s.ProblemOut}, summary="交办问题")
def problem_create(request, payload: s.ProblemIn):
    actor = request.auth
    data = payload.model_dump()
    unit_id, org_id = data.pop("unit_id"), data.pop("organization_id")
    unit = org_selectors.unit_get(actor=actor, unit_id=unit_id) if unit_id else None
    org = scoping.access_org(actor, org_id) if org_id else None
    return Status(201, services.problem_create(actor=actor, unit=unit, organization=org, **data))


@router.get("/problems/queues", response=s.QueueCountsOut, summary="逾期、临期和未销号问题数")
def queue_counts(request):
    return sx.queue_counts(actor=request.auth, today=timezone.localdate())


@router.get(
    "/problems/progress", response=list[s.UnitProgressOut], summary="各单位整改进度（销号率从低到高）"
)
def progress(request, filters: Query[s.ProgressQuery]):
    return sx.unit_progress(
        actor=request.auth, today=timezone.localdate(), year=filters.year, source=filters.source or ""
    )


@router.get("/problems/export.xlsx", summary="导出整改台账（.xlsx）")
def export(request, filters: Query[s.ProblemQuery]):
    data, _n = exports.ledger_workbook(
        actor=request.auth, filters=_filters(filters), today=timezone.localdate()
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(exports.FILENAME)
    return response


def _detail(problem, actor):
    problem.next_steps = [
        t.name for t in workflow.allowed_transitions(problem, actor, workflow=RECTIFICATION)
    ]
    return problem


@router.get("/problems/{problem_id}", response=s.ProblemDetailOut, summary="问题详情及可执行的操作")
def problem_get(request, problem_id: Id):
    return _detail(sx.problem_get(actor=request.auth, problem_id=problem_id), request.auth)


@router.patch(
    "/problems/{problem_id}", response=s.ProblemDetailOut, summary="更新整改措施、责任人、进展或整改时限"
)
def problem_update(request, problem_id: Id, payload: s.ProblemUpdateIn):
    actor = request.auth
    problem = sx.problem_get(actor=actor, problem_id=problem_id)
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.problem_update(actor=actor, problem=problem, **fields)
    return _detail(sx.problem_get(actor=actor, problem_id=problem_id), actor)


@router.get("/problems/{problem_id}/timeline", response=list[s.EventOut], summary="流转记录")
def problem_timeline(request, problem_id: Id):
    problem = sx.problem_get(actor=request.auth, problem_id=problem_id)
    return list(workflow.timeline(problem, workflow=RECTIFICATION))


@router.post(
    "/problems/{problem_id}/transitions",
    response=s.ProblemDetailOut,
    summary="整改流转：签收、提交销号、核验销号、退回、回头看",
)
def problem_transition(request, problem_id: Id, payload: s.TransitionIn):
    actor = request.auth
    problem = sx.problem_get(actor=actor, problem_id=problem_id)
    services.problem_transition(
        actor=actor, problem=problem, name=payload.name, note=payload.note, deadline=payload.deadline
    )
    return _detail(sx.problem_get(actor=actor, problem_id=problem_id), actor)
