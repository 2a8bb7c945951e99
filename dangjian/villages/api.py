"""API: village cadres (stationings, days present, leave, spot checks, the "两头不见人" list) and
survey teams. Reads through the selectors (scoped), writes through the services."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dangjian.core import excel
from dangjian.core.api import JobOut
from dangjian.core.errors import get_or_404
from dangjian.core.jobs import job_get
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.organizations.models import Unit
from dangjian.people.models import Person
from dangjian.villages import exports, services
from dangjian.villages import schemas as s
from dangjian.villages import selectors as sx
from dangjian.villages.imports import REGISTRY_IMPORT

router = Router(tags=["驻村干部"])


@router.get("/village-cadres", response=Page[s.StationingOut], summary="驻村干部")
def stationing_list(request, filters: Query[s.StationingQuery], page: Query[PageIn]):
    qs = sx.stationing_list(
        actor=request.auth,
        unit_id=filters.unit_id,
        area=filters.area or "",
        role=filters.role or "",
        year=filters.year,
    )
    return paginate(qs, page)


@router.post("/village-cadres", response={201: s.StationingOut}, summary="登记驻村干部")
def stationing_create(request, payload: s.StationingIn):
    actor = request.auth
    data = payload.model_dump()
    unit = org_selectors.unit_get(actor=actor, unit_id=data.pop("unit_id"))
    person = get_or_404(Person.objects.filter(scoping.person_q(actor)), data.pop("person_id"))
    return Status(201, services.stationing_create(actor=actor, person=person, unit=unit, **data))


@router.get("/village-cadres/{stationing_id}", response=s.StationingOut, summary="驻村干部详情")
def stationing_detail(request, stationing_id: Id):
    return sx.stationing_get(actor=request.auth, stationing_id=stationing_id)


@router.get("/village-cadres/{stationing_id}/months", response=Page[s.PresenceOut], summary="每月在村天数")
def presence_list(request, stationing_id: Id, page: Query[PageIn]):
    row = sx.stationing_get(actor=request.auth, stationing_id=stationing_id)
    return paginate(row.months.order_by("month"), page)


@router.post(
    "/village-cadres/{stationing_id}/months", response={201: s.PresenceOut}, summary="登记某月在村天数"
)
def presence_record(request, stationing_id: Id, payload: s.PresenceIn):
    row = sx.stationing_get(actor=request.auth, stationing_id=stationing_id)
    return Status(201, services.presence_record(actor=request.auth, stationing=row, **payload.model_dump()))


@router.post("/village-cadres/{stationing_id}/leaves", response={201: s.LeaveOut}, summary="登记请假")
def leave_record(request, stationing_id: Id, payload: s.LeaveIn):
    row = sx.stationing_get(actor=request.auth, stationing_id=stationing_id)
    return Status(201, services.leave_record(actor=request.auth, stationing=row, **payload.model_dump()))


@router.post("/village-cadres/{stationing_id}/checks", response={201: s.SpotCheckOut}, summary="登记在岗抽查")
def spot_check_record(request, stationing_id: Id, payload: s.SpotCheckIn):
    row = sx.stationing_get(actor=request.auth, stationing_id=stationing_id)
    return Status(201, services.spot_check_record(actor=request.auth, stationing=row, **payload.model_dump()))


@router.get("/village-cadres-absent", response=Page[s.AbsentOut], summary="“两头不见人”名单")
def absent_list(request, filters: Query[s.AbsentQuery], page: Query[PageIn]):
    scoping.require(scoping.reads_subtree(request.auth))
    return paginate(sx.two_ends_absent(actor=request.auth, start=filters.start, end=filters.end), page)


@router.get("/village-cadres-export", summary="导出驻村干部台账（.xlsx）")
def stationing_export(request, filters: Query[s.StationingQuery]) -> HttpResponse:
    actor = request.auth
    scoping.require(scoping.reads_subtree(actor))
    qs = sx.stationing_list(
        actor=actor,
        unit_id=filters.unit_id,
        area=filters.area or "",
        role=filters.role or "",
        year=filters.year,
    )
    response = HttpResponse(exports.stationings_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("驻村干部台账.xlsx")
    return response


@router.post("/imports/village-cadres", response={202: JobOut}, summary="上传驻村干部（校验，不写入）")
def stationing_import(request, file: File[UploadedFile]):
    job = REGISTRY_IMPORT.submit(actor=request.auth, data=excel.upload_bytes(file), filename=file.name or "")
    return Status(202, job)


@router.post(
    "/imports/village-cadres/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入驻村干部（全部成功或全部不写入）",
)
def stationing_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, REGISTRY_IMPORT.commit_submit(actor=request.auth, validate_job=job))


# --- survey teams --------------------------------------------------------------------------------


@router.get("/survey-teams", response=Page[s.TeamOut], summary="驻村工作调研组")
def team_list(request, filters: Query[s.TeamQuery], page: Query[PageIn]):
    return paginate(sx.team_list(actor=request.auth, year=filters.year), page)


@router.post("/survey-teams", response={201: s.TeamOut}, summary="登记调研组（工委）")
def team_create(request, payload: s.TeamIn):
    actor = request.auth
    data = payload.model_dump()
    ids = data.pop("member_ids")
    leader_id = data.pop("leader_id")
    people = {p.pk: p for p in Person.objects.filter(pk__in=[*ids, *([leader_id] if leader_id else [])])}
    return Status(
        201,
        services.team_create(
            actor=actor,
            leader=people.get(leader_id) if leader_id else None,
            members=[people[i] for i in ids if i in people],
            **data,
        ),
    )


@router.get("/survey-teams/{team_id}", response=s.TeamOut, summary="调研组详情")
def team_detail(request, team_id: Id):
    return sx.team_get(actor=request.auth, team_id=team_id)


@router.post("/survey-teams/{team_id}/visits", response={201: s.VisitOut}, summary="登记调研行程")
def visit_add(request, team_id: Id, payload: s.VisitIn):
    team = sx.team_get(actor=request.auth, team_id=team_id)
    return Status(201, services.visit_add(actor=request.auth, team=team, **payload.model_dump()))


@router.get("/survey-teams/{team_id}/findings", response=Page[s.FindingOut], summary="调研发现的问题")
def finding_list(request, team_id: Id, page: Query[PageIn]):
    team = sx.team_get(actor=request.auth, team_id=team_id)
    return paginate(sx.finding_list(actor=request.auth, team=team), page)


@router.post("/survey-teams/{team_id}/findings", response={201: s.FindingOut}, summary="登记调研发现的问题")
def finding_add(request, team_id: Id, payload: s.FindingIn):
    team = sx.team_get(actor=request.auth, team_id=team_id)
    data = payload.model_dump()
    unit = get_or_404(Unit.objects.all(), data.pop("unit_id"))
    return Status(201, services.finding_add(actor=request.auth, team=team, unit=unit, **data))
