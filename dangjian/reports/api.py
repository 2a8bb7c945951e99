"""API of the reports (mounted by config/urls.py: nothing imports reports). Every read is in the
caller's scope: an organisation outside it is 404."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from ninja import Query, Router

from dangjian.core import audit
from dangjian.core.metrics import REGISTRY, Period
from dangjian.core.models import AuditAction
from dangjian.core.schemas import Page, PageIn
from dangjian.reports import documents, exports, selectors, services, summary
from dangjian.reports import schemas as s
from dangjian.reports.statistics import party_statistics

router = Router(tags=["报表"])


def _num(v):
    return float(v) if isinstance(v, Decimal) else v


@router.get("/reports/annual", response=Page[s.MetricValueOut], summary="年度报表：全部指标")
def annual(request, q: Query[s.ReportQuery]):
    scope = selectors.report_scope(actor=request.auth, org_id=q.org)
    values = selectors.metric_values(scope=scope, period=Period.year(q.year))
    items = [
        {
            "id": m.id,
            "label": m.label,
            "unit": m.unit,
            "section": m.section,
            "approx": m.approx,
            "value": _num(values[m.id]),
        }
        for m in REGISTRY.values()
        if m.id in values
    ]
    return {"items": items, "count": len(items)}


@router.get("/reports/summary", summary="年度综述（json、html、docx、pdf）")
def summary_get(request, q: Query[s.SummaryQuery]):
    scope = selectors.report_scope(actor=request.auth, org_id=q.org)
    doc = summary.build(scope=scope, year=q.year, compare=q.compare)
    if q.format == "json":
        return summary.as_json(doc)
    if q.format == "html":
        from django.template.loader import render_to_string

        return HttpResponse(render_to_string("reports/summary_standalone.html", {"doc": doc}))
    content, content_type = documents.render(doc, q.format)
    audit.record(
        actor=request.auth,
        action=AuditAction.EXPORT,
        object_type="reports.summary",
        object_repr=f"年度综述 {q.year} {scope.label} .{q.format}"[:200],
        org_path=scope.path,
        changes={"year": [None, q.year], "format": [None, q.format]},
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = documents.attachment(f"{doc.title}.{q.format}")
    return response


@router.get("/reports/metrics/{metric_id}/records", response=s.RecordsOut, summary="指标背后的记录")
def metric_records(request, metric_id: str, q: Query[s.ReportQuery], page: Query[PageIn]):
    scope = selectors.report_scope(actor=request.auth, org_id=q.org)
    metric, result = selectors.metric_records(scope=scope, period=Period.year(q.year), metric_id=metric_id)
    columns = result.columns or {"记录": "__str__"}
    rows, count = [], 0
    if result.queryset is not None:
        limit = min(page.limit, 500)
        rows = list(result.queryset[page.offset : page.offset + limit])
        count = result.queryset.count()
    items = [[exports._cell(selectors.resolve(r, path)) for path in columns.values()] for r in rows]
    return {
        "metric": metric.id,
        "value": _num(result.value),
        "columns": list(columns),
        "items": items,
        "count": count,
    }


@router.get("/reports/summary-templates/{year}", response=s.TemplateOut, summary="年度综述模板")
def template_get(request, year: int):
    selectors.report_scope(actor=request.auth)  # readers of reports only
    text, source = summary.template_for(year)
    return {"year": year, "text": text, "source": source}


@router.put("/reports/summary-templates/{year}", response=s.TemplateOut, summary="保存年度综述模板（工委）")
def template_put(request, year: int, payload: s.TemplateIn):
    row = services.template_save(actor=request.auth, year=year, text=payload.text)
    return {"year": row.year, "text": row.text, "source": "本年度模板"}


@router.get("/reports/statistics", summary="党内统计（截至12月31日）")
def statistics_get(request, q: Query[s.ReportQuery]):
    scope = selectors.report_scope(actor=request.auth, org_id=q.org)
    stats = party_statistics(scope=scope, year=q.year)
    tables = [
        {
            "id": t.id,
            "title": t.title,
            "columns": t.columns,
            "rows": [{"label": r, "counts": c} for r, c in t.rows],
        }
        for t in stats.tables
    ]
    return {
        "year": stats.year,
        "day": stats.day,
        "scope": {"org_id": scope.org_id, "label": scope.label},
        "members": stats.members,
        "new_members": stats.new_members,
        "items": tables,
        "count": len(tables),
    }
