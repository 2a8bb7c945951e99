"""API: the 50-years medal and care. Outside scope is 404."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.care import schemas as s
from dangjian.care import selectors as sx
from dangjian.care import services
from dangjian.core.errors import NotFound
from dangjian.core.schemas import Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.people import selectors as people_selectors
from dangjian.people.models import Person

router = Router(tags=["纪念章与关爱帮扶"])


@router.get(
    "/medals/eligible",
    response=Page[s.EligibleOut],
    summary="“光荣在党50年”纪念章颁发对象（健在、党龄满50年）",
)
def eligible(request, filters: Query[s.YearQuery], page: Query[PageIn]):
    return paginate(sx.medal_eligible(actor=request.auth, year=filters.year, include_awarded=True), page)


@router.get("/medals", response=Page[s.MedalOut], summary="纪念章颁发记录")
def medal_list(request, filters: Query[s.YearQuery], page: Query[PageIn]):
    return paginate(sx.medal_list(actor=request.auth, year=filters.year), page)


@router.post("/medals", response={201: list[s.MedalOut]}, summary="登记颁发纪念章（全部成功或全部不写）")
def medal_award(request, payload: s.MedalIn):
    actor = request.auth
    people = list(
        Person.objects.filter(scoping.person_q(actor), pk__in=payload.person_ids).select_related(
            "organization", "unit"
        )
    )
    if len(people) != len(set(payload.person_ids)):
        raise NotFound("所选党员不存在或不在您的管理范围内。")
    rows = services.medal_award(
        actor=actor, people=people, year=payload.year, awarded_on=payload.awarded_on, note=payload.note
    )
    return Status(201, rows)


@router.get("/care-records", response=Page[s.CareOut], summary="走访慰问与慰问金")
def care_list(request, filters: Query[s.CareQuery], page: Query[PageIn]):
    return paginate(
        sx.care_list(actor=request.auth, year=filters.year, kind=filters.kind).order_by("-on", "-id"), page
    )


@router.post("/care-records", response={201: s.CareOut}, summary="登记走访慰问或慰问金")
def care_record(request, payload: s.CareIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    person = (
        people_selectors.person_get(actor=actor, person_id=payload.person_id) if payload.person_id else None
    )
    row = services.care_record(
        actor=actor,
        kind=payload.kind,
        organization=org,
        on=payload.on,
        reason=payload.reason,
        amount=payload.amount,
        person=person,
        recipient=payload.recipient,
    )
    return Status(201, row)


@router.get("/care-records/totals", response=s.TotalsOut, summary="按单位合计（元、万元）")
def care_totals(request, filters: Query[s.YearQuery]):
    t = sx.care_totals(actor=request.auth, year=filters.year)
    units = [
        {
            "unit_id": u["unit_id"],
            "unit_name": u["unit__name"],
            "count": u["n"],
            "amount": u["amount"],
            "wan": u["wan"],
        }
        for u in t["units"]
    ]
    return {
        "year": filters.year,
        "units": units,
        "total": t["total"],
        "total_wan": t["total_wan"],
        "condolence": t["condolence"],
        "condolence_wan": t["condolence_wan"],
    }
