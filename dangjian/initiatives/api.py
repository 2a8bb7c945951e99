"""API: branch initiatives. Reads through the selectors (scoped), writes through the services;
outside scope is 404, visible but not allowed 403."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dangjian.core import excel
from dangjian.core.api import JobOut
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.jobs import job_get
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.core.views.imports import XLSX
from dangjian.initiatives import schemas as s
from dangjian.initiatives import selectors as sx
from dangjian.initiatives import services
from dangjian.initiatives.exports import workbook
from dangjian.initiatives.imports import REGISTRY_IMPORT
from dangjian.organizations import scoping
from dangjian.people.models import Person

router = Router(tags=["支部特色工作"])


def _people(actor, ids: list[int]) -> list[Person]:
    people = list(Person.objects.filter(scoping.person_q(actor), pk__in=ids).select_related("organization"))
    if len(people) != len(set(ids)):
        raise ApplicationError("成员中有不存在或不在您管理范围内的人员。", field="member_ids")
    return people


@router.get(
    "/initiatives", response=Page[s.InitiativeOut], summary="支部特色工作台账（按类型、单位、状态、年度）"
)
def initiative_list(request, filters: Query[s.InitiativeQuery], page: Query[PageIn]):
    actor = request.auth
    org = scoping.access_org(actor, filters.org_id) if filters.org_id else None
    qs = sx.initiative_list(
        actor=actor,
        kind=filters.kind or "",
        status=filters.status or "",
        unit_id=filters.unit_id,
        org=org,
        year=filters.year,
        q=filters.q,
    )
    return paginate(qs, page, prepare=sx.with_member_counts)


@router.post("/initiatives", response={201: s.InitiativeDetailOut}, summary="登记支部特色工作")
def initiative_create(request, payload: s.InitiativeIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.org_id)
    data = payload.model_dump()
    members = _people(actor, data.pop("member_ids"))
    data.pop("org_id")
    return Status(201, services.initiative_create(actor=actor, organization=org, members=members, **data))


@router.get("/initiatives/{initiative_id}", response=s.InitiativeDetailOut, summary="支部特色工作详情")
def initiative_detail(request, initiative_id: Id):
    return sx.initiative_get(actor=request.auth, initiative_id=initiative_id)


@router.patch("/initiatives/{initiative_id}", response=s.InitiativeDetailOut, summary="修改支部特色工作")
def initiative_update(request, initiative_id: Id, payload: s.InitiativeUpdate):
    actor = request.auth
    row = sx.initiative_get(actor=actor, initiative_id=initiative_id)
    if not scoping.can_write_path(actor, row.organization.path):
        raise Forbidden()
    sent = payload.model_dump(exclude_unset=True)
    members = _people(actor, sent["member_ids"]) if "member_ids" in sent else None
    return services.initiative_update(
        actor=actor,
        initiative=row,
        name=sent.get("name", row.name),
        established_on=sent.get("established_on", row.established_on),
        description=sent.get("description", row.description),
        members=members,
    )


@router.post("/initiatives/{initiative_id}/close", response=s.InitiativeDetailOut, summary="撤销")
def initiative_close(request, initiative_id: Id, payload: s.CloseIn):
    actor = request.auth
    row = sx.initiative_get(actor=actor, initiative_id=initiative_id)
    if not scoping.can_write_path(actor, row.organization.path):
        raise Forbidden()
    return services.initiative_close(actor=actor, initiative=row, closed_on=payload.closed_on)


@router.get("/initiatives-export", summary="导出支部特色工作台账（.xlsx）")
def initiative_export(request, filters: Query[s.InitiativeQuery]) -> HttpResponse:
    actor = request.auth
    org = scoping.access_org(actor, filters.org_id) if filters.org_id else None
    qs = sx.initiative_list(
        actor=actor,
        kind=filters.kind or "",
        status=filters.status or "",
        unit_id=filters.unit_id,
        org=org,
        year=filters.year,
        q=filters.q,
    )
    response = HttpResponse(workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("支部特色工作台账.xlsx")
    return response


@router.post("/imports/initiatives", response={202: JobOut}, summary="上传支部特色工作（校验，不写入）")
def initiative_import(request, file: File[UploadedFile]):
    job = REGISTRY_IMPORT.submit(actor=request.auth, data=excel.upload_bytes(file), filename=file.name or "")
    return Status(202, job)


@router.post(
    "/imports/initiatives/{job_id}/commit", response={202: JobOut}, summary="确认导入（全部成功或全部不写入）"
)
def initiative_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, REGISTRY_IMPORT.commit_submit(actor=request.auth, validate_job=job))
