"""API: study materials and their distributions. Reads go through the material selectors,
writes through the services; outside scope is 404, visible but not allowed 403."""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.materials import schemas as s
from dangjian.materials import selectors as sx
from dangjian.materials import services
from dangjian.organizations import selectors as org_selectors

router = Router(tags=["学习材料"])


@router.get("/study-materials", response=Page[s.MaterialOut], summary="学习材料及配发合计（按年度）")
def material_list(request, filters: Query[s.YearQuery], page: Query[PageIn]):
    totals = sx.material_totals(actor=request.auth, year=filters.year or timezone.localdate().year)
    return paginate(totals["materials"], page)


@router.post("/study-materials", response={201: s.MaterialOut}, summary="登记征订的学习材料")
def material_create(request, payload: s.MaterialIn):
    return Status(201, services.material_create(actor=request.auth, **payload.model_dump()))


@router.post(
    "/study-materials/{material_id}/distributions", response={201: s.DistributionOut}, summary="登记配发"
)
def distribution_create(request, material_id: Id, payload: s.DistributionIn):
    actor = request.auth
    material = sx.material_get(actor=actor, material_id=material_id)
    unit = org_selectors.unit_get(actor=actor, unit_id=payload.unit_id)
    row = services.distribution_create(
        actor=actor,
        material=material,
        unit=unit,
        copies=payload.copies,
        distributed_on=payload.distributed_on,
    )
    return Status(201, row)
