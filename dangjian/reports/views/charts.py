"""统计图表: every registered chart (core.charts) for the chosen year and scope; a click on a point
opens its records."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from dangjian.core import charts as registry
from dangjian.core.metrics import Period, Records, batch
from dangjian.meetings.years import year_choice
from dangjian.organizations import selectors as org_selectors
from dangjian.reports import selectors


def charts_page(request):
    year, years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    period = Period.year(year)
    sections: dict[str, list[dict]] = {}
    with batch():
        for c in registry.ordered():
            data = c.compute(scope, period)
            if c.id in registry.RECORDS and data.keys and not data.links:
                params = urlencode({k: v for k, v in (("year", year), ("org", scope.org_id)) if v})
                data.links = [
                    reverse("reports:chart_records", args=[c.id, key]) + "?" + params for key in data.keys
                ]
            option = data.as_option(c.title)
            sections.setdefault(c.section or "其他", []).append(
                {
                    "id": f"chart-{c.id}",
                    "chart": c,
                    "option": option,
                    "note": data.note,
                    "empty": not any(data.values),
                }
            )
    orgs = org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[:300]
    return render(
        request,
        "reports/charts.html",
        {"sections": sections, "year": year, "years": years, "scope": scope, "orgs": orgs},
    )


def chart_records(request, chart_id: str, key: str):
    chart = registry.REGISTRY.get(chart_id)
    records_fn = registry.RECORDS.get(chart_id)
    if chart is None or records_fn is None:
        raise Http404("图表不存在。")
    year, _years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    result = records_fn(scope, Period.year(year), key)
    columns = result.columns or {"记录": "__str__"}
    found: Records = result.queryset if result.queryset is not None else []
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    records = [
        (selectors.record_url(obj), [selectors.resolve(obj, path) for path in columns.values()])
        for obj in page
    ]
    return render(
        request,
        "reports/chart_records.html",
        {
            "chart": chart,
            "key": result.label or key,
            "value": result.value,
            "year": year,
            "scope": scope,
            "columns": list(columns),
            "records": records,
            "page": page,
        },
    )
