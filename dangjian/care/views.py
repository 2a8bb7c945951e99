"""Pages of the 50-years medal and care. Thin: selectors read, services write; outside scope 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.care import documents, rules, selectors, services
from dangjian.care.enums import CareKind
from dangjian.care.forms import AwardForm, CareForm
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.organizations import scoping
from dangjian.people.models import Person

PAGE_SIZE = 50


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _file(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def medal_page(request):
    """The eligible list of the year (not yet awarded), issuing, and the year's records by unit."""
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    year = _year(request)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "docx"):
        people = list(selectors.medal_eligible(actor=user, year=year, include_awarded=True)[:20000])
        if fmt == "xlsx":
            return _file(
                documents.eligible_xlsx(actor=user, people=people, year=year),
                documents.XLSX_TYPE,
                f"光荣在党50年纪念章名单_{year}.xlsx",
            )
        return _file(
            documents.eligible_docx(actor=user, people=people, year=year),
            documents.DOCX_TYPE,
            f"光荣在党50年纪念章名单_{year}.docx",
        )
    form = AwardForm(request.POST or None)
    if request.method == "POST":
        scoping.require(scoping.writes_subtree(user))
        ids = [int(x) for x in request.POST.getlist("person") if x.isdigit()]
        people = list(
            Person.objects.filter(scoping.person_q(user, write=True), pk__in=ids).select_related(
                "organization", "unit"
            )
        )
        if form.is_valid():
            rows = run_service(
                form,
                services.medal_award,
                actor=user,
                people=people,
                year=year,
                awarded_on=form.cleaned_data["awarded_on"],
                note=form.cleaned_data["note"],
            )
            if rows is not None:
                messages.success(request, f"已为{len(rows)}名党员登记颁发纪念章。")
                return redirect(f"{request.path}?year={year}")
    eligible = Paginator(selectors.medal_eligible(actor=user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    awarded = selectors.medal_list(actor=user, year=year)
    return render(
        request,
        "care/medals.html",
        {
            "year": year,
            "cutoff": rules.cutoff(year),
            "eligible": eligible,
            "form": form,
            "by_unit": selectors.medal_by_unit(actor=user, year=year),
            "awarded": awarded.order_by("unit__name", "id")[:500],
            "awarded_count": awarded.count(),
            "can_write": scoping.writes_subtree(user),
        },
    )


def care_page(request):
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    year = _year(request)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in CareKind.values else ""
    rows = selectors.care_list(actor=user, year=year, kind=kind).order_by("-on", "-id")
    totals = selectors.care_totals(actor=user, year=year)
    if request.GET.get("format") == "xlsx":
        return _file(
            documents.care_xlsx(actor=user, rows=rows[:50000], totals=totals, year=year),
            documents.XLSX_TYPE,
            f"关爱帮扶台账_{year}.xlsx",
        )
    orgs = list(scoping.orgs_visible(user, write=True).filter(is_active=True).order_by("path")[:2000])
    form = CareForm(request.POST or None, orgs=orgs)
    if request.method == "POST":
        scoping.require(scoping.writes_subtree(user))
        if form.is_valid():
            d = form.cleaned_data
            org = next((o for o in orgs if o.pk == d["organization"]), None)
            if org is None:
                form.add_error("organization", "党组织：请选择您管理范围内的党组织。")
            else:
                row = run_service(
                    form,
                    services.care_record,
                    actor=user,
                    kind=d["kind"],
                    organization=org,
                    on=d["on"],
                    reason=d["reason"],
                    amount=d["amount"],
                    recipient=d["recipient"],
                )
                if row is not None:
                    messages.success(request, f"已登记：{row.recipient} {row.get_kind_display()}。")
                    return redirect(f"{request.path}?year={row.on.year}")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "care/care.html",
        {
            "year": year,
            "kind": kind,
            "kinds": CareKind.choices,
            "page": page,
            "totals": totals,
            "form": form,
            "can_write": scoping.writes_subtree(user),
        },
    )
