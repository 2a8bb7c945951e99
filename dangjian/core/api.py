"""API: background jobs (only their creator sees them)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.cache import never_cache
from ninja import Router, Schema
from ninja.decorators import decorate_view

from dangjian.core import jobs
from dangjian.core.models import Job
from dangjian.core.schemas import Id

router = Router(tags=["后台任务"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    status_label: str
    progress: int
    total: int
    percent: int
    message: str
    result: dict
    result_name: str
    download_url: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: Job) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_download_url(obj: Job) -> str | None:
        return reverse("api:job_download", args=[obj.pk]) if obj.result_file else None


@router.get("/jobs/{job_id}", response=JobOut, summary="查询后台任务")
def job_detail(request, job_id: Id):
    return jobs.job_get(actor=request.auth, job_id=job_id)


@router.get("/jobs/{job_id}/download", url_name="job_download", summary="下载任务结果文件")
@decorate_view(never_cache)  # exports and error reports may hold full ID numbers
def job_download(request, job_id: Id):
    job = jobs.job_get(actor=request.auth, job_id=job_id)
    if not job.result_file:
        raise Http404("没有可下载的文件。")
    path = jobs.job_dir(job) / job.result_file
    if not path.exists():
        raise Http404("文件已清理，请重新生成。")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or job.result_file)
