"""API: party fees (党费). Outside scope is 404."""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from dangjian.fees import schemas as s
from dangjian.fees import selectors as sx
from dangjian.fees import services
from dangjian.organizations import scoping
from dangjian.people import selectors as people_selectors

router = Router(tags=["党费"])


@router.get("/fees/ledger", response=s.LedgerOut, summary="党费收缴台账（一个党组织一年）")
def ledger(request, filters: Query[s.LedgerQuery]):
    org = scoping.access_org(request.auth, filters.org_id)
    today = timezone.localdate()
    as_of = today if filters.year >= today.year else today.replace(year=filters.year, month=12, day=31)
    book = sx.ledger(org.path, filters.year, as_of=as_of)
    rows = [
        {
            "person": {"id": r.base.person_id, "name": r.base.person.name},
            "category": r.base.category,
            "base": r.base.base,
            "monthly_fee": r.base.monthly_fee,
            "paid_months": sorted(r.paid_months),
            "unpaid_months": r.unpaid_months,
            "due": r.due,
            "paid": r.paid,
            "arrears": r.arrears,
        }
        for r in book.rows
    ]
    return {
        "organization": org,
        "year": filters.year,
        "as_of": as_of,
        "due": book.due,
        "paid": book.paid,
        "arrears": book.arrears,
        "other_paid": book.other_paid,
        "payments_total": book.payments_total,
        "reconciles": book.reconciles,
        "rows": rows,
    }


@router.post("/fees/bases", response={201: s.BaseOut}, summary="核定党费基数（年初一次，月交党费随之确定）")
def base_declare(request, payload: s.BaseIn):
    actor = request.auth
    person = people_selectors.person_get(actor=actor, person_id=payload.person_id)
    row = services.fee_base_declare(
        actor=actor, person=person, year=payload.year, category=payload.category, base=payload.base
    )
    return Status(201, row)


@router.post("/fees/payments", response={201: list[s.PaymentOut]}, summary="登记党费交纳（按月、按季或补交）")
def pay(request, payload: s.PaymentIn):
    actor = request.auth
    person = people_selectors.person_get(actor=actor, person_id=payload.person_id)
    return Status(
        201,
        services.fee_pay(
            actor=actor, person=person, year=payload.year, months=payload.months, paid_on=payload.paid_on
        ),
    )


@router.post("/fees/publications", response={201: s.PublicationOut}, summary="公示党组织年度党费收缴情况")
def publish(request, payload: s.PublishIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    return Status(
        201,
        services.fee_publish(
            actor=actor,
            organization=org,
            year=payload.year,
            published_on=payload.published_on,
            note=payload.note,
        ),
    )
