"""API: parks and enterprises registry, liaison pairings. Reads through the selectors (scoped),
writes through the services; outside scope is 404, visible but not allowed 403."""

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
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.pairings import exports, services
from dangjian.pairings import schemas as s
from dangjian.pairings import selectors as sx
from dangjian.pairings.imports import PAIRING_IMPORT, REGISTRY_IMPORT
from dangjian.people.models import Person

router = Router(tags=["双进双促"])


def _people(actor, ids: list[int]) -> list[Person]:
    people = list(Person.objects.filter(scoping.person_q(actor), pk__in=ids).select_related("unit"))
    if len(people) != len(set(ids)):
        raise ApplicationError("选派干部中有不存在或不在您管理范围内的人员。", field="cadre_ids")
    return people


@router.get("/parks", response=Page[s.ParkOut], summary="园区名录")
def park_list(request, filters: Query[s.RegistryQuery], page: Query[PageIn]):
    return paginate(sx.park_list(actor=request.auth, area=filters.area or "", q=filters.q), page)


@router.post("/parks", response={201: s.ParkOut}, summary="登记园区")
def park_create(request, payload: s.ParkIn):
    return Status(201, services.park_create(actor=request.auth, **payload.model_dump()))


@router.get("/enterprises", response=Page[s.EnterpriseOut], summary="企业名录")
def enterprise_list(request, filters: Query[s.RegistryQuery], page: Query[PageIn]):
    return paginate(sx.enterprise_list(actor=request.auth, area=filters.area or "", q=filters.q), page)


@router.post(
    "/enterprises", response={201: s.EnterpriseOut}, summary="登记企业（统一社会信用代码按GB 32100校验）"
)
def enterprise_create(request, payload: s.EnterpriseIn):
    actor = request.auth
    data = payload.model_dump()
    park_id = data.pop("park_id")
    park = sx.park_get(actor=actor, park_id=park_id) if park_id else None
    return Status(201, services.enterprise_create(actor=actor, park=park, **data))


@router.get("/registry-export", summary="导出园区和企业名录（.xlsx）")
def registry_export(request, filters: Query[s.RegistryQuery]) -> HttpResponse:
    actor = request.auth
    scoping.require(scoping.reads_subtree(actor))
    parks = sx.park_list(actor=actor, area=filters.area or "", q=filters.q)
    enterprises = sx.enterprise_list(actor=actor, area=filters.area or "", q=filters.q)
    response = HttpResponse(exports.registry_workbook(parks, enterprises), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("园区和企业名录.xlsx")
    return response


@router.get("/pairings", response=Page[s.PairingOut], summary="双进双促对接关系")
def pairing_list(request, filters: Query[s.PairingQuery], page: Query[PageIn]):
    qs = sx.pairing_list(
        actor=request.auth, unit_id=filters.unit_id, partner=filters.partner, year=filters.year
    ).prefetch_related("cadres")
    return paginate(qs, page)


@router.post("/pairings", response={201: s.PairingOut}, summary="登记对接关系")
def pairing_create(request, payload: s.PairingIn):
    actor = request.auth
    data = payload.model_dump()
    unit = org_selectors.unit_get(actor=actor, unit_id=data.pop("unit_id"))
    park_id, enterprise_id = data.pop("park_id"), data.pop("enterprise_id")
    park = sx.park_get(actor=actor, park_id=park_id) if park_id else None
    enterprise = sx.enterprise_get(actor=actor, enterprise_id=enterprise_id) if enterprise_id else None
    cadres = _people(actor, data.pop("cadre_ids"))
    row = services.pairing_create(
        actor=actor, unit=unit, park=park, enterprise=enterprise, cadres=cadres, **data
    )
    return Status(201, row)


@router.get("/pairings/{pairing_id}", response=s.PairingOut, summary="对接关系详情")
def pairing_detail(request, pairing_id: Id):
    return sx.pairing_get(actor=request.auth, pairing_id=pairing_id)


@router.patch("/pairings/{pairing_id}", response=s.PairingOut, summary="登记走访、解决问题、结束对接")
def pairing_update(request, pairing_id: Id, payload: s.PairingUpdate):
    actor = request.auth
    row = sx.pairing_get(actor=actor, pairing_id=pairing_id)
    if not scoping.can_write_path(actor, row.organization.path):
        raise Forbidden()
    sent = payload.model_dump(exclude_unset=True)
    return services.pairing_update(
        actor=actor,
        pairing=row,
        visits=sent.get("visits", row.visits),
        problems_solved=sent.get("problems_solved", row.problems_solved),
        ended_on=sent.get("ended_on", row.ended_on),
        note=sent.get("note", row.note),
        cadres=_people(actor, sent["cadre_ids"]) if "cadre_ids" in sent else None,
    )


@router.get("/pairings-export", summary="导出双进双促对接关系台账（.xlsx）")
def pairing_export(request, filters: Query[s.PairingQuery]) -> HttpResponse:
    actor = request.auth
    scoping.require(scoping.reads_subtree(actor))
    qs = sx.pairing_list(actor=actor, unit_id=filters.unit_id, partner=filters.partner, year=filters.year)
    response = HttpResponse(exports.pairings_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("双进双促对接关系台账.xlsx")
    return response


@router.post(
    "/imports/parks-enterprises", response={202: JobOut}, summary="上传园区和企业名录（校验，不写入）"
)
def registry_import(request, file: File[UploadedFile]):
    job = REGISTRY_IMPORT.submit(actor=request.auth, data=excel.upload_bytes(file), filename=file.name or "")
    return Status(202, job)


@router.post(
    "/imports/parks-enterprises/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入园区和企业名录（全部成功或全部不写入）",
)
def registry_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, REGISTRY_IMPORT.commit_submit(actor=request.auth, validate_job=job))


@router.post("/imports/pairings", response={202: JobOut}, summary="上传双进双促对接关系（校验，不写入）")
def pairing_import(request, file: File[UploadedFile]):
    job = PAIRING_IMPORT.submit(actor=request.auth, data=excel.upload_bytes(file), filename=file.name or "")
    return Status(202, job)


@router.post(
    "/imports/pairings/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入双进双促对接关系（全部成功或全部不写入）",
)
def pairing_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, PAIRING_IMPORT.commit_submit(actor=request.auth, validate_job=job))
