"""Pages of the problem ledger (问题清单与整改): the list with filters, a problem with its workflow
steps and timeline, the overdue and due-soon queues, per-unit progress with a chart, the ledger
export and the import of problem lists. Thin: reads through selectors, writes through services;
outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import excel, workflow
from dangjian.core.errors import ApplicationError
from dangjian.core.forms import run_service
from dangjian.core.views import imports as import_views
from dangjian.organizations import scoping
from dangjian.problems import errors, exports, imports, rules, services
from dangjian.problems import selectors as sx
from dangjian.problems.forms import AttachmentForm, FilterForm, ProblemEditForm, ProblemForm
from dangjian.problems.workflows import RECTIFICATION

PAGE_SIZE = 50
QUEUE_ROWS = 50


def _require_subtree(user) -> None:
    scoping.require(bool(scoping.scope_of(user).read_paths))


def _filters(request) -> tuple[FilterForm, sx.Filters]:
    form = FilterForm(request.GET or None)
    f = sx.Filters()
    if form.is_valid():
        d = form.cleaned_data
        f = sx.Filters(
            status=d["status"],
            source=d["source"],
            year=d["year"],
            unit_id=d["unit"],
            queue=d["queue"],
            q=d["q"].strip(),
        )
    return form, f


def _form_messages(form) -> list[str]:
    return [str(m) for errs in form.errors.values() for m in errs]


def problem_list(request):
    user = request.user
    _require_subtree(user)
    today = timezone.localdate()
    form, f = _filters(request)
    page = Paginator(sx.problem_list(actor=user, filters=f, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    sx.mark_overdue(page.object_list, today)
    return render(
        request,
        "problems/problem_list.html",
        {
            "form": form,
            "page": page,
            "counts": sx.queue_counts(actor=user, today=today),
            "may_assign": scoping.may_assign_problems(user),
            "query": request.GET.urlencode(),
        },
    )


def problem_create(request):
    user = request.user
    if not scoping.may_assign_problems(user):
        raise PermissionDenied(errors.ERR_NO_WRITE)
    form = ProblemForm(request.POST or None, actor=user)
    if request.method == "POST" and form.is_valid():
        problem = run_service(form, services.problem_create, actor=user, **form.cleaned_data)
        if problem is not None:
            messages.success(request, f"已交办问题，整改时限{problem.deadline:%Y年%m月%d日}。")
            return redirect("problems:detail", problem.pk)
    return render(request, "problems/problem_form.html", {"form": form})


def _steps(problem, user) -> dict:
    panel = workflow.panel(
        problem, user, workflow=RECTIFICATION, action_url=reverse("problems:transition", args=[problem.pk])
    )
    panel["reopen"] = any(s.name == "reopen" for s in panel["steps"])
    return panel


def problem_detail(request, problem_id):
    user = request.user
    _require_subtree(user)
    problem = sx.problem_get(actor=user, problem_id=problem_id)
    today = timezone.localdate()
    sx.mark_overdue([problem], today)
    owner, verifier = scoping.may_rectify_problem(user, problem), scoping.may_verify_problem(user, problem)
    edit_form = None
    if problem.is_open and (owner or verifier):
        edit_form = ProblemEditForm(
            initial={k: getattr(problem, k) for k in ("measures", "responsible", "progress", "deadline")},
            may_move_deadline=verifier,
        )
    return render(
        request,
        "problems/problem_detail.html",
        {
            "problem": problem,
            "wf": _steps(problem, user),
            "edit_form": edit_form,
            "attach_form": AttachmentForm() if owner or verifier else None,
            "attachments": problem.attachments.all(),
            "due_soon": problem.is_open and today <= problem.deadline <= rules.due_soon_until(today),
        },
    )


@require_POST
def problem_transition(request, problem_id):
    user = request.user
    _require_subtree(user)
    problem = sx.problem_get(actor=user, problem_id=problem_id)
    name = request.POST.get("transition", "")
    deadline = None
    if request.POST.get("deadline"):
        try:
            deadline = excel.cell_date(request.POST["deadline"])
        except ValueError as e:
            messages.error(request, f"新的整改时限：{e}")
            return redirect("problems:detail", problem.pk)
    try:
        services.problem_transition(
            actor=user,
            problem=problem,
            name=name,
            note=request.POST.get("note", "")[:2000],
            deadline=deadline,
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=RECTIFICATION.transition(name).label))
    return redirect("problems:detail", problem.pk)


@require_POST
def problem_edit(request, problem_id):
    user = request.user
    _require_subtree(user)
    problem = sx.problem_get(actor=user, problem_id=problem_id)
    verifier = scoping.may_verify_problem(user, problem)
    scoping.require(verifier or scoping.may_rectify_problem(user, problem))
    form = ProblemEditForm(request.POST, may_move_deadline=verifier)
    if form.is_valid():
        if (
            run_service(form, services.problem_update, actor=user, problem=problem, **form.cleaned_data)
            is not None
        ):
            messages.success(request, "已保存。")
            return redirect("problems:detail", problem.pk)
    for message in _form_messages(form):
        messages.error(request, message)
    return redirect("problems:detail", problem.pk)


@require_POST
def attachment_upload(request, problem_id):
    user = request.user
    _require_subtree(user)
    problem = sx.problem_get(actor=user, problem_id=problem_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.attachments.MAX_BYTES:
            messages.error(
                request, errors.ERR_ATTACHMENT_SIZE.format(mb=services.attachments.MAX_BYTES // 2**20)
            )
            return redirect("problems:detail", problem.pk)
        att = run_service(
            form, services.attachment_add, actor=user, problem=problem, name=upload.name, data=upload.read()
        )
        if att is not None:
            messages.success(request, f"已上传附件“{att.name}”。")
            return redirect("problems:detail", problem.pk)
    for message in _form_messages(form):
        messages.error(request, message)
    return redirect("problems:detail", problem.pk)


def attachment_download(request, problem_id, attachment_id):
    user = request.user
    _require_subtree(user)
    problem = sx.problem_get(actor=user, problem_id=problem_id)
    att = sx.attachment_get(actor=user, problem=problem, attachment_id=attachment_id)
    response = FileResponse(open(services.attachment_path(att), "rb"), content_type=att.content_type)
    response["Content-Disposition"] = excel.content_disposition(att.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def queues(request):
    """The overdue and due-soon queues: owners see their own problems, the committee all."""
    user = request.user
    _require_subtree(user)
    today = timezone.localdate()
    base = sx.problem_list(actor=user, today=today)
    overdue = sx.mark_overdue(list(base.filter(sx.overdue_q(today))[:QUEUE_ROWS]), today)
    due_soon = list(base.filter(sx.due_soon_q(today))[:QUEUE_ROWS])
    return render(
        request,
        "problems/queues.html",
        {
            "today": today,
            "counts": sx.queue_counts(actor=user, today=today),
            "overdue": overdue,
            "due_soon": due_soon,
            "due_soon_until": rules.due_soon_until(today),
            "days": rules.DUE_SOON_WORKING_DAYS,
            "limit": QUEUE_ROWS,
        },
    )


def progress(request):
    """Per-unit rectification progress, with a chart of the rates (lowest first)."""
    user = request.user
    _require_subtree(user)
    today = timezone.localdate()
    form, f = _filters(request)
    rows = sx.unit_progress(actor=user, today=today, year=f.year, source=f.source)
    base = reverse("problems:list")
    chart_rows = rows[:30]
    chart = {
        "id": "chart-problem-units",
        "title": "整改销号率最低的单位（%）" if len(rows) > len(chart_rows) else "各单位整改销号率（%）",
        "horizontal": True,
        "categories": [r["unit__name"] for r in chart_rows],
        "values": [r["rate"] for r in chart_rows],
        "links": [f"{base}?unit={r['unit_id']}" for r in chart_rows],
    }
    return render(
        request,
        "problems/progress.html",
        {"form": form, "rows": rows, "totals": sx.progress_totals(rows), "chart": chart if rows else None},
    )


def export(request):
    user = request.user
    _require_subtree(user)
    _form, f = _filters(request)
    data, _n = exports.ledger_workbook(actor=user, filters=f, today=timezone.localdate())
    response = HttpResponse(data, content_type=import_views.XLSX)
    response["Content-Disposition"] = excel.content_disposition(exports.FILENAME)
    return response


# --- import ------------------------------------------------------------------------------------


def _require_assigner(request) -> None:
    if not scoping.may_assign_problems(request.user):
        raise PermissionDenied(errors.ERR_NO_WRITE)


FLOW = import_views.ImportFlow(
    validate_kind=imports.VALIDATE_KIND,
    submit=imports.problem_import_submit,
    commit_submit=imports.problem_commit_submit,
    require_writer=_require_assigner,
    template_workbook=imports.template_workbook,
    template_name="问题清单导入模板.xlsx",
    columns=imports.template_columns,
    upload_template="problems/import.html",
    result_template="problems/import_result.html",
    upload_url="problems:import",
    result_url="problems:import_result",
    commit_url="problems:import_commit",
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
