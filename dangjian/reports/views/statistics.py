"""党内统计: the year-end tables of a scope, on the page and as .xlsx."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from dangjian.core import audit, excel
from dangjian.core.models import AuditAction
from dangjian.meetings.years import year_choice
from dangjian.organizations import selectors as org_selectors
from dangjian.reports import documents, selectors
from dangjian.reports.statistics import party_statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stats(request):
    year, years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    return party_statistics(scope=scope, year=year), years


def statistics_page(request):
    stats, years = _stats(request)
    orgs = org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[:300]
    return render(
        request,
        "reports/statistics.html",
        {"stats": stats, "year": stats.year, "years": years, "scope": stats.scope, "orgs": orgs},
    )


def statistics_export(request):
    stats, _years = _stats(request)
    sheets = [
        excel.SheetSpec(
            t.title[:31].replace("：", " ").replace("/", " "),
            [excel.Column("党组织", width=30)] + [excel.Column(c, width=12) for c in t.columns],
            title=f"{stats.scope.label} {t.title}（截至{stats.day:%Y年%m月%d日}）",
            rows=[[label, *counts] for label, counts in t.rows],
        )
        for t in stats.tables
    ]
    content = excel.write_workbook(sheets)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reports.statistics",
        object_repr=f"党内统计 {stats.year} {stats.scope.label}"[:200],
        org_path=stats.scope.path,
        changes={"year": [None, stats.year], "members": [None, stats.members]},
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = documents.attachment(f"党内统计-{stats.year}-{stats.scope.label}.xlsx")
    return response
