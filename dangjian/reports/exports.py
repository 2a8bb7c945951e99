"""A metric's drill-down list as .xlsx, run as a background job: the scope is applied again at
run time from the job creator's grants, the columns are the drill-down's (masked personal data
only: no metric shows a full ID or phone number), and the export is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone

from dangjian.core import audit, excel
from dangjian.core.actors import Actor
from dangjian.core.errors import NotFound
from dangjian.core.jobs import Progress, job_dir, job_handler, job_submit
from dangjian.core.metrics import Period, Records
from dangjian.core.models import AuditAction, Job
from dangjian.reports import selectors

KIND = "reports.metric_export"
RESULT_FILE = "records.xlsx"


def metric_export_submit(*, actor: Actor, metric_id: str, year: int, org_id=None, q: str = "") -> Job:
    """Check the metric and the scope (404) before a job exists, then start it."""
    scope = selectors.report_scope(actor=actor, org_id=org_id)
    metric = selectors.metric_get(metric_id=metric_id)
    return job_submit(
        actor=actor,
        kind=KIND,
        title=f"导出指标明细：{metric.label}（{year}年，{scope.label}{'，含“' + q + '”' if q else ''}）",
        params={"metric": metric_id, "year": year, "org": scope.org_id, "q": q},
    )


def _cell(value):
    """A drill-down value as Excel holds it: numbers, dates (local wall-clock time), text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value if value is None or isinstance(value, (str, int, float, bool, dt.date)) else str(value)


@job_handler(KIND)
def metric_export(job: Job, progress: Progress) -> None:
    actor, params = job.created_by, job.params or {}
    try:
        scope = selectors.report_scope(actor=actor, org_id=params.get("org"))
    except Http404:
        raise NotFound()
    year = int(params["year"])
    metric, result = selectors.metric_records(
        scope=scope, period=Period.year(year), metric_id=params["metric"]
    )
    columns = result.columns or {"记录": "__str__"}
    found: Records = result.queryset if result.queryset is not None else []
    if params.get("q"):
        found = selectors.records_matching(found, columns, params["q"])
    records = list(found)
    progress.total(len(records))
    rows = [[_cell(selectors.resolve(r, path)) for path in columns.values()] for r in records]
    title = f"{metric.label}：{result.value}{metric.unit}（{year}年，{scope.label}，共{len(rows)}条）"
    excel.write_workbook(
        [excel.SheetSpec("明细", [excel.Column(c, width=20) for c in columns], title=title, rows=rows)],
        target=str(job_dir(job) / RESULT_FILE),
    )
    job.result_file, job.result_name = RESULT_FILE, f"{metric.label}-{year}-{scope.label}.xlsx"[:120]
    job.result = {"rows": len(rows)}
    job.message = f"已导出 {len(rows)} 条记录。"
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="reports.metric",
        object_repr=f"指标明细导出 {metric.label} {len(rows)} 条"[:200],
        org_path=scope.path,
        changes={"metric": [None, metric.id], "year": [None, year], "rows": [None, len(rows)]},
    )
