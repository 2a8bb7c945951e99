from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.metrics import Period, Records
from dangjian.meetings.years import year_choice
from dangjian.organizations import selectors as org_selectors
from dangjian.reports import exports, selectors


def annual(request):
    year, years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    rows = selectors.metric_rows(scope=scope, period=Period.year(year))
    sections: dict[str, list] = {}
    for r in rows:
        sections.setdefault(r["metric"].section, []).append(r)
    orgs = org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[:300]
    return render(
        request,
        "reports/annual.html",
        {
            "year": year,
            "scope": scope,
            "sections": sections,
            "orgs": orgs,
            "years": years,
        },
    )


def metric_detail(request, metric_id):
    year, _years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    metric, result = selectors.metric_records(scope=scope, period=Period.year(year), metric_id=metric_id)
    columns = result.columns or {"记录": "__str__"}
    found: Records = result.queryset if result.queryset is not None else []
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        found = selectors.records_matching(found, columns, q)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    records = [
        (selectors.record_url(obj), [selectors.resolve(obj, path) for path in columns.values()])
        for obj in page
    ]
    return render(
        request,
        "reports/metric_detail.html",
        {
            "metric": metric,
            "value": result.value,
            "q": q,
            "shown": page.paginator.count,
            "orgs": org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[
                :300
            ],
            "year": year,
            "scope": scope,
            "columns": list(columns),
            "records": records,
            "page": page,
        },
    )


@require_POST
def metric_export(request, metric_id):
    year, _years = year_choice(request.POST.get("year"))
    job = exports.metric_export_submit(
        actor=request.user,
        metric_id=metric_id,
        year=year,
        org_id=request.POST.get("org") or None,
        q=(request.POST.get("q") or "").strip()[:50],
    )
    return redirect("core:job", job_id=job.pk)
