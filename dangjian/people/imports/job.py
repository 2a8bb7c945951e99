"""The background jobs of a roster import: the upload starts the dry run, its confirmation the commit."""

from __future__ import annotations

from django.urls import reverse

from dangjian.core import bulk, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.models import Job
from dangjian.organizations import scoping
from dangjian.people.imports.columns import COMMIT_KIND, ERR_NO_WRITE_SCOPE, VALIDATE_KIND
from dangjian.people.imports.commit import roster_commit
from dangjian.people.imports.plan import plan_load, plan_store
from dangjian.people.imports.validate import error_workbook, validate_upload


def roster_import_submit(*, actor: Actor, data: bytes, filename: str) -> Job:
    """Check the upload (empty / too big / not xlsx / junk are refused before any job exists), store it
    under MEDIA_ROOT/uploads/<random>.xlsx and start the validation job (a dry run: writes no data)."""
    if not scoping.scope_of(actor).write_paths:
        raise ApplicationError(ERR_NO_WRITE_SCOPE)
    return core_imports.import_submit(
        actor=actor,
        data=data,
        filename=filename,
        kind=VALIDATE_KIND,
        title="名册导入校验",
        default_name="名册.xlsx",
    )


def result_url(job: Job) -> str:
    return reverse("people:import_result", args=[job.pk])


@jobs.job_handler(VALIDATE_KIND)
def _validate_job(job: Job, progress: jobs.Progress) -> None:
    data = core_imports.upload_read(job.params)
    with bulk.gc_paused():
        validation = validate_upload(
            actor=job.created_by, data=data, progress=progress.set, on_total=progress.total
        )
        plan_store(job, validation, actor=job.created_by, data=data)
    core_imports.record_validation(
        job,
        rows=validation.rows,
        errors=validation.errors,
        has_sheet=validation.roster is not None,
        counts={"create": validation.creates, "update": validation.updates},
        write_errors=lambda target: error_workbook(validation, target=target),
        error_name="名册导入错误报告.xlsx",
        ok_message=f"校验通过：共{validation.rows}行，将新增{validation.creates}人，更新{validation.updates}人。",
        next_url=result_url(job),
    )


def roster_commit_submit(*, actor: Actor, validate_job: Job) -> Job:
    """Start the commit of a validated upload: only the actor's own, error-free, not yet committed
    validation."""
    return core_imports.commit_submit(
        actor=actor,
        validate_job=validate_job,
        validate_kind=VALIDATE_KIND,
        commit_kind=COMMIT_KIND,
        title="名册导入",
    )


@jobs.job_handler(COMMIT_KIND)
def _commit_job(job: Job, progress: jobs.Progress) -> None:
    def commit(*, actor: Actor, data: bytes, **kwargs) -> dict:  # with the dry run's plan when still valid
        plan = plan_load(job.params["validate_job"], actor=actor, data=data)
        return roster_commit(actor=actor, data=data, plan=plan, **kwargs)

    with bulk.gc_paused():
        counts = core_imports.run_commit(
            job, progress, validate_kind=VALIDATE_KIND, commit=commit, result_url=result_url
        )
    job.message = f"导入完成：新增{counts['created']}人，更新{counts['updated']}人。"
