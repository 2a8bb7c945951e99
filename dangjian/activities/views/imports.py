"""Participants import pages: upload (dry run), result with errors and error workbook, confirm
(commit). Thin wrappers around core.views.imports."""

from django.views.decorators.http import require_POST

from dangjian.activities import imports
from dangjian.core.errors import Forbidden
from dangjian.core.views import imports as import_views
from dangjian.organizations import scoping


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise Forbidden(imports.errors.ERR_IMPORT_NO_WRITE)


FLOW = import_views.ImportFlow(
    validate_kind=imports.VALIDATE_KIND,
    submit=imports.import_submit,
    commit_submit=imports.commit_submit,
    require_writer=_require_writer,
    template_workbook=imports.template_workbook,
    template_name="活动参加人员导入模板.xlsx",
    columns=lambda: imports.COLUMNS,
    upload_template="activities/import.html",
    result_template="activities/import_result.html",
    upload_url="activities:import",
    result_url="activities:import_result",
    commit_url="activities:import_commit",
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
