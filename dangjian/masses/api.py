"""API: internship posts (扬帆计划) with applications and placements, and the suggestion drive
(建言献策). Reads through the selectors (scoped), writes through the services."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dangjian.core import excel
from dangjian.core.api import JobOut
from dangjian.core.jobs import job_get
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.core.views.imports import XLSX
from dangjian.masses import exports, services
from dangjian.masses import schemas as s
from dangjian.masses import selectors as sx
from dangjian.masses.imports import REGISTRY_IMPORT, SUGGESTION_IMPORT
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors

router = Router(tags=["凝聚各方力量"])


@router.get("/internship-posts", response=Page[s.PostOut], summary="实习岗位（扬帆计划）")
def post_list(request, filters: Query[s.YearQuery], page: Query[PageIn]):
    return paginate(
        sx.post_list(actor=request.auth, year=filters.year, unit_id=filters.unit_id, q=filters.q), page
    )


@router.post("/internship-posts", response={201: s.PostOut}, summary="发布实习岗位")
def post_create(request, payload: s.PostIn):
    actor = request.auth
    data = payload.model_dump()
    unit = org_selectors.unit_get(actor=actor, unit_id=data.pop("unit_id"))
    return Status(201, services.post_create(actor=actor, unit=unit, **data))


@router.get("/internship-posts/{post_id}", response=s.PostOut, summary="实习岗位详情")
def post_detail(request, post_id: Id):
    return sx.post_get(actor=request.auth, post_id=post_id)


@router.get("/internship-posts/{post_id}/applications", response=Page[s.ApplicationOut], summary="申请与到岗")
def application_list(request, post_id: Id, page: Query[PageIn]):
    post = sx.post_get(actor=request.auth, post_id=post_id)
    return paginate(post.applications.order_by("applied_on", "id"), page)


@router.post("/internship-posts/{post_id}/applications", response={201: s.ApplicationOut}, summary="登记申请")
def application_create(request, post_id: Id, payload: s.ApplicationIn):
    post = sx.post_get(actor=request.auth, post_id=post_id)
    return Status(201, services.application_create(actor=request.auth, post=post, **payload.model_dump()))


@router.post(
    "/internship-applications/{application_id}/decide",
    response=s.ApplicationOut,
    summary="录用、到岗或不录用",
)
def application_decide(request, application_id: Id, payload: s.DecideIn):
    app = sx.application_get(actor=request.auth, application_id=application_id)
    return services.application_decide(actor=request.auth, application=app, **payload.model_dump())


@router.get("/internship-posts-export", summary="导出实习岗位台账（.xlsx）")
def post_export(request, filters: Query[s.YearQuery]) -> HttpResponse:
    scoping.require(scoping.reads_subtree(request.auth))
    qs = sx.post_list(actor=request.auth, year=filters.year, unit_id=filters.unit_id, q=filters.q)
    response = HttpResponse(exports.posts_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("实习岗位台账.xlsx")
    return response


@router.post("/imports/internship-posts", response={202: JobOut}, summary="上传实习岗位（校验，不写入）")
def post_import(request, file: File[UploadedFile]):
    job = REGISTRY_IMPORT.submit(actor=request.auth, data=excel.upload_bytes(file), filename=file.name or "")
    return Status(202, job)


@router.post(
    "/imports/internship-posts/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入实习岗位（全部成功或全部不写入）",
)
def post_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, REGISTRY_IMPORT.commit_submit(actor=request.auth, validate_job=job))


@router.get("/suggestions", response=Page[s.SuggestionOut], summary="建言献策")
def suggestion_list(request, filters: Query[s.SuggestionQuery], page: Query[PageIn]):
    return paginate(
        sx.suggestion_list(actor=request.auth, year=filters.year, adopted=filters.adopted, q=filters.q), page
    )


@router.post("/suggestions", response={201: s.SuggestionOut}, summary="登记建议")
def suggestion_create(request, payload: s.SuggestionIn):
    actor = request.auth
    data = payload.model_dump()
    unit_id = data.pop("unit_id")
    unit = org_selectors.unit_get(actor=actor, unit_id=unit_id) if unit_id else None
    return Status(201, services.suggestion_create(actor=actor, unit=unit, **data))


@router.get("/suggestions/{suggestion_id}", response=s.SuggestionOut, summary="建议详情")
def suggestion_detail(request, suggestion_id: Id):
    return sx.suggestion_get(actor=request.auth, suggestion_id=suggestion_id)


@router.post("/suggestions/{suggestion_id}/adopt", response=s.SuggestionOut, summary="标记采纳")
def suggestion_adopt(request, suggestion_id: Id, payload: s.AdoptIn):
    row = sx.suggestion_get(actor=request.auth, suggestion_id=suggestion_id)
    return services.suggestion_adopt(actor=request.auth, suggestion=row, **payload.model_dump())


@router.get("/suggestions-export", summary="导出建言献策台账（.xlsx）")
def suggestion_export(request, filters: Query[s.SuggestionQuery]) -> HttpResponse:
    scoping.require(scoping.reads_subtree(request.auth))
    qs = sx.suggestion_list(actor=request.auth, year=filters.year, adopted=filters.adopted, q=filters.q)
    response = HttpResponse(exports.suggestions_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("建言献策台账.xlsx")
    return response


@router.post("/imports/suggestions", response={202: JobOut}, summary="上传建言献策（校验，不写入）")
def suggestion_import(request, file: File[UploadedFile]):
    job = SUGGESTION_IMPORT.submit(
        actor=request.auth, data=excel.upload_bytes(file), filename=file.name or ""
    )
    return Status(202, job)


@router.post(
    "/imports/suggestions/{job_id}/commit",
    response={202: JobOut},
    summary="确认导入建言献策（全部成功或全部不写入）",
)
def suggestion_import_commit(request, job_id: Id):
    job = job_get(actor=request.auth, job_id=job_id)
    return Status(202, SUGGESTION_IMPORT.commit_submit(actor=request.auth, validate_job=job))
