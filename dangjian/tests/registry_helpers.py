"""Shared helpers of the registry apps' tests: an .xlsx upload made of rows, run through an import."""

from __future__ import annotations

from dangjian.core import excel


def workbook(sheet: str, headers: list[str], rows: list[list]) -> bytes:
    data = excel.write_workbook([excel.SheetSpec(sheet, [excel.Column(h) for h in headers], rows=rows)])
    assert data is not None
    return data


def run_import(spec, actor, data: bytes):
    """Dry run then (when it passed) commit, synchronously (JOBS_MODE=sync): (validate job, commit job)."""
    job = spec.submit(actor=actor, data=data, filename="t.xlsx")
    job.refresh_from_db()
    if job.result.get("error_count") or job.result.get("file_error"):
        return job, None
    commit = spec.commit_submit(actor=actor, validate_job=job)
    commit.refresh_from_db()
    return job, commit
