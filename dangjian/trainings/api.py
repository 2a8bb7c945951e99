"""API: training programmes, classes, trainees, attendance, completion and hours. Reads through
the selectors (outside scope 404), writes through the services."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from dangjian.core.errors import get_or_404
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.core.years import FIRST_YEAR, LAST_YEAR
from dangjian.organizations import scoping
from dangjian.trainings import schemas as s
from dangjian.trainings import selectors as sx
from dangjian.trainings import services

router = Router(tags=["教育培训"])


class YearQuery(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR)
    series: str | None = None


class HoursQuery(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR)
    org_id: int | None = None
    short_only: bool = False


@router.get("/trainings/programmes", response=Page[s.ProgrammeOut], summary="培训项目（按年度）")
def programme_list(request, filters: Query[YearQuery], page: Query[PageIn]):
    return paginate(sx.programme_list(actor=request.auth, year=filters.year, series=filters.series), page)


@router.post("/trainings/programmes", response={201: s.ProgrammeOut}, summary="创建培训项目")
def programme_create(request, payload: s.ProgrammeIn):
    actor = request.auth
    data = payload.model_dump()
    org = get_or_404(scoping.orgs_visible(actor), data.pop("organization_id"))
    programme = services.programme_create(actor=actor, organization=org, **data)
    return Status(201, sx.programme_list(actor=actor).get(pk=programme.pk))


@router.get(
    "/trainings/programmes/{programme_id}/classes", response=Page[s.ClassOut], summary="培训项目的各期培训班"
)
def class_list(request, programme_id: Id, page: Query[PageIn]):
    programme = sx.access_programme(request.auth, programme_id)
    return paginate(sx.class_list(actor=request.auth, programme=programme), page)


@router.post(
    "/trainings/programmes/{programme_id}/classes", response={201: s.ClassOut}, summary="开设一期培训班"
)
def class_create(request, programme_id: Id, payload: s.ClassIn):
    programme = sx.access_programme(request.auth, programme_id)
    return Status(201, services.class_create(actor=request.auth, programme=programme, **payload.model_dump()))


def _trainee(row: sx.TraineeRow) -> dict:
    p = row.participation
    return {
        "participation_id": p.pk,
        "person_id": p.person_id,
        "name": p.display_name,
        "id_number": p.person.id_masked if p.person else "",
        "unit": p.unit.name if p.unit else p.guest_from,
        "organization": p.organization.name if p.organization else "",
        "status": p.status,
        "present_days": row.present_days,
        "rate": row.rate,
        "meets_rule": row.meets_rule,
        "certificate": row.certificate,
    }


@router.get(
    "/trainings/classes/{class_id}/trainees", response=Page[s.TraineeOut], summary="培训班学员（含出勤）"
)
def trainee_list(request, class_id: Id, page: Query[PageIn]):
    tc = sx.access_class(request.auth, class_id)
    return paginate([_trainee(r) for r in sx.trainee_rows(actor=request.auth, training_class=tc)], page)


@router.post("/trainings/classes/{class_id}/trainees", response={201: Page[s.TraineeOut]}, summary="报名学员")
def trainee_enrol(request, class_id: Id, payload: s.EnrolIn):
    actor = request.auth
    tc = sx.access_class(actor, class_id)
    services.trainees_enrol(actor=actor, training_class=tc, person_ids=payload.person_ids)
    rows = [_trainee(r) for r in sx.trainee_rows(actor=actor, training_class=tc)]
    return Status(201, {"items": rows, "count": len(rows)})


@router.post("/trainings/classes/{class_id}/attendance", response=s.CompletionOut, summary="记录某日出勤")
def attendance(request, class_id: Id, payload: s.AttendanceIn):
    tc = sx.access_class(request.auth, class_id, write=True)
    n = services.attendance_record(
        actor=request.auth, training_class=tc, day=payload.day, present_ids=payload.present_ids
    )
    return {"completed": n, "not_met": []}


@router.post("/trainings/classes/{class_id}/complete", response=s.CompletionOut, summary="结业（按结业条件）")
def complete(request, class_id: Id):
    tc = sx.access_class(request.auth, class_id, write=True)
    result = services.class_complete(actor=request.auth, training_class=tc)
    return {"completed": result.completed, "not_met": result.not_met}


@router.get("/trainings/hours", response=Page[s.HoursOut], summary="年度培训学时（对照年度要求）")
def hours(request, filters: Query[HoursQuery], page: Query[PageIn]):
    actor = request.auth
    path = get_or_404(scoping.orgs_visible(actor), filters.org_id).path if filters.org_id else ""
    rows = sx.hours_rows(actor=actor, year=filters.year, path=path)
    if filters.short_only:
        rows = [r for r in rows if r.short]
    items = [
        {
            "person_id": r.person_id,
            "name": r.name,
            "organization": r.organization,
            "category": r.category,
            "required": r.required,
            "hours": r.hours,
            "short": r.short,
        }
        for r in rows
    ]
    return paginate(items, page)
