"""Roster import pages: upload (dry run), result with errors and error workbook, confirm (commit).
Thin wrappers around core.views.imports."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.core.views import imports as import_views
from dangjian.organizations import scoping
from dangjian.people import imports
from dangjian.people.accounts import accounts_for_people_submit


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise PermissionDenied(imports.ERR_NO_WRITE_SCOPE)


FLOW = import_views.ImportFlow(
    validate_kind=imports.VALIDATE_KIND,
    submit=imports.roster_import_submit,
    commit_submit=imports.roster_commit_submit,
    require_writer=_require_writer,
    template_workbook=imports.template_workbook,
    template_name="党员名册导入模板.xlsx",
    columns=lambda: [c for c in imports.COLUMNS if c.in_template],
    upload_template="people/import.html",
    result_template="people/import_result.html",
    upload_url="people:import",
    result_url="people:import_result",
    commit_url="people:import_commit",
)


def import_page(request):
    return import_views.upload_page(request, FLOW)


def import_template(request):
    return import_views.template_download(request, FLOW)


def import_result(request, job_id):
    return import_views.result_page(request, FLOW, job_id)


@require_POST
def import_commit(request, job_id):
    return import_views.commit(request, FLOW, job_id)


@require_POST
def import_accounts(request, job_id):
    """Accounts for the members a committed import added: the people its commit job created."""
    vjob = import_views.validate_job(request, FLOW, job_id)
    commit_id = (vjob.result or {}).get("commit_job")
    commit = Job.objects.filter(pk=commit_id, created_by=request.user).first() if commit_id else None
    if commit is None or commit.started_at is None or commit.finished_at is None:
        raise Http404("任务不存在。")
    created = AuditEvent.objects.filter(
        actor=request.user,
        action=AuditAction.CREATE,
        object_type="people.person",
        at__gte=commit.started_at,
        at__lte=commit.finished_at,
    ).values_list("object_id", flat=True)
    job = accounts_for_people_submit(
        actor=request.user,
        person_ids=[int(i) for i in created],
        title=f"为导入的党员开通账号：{vjob.params.get('filename', '')}",
    )
    return redirect("core:job", job.pk)
