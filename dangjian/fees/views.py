"""Pages of party fees: the ledger of an organisation for a year (with its export), declaring a
member's base, recording payments, publishing the branch's year. Outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.core.errors import get_or_404
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.fees import exports, selectors, services
from dangjian.fees.forms import BaseForm, PaymentForm, PublishForm
from dangjian.fees.models import FeeBase
from dangjian.organizations import scoping
from dangjian.people.models import Person


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _org(request, user):
    org_id = request.GET.get("org")
    if org_id:
        return scoping.access_org(user, org_id if str(org_id).isdigit() else 0)
    path = min(scoping.scope_of(user).read_paths, key=len)
    return scoping.orgs_visible(user).get(path=path)


def ledger_page(request):
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    year, org = _year(request), _org(request, user)
    today = timezone.localdate()
    as_of = min(today, today.replace(year=year, month=12, day=31)) if year <= today.year else today
    # A branch (or general branch) gets one row per member; a committee or the province the
    # overview by organisation (two GROUP BYs, fast at the province's size).
    with_rows = org.kind in ("branch", "general_branch")
    book = selectors.ledger(org.path, year, as_of=as_of, with_rows=with_rows)
    children = [] if with_rows else selectors.ledger_by_branch(org.path, year, as_of=as_of)
    if request.GET.get("format") == "xlsx":
        data = (
            exports.ledger_xlsx(actor=user, org=org, book=book)
            if with_rows
            else exports.summary_xlsx(actor=user, org=org, book=book, children=children)
        )
        response = HttpResponse(data, content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = content_disposition(f"党费台账_{org.name}_{year}.xlsx")
        return response
    children = children[:500]
    publications = selectors.publication_list(actor=user, year=year).filter(
        organization__path__under=org.path
    )[:200]
    return render(
        request,
        "fees/ledger.html",
        {
            "org": org,
            "year": year,
            "book": book,
            "children": children,
            "publications": publications,
            "can_write": scoping.can_write_path(user, org.path),
            "publish_form": PublishForm(),
        },
    )


def member_fees(request, person_id):
    """A member's fee for the year: declare the base (once a year), record payments."""
    user = request.user
    person = get_or_404(
        Person.objects.filter(scoping.person_q(user)).select_related("organization", "membership"), person_id
    )
    year = _year(request)
    can_write = scoping.can_write_path(user, person.organization.path)
    base = FeeBase.objects.filter(person=person, year=year).first()
    base_form = BaseForm(request.POST if request.POST.get("action") == "base" else None)
    pay_form = PaymentForm(request.POST if request.POST.get("action") == "pay" else None)
    if request.method == "POST":
        scoping.require(can_write)
        if request.POST.get("action") == "base" and base_form.is_valid():
            row = run_service(
                base_form,
                services.fee_base_declare,
                actor=user,
                person=person,
                year=year,
                **base_form.cleaned_data,
            )
            if row is not None:
                messages.success(request, f"已核定{person.name}{year}年党费：每月{row.monthly_fee}元。")
                return redirect(f"{request.path}?year={year}")
        elif request.POST.get("action") == "pay" and pay_form.is_valid():
            rows = run_service(
                pay_form,
                services.fee_pay,
                actor=user,
                person=person,
                year=year,
                months=pay_form.cleaned_data["months"],
                paid_on=pay_form.cleaned_data["paid_on"],
            )
            if rows is not None:
                messages.success(request, f"已登记{person.name}交纳{len(rows)}个月党费。")
                return redirect(f"{request.path}?year={year}")
    payments = {p.month: p for p in person.fee_payments.filter(year=year)}
    months = [(m, payments.get(m)) for m in range(1, 13)]
    return render(
        request,
        "fees/member.html",
        {
            "person": person,
            "year": year,
            "base": base,
            "months": months,
            "base_form": base_form,
            "pay_form": pay_form,
            "can_write": can_write,
        },
    )


def publish(request):
    user = request.user
    if request.method != "POST":
        return redirect("fees:ledger")
    year = _year(request)
    org = scoping.access_org(
        user, request.POST.get("org") if str(request.POST.get("org", "")).isdigit() else 0
    )
    form = PublishForm(request.POST)
    if form.is_valid():
        row = run_service(
            form, services.fee_publish, actor=user, organization=org, year=year, **form.cleaned_data
        )
        if row is not None:
            messages.success(request, f"已公示{org.name}{year}年党费收缴情况。")
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))
    return redirect(f"/fees/?org={org.pk}&year={year}")
