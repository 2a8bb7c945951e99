"""Pages of the masses work: internship posts (list by year and unit, export, offer, applications
and placements, import) and the suggestion drive (list, export, record, adopt, import). Thin: reads through
selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.core.views import imports as import_views
from dangjian.core.views.imports import XLSX
from dangjian.masses import exports, selectors, services
from dangjian.masses.forms import AdoptForm, ApplicationForm, DecideForm, PostForm, SuggestionForm, YearFilter
from dangjian.masses.imports import REGISTRY_IMPORT, SUGGESTION_IMPORT
from dangjian.organizations import scoping

PAGE_SIZE = 50


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name)
    return response


def _filters(request) -> tuple[YearFilter, dict]:
    scoping.require(scoping.reads_subtree(request.user))
    f = YearFilter(request.GET or None)
    return f, (f.cleaned_data if f.is_valid() else {})


def _posts(request):
    f, data = _filters(request)
    return f, selectors.post_list(
        actor=request.user, year=data.get("year"), unit_id=data.get("unit"), q=data.get("q") or ""
    )


def post_list(request):
    f, qs = _posts(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "masses/post_list.html",
        {
            "filter": f,
            "page": page,
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
        },
    )


def post_export(request):
    _f, qs = _posts(request)
    return _xlsx(exports.posts_workbook(qs), "实习岗位台账.xlsx")


def post_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = PostForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        post = run_service(form, services.post_create, actor=request.user, **form.cleaned_data)
        if post is not None:
            messages.success(request, f"已发布实习岗位“{post.title}”。")
            return redirect("masses:post_detail", post.pk)
    return render(
        request, "masses/form.html", {"form": form, "title": "发布实习岗位", "back": "masses:posts"}
    )


def post_detail(request, post_id):
    scoping.require(scoping.reads_subtree(request.user))
    post = selectors.post_get(actor=request.user, post_id=post_id)
    may_write = scoping.can_write_path(request.user, post.organization.path)
    form = ApplicationForm(initial={"applied_on": post.offered_on})
    if request.method == "POST":
        scoping.require(may_write)
        if request.POST.get("form") == "decide":
            decide = DecideForm(request.POST)
            if decide.is_valid():
                app = selectors.application_get(
                    actor=request.user, application_id=decide.cleaned_data["application"]
                )
                if app.post_id == post.pk and run_service(
                    decide,
                    services.application_decide,
                    actor=request.user,
                    application=app,
                    status=decide.cleaned_data["status"],
                    placed_on=decide.cleaned_data["placed_on"],
                ):
                    messages.success(request, "已处理。")
                    return redirect("masses:post_detail", post.pk)
            messages.error(
                request, "；".join(str(e) for errs in decide.errors.values() for e in errs) or "处理失败。"
            )
            return redirect("masses:post_detail", post.pk)
        form = ApplicationForm(request.POST)
        if form.is_valid() and run_service(
            form, services.application_create, actor=request.user, post=post, **form.cleaned_data
        ):
            messages.success(request, "已登记申请。")
            return redirect("masses:post_detail", post.pk)
    return render(
        request,
        "masses/post_detail.html",
        {
            "post": post,
            "applications": post.applications.order_by("applied_on", "id"),
            "may_write": may_write,
            "form": form,
            "decide": DecideForm(),
        },
    )


# --- suggestions --------------------------------------------------------------------------------


def _suggestions(request):
    f, data = _filters(request)
    adopted = {"1": True, "0": False}.get(data.get("adopted") or "")
    return f, selectors.suggestion_list(
        actor=request.user, year=data.get("year"), adopted=adopted, q=data.get("q") or ""
    )


def suggestion_list(request):
    f, qs = _suggestions(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "masses/suggestion_list.html",
        {
            "filter": f,
            "page": page,
            "adopted": qs.filter(adopted=True).count(),
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
        },
    )


def suggestion_export(request):
    _f, qs = _suggestions(request)
    return _xlsx(exports.suggestions_workbook(qs), "建言献策台账.xlsx")


def suggestion_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = SuggestionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        row = run_service(form, services.suggestion_create, actor=request.user, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"已登记建议“{row.topic}”。")
            return redirect("masses:suggestion_detail", row.pk)
    return render(
        request, "masses/form.html", {"form": form, "title": "登记建言献策", "back": "masses:suggestions"}
    )


def suggestion_detail(request, suggestion_id):
    scoping.require(scoping.reads_subtree(request.user))
    row = selectors.suggestion_get(actor=request.user, suggestion_id=suggestion_id)
    may_write = scoping.can_write_path(request.user, row.organization.path)
    form = AdoptForm()
    if request.method == "POST":
        scoping.require(may_write)
        form = AdoptForm(request.POST)
        if form.is_valid() and run_service(
            form,
            services.suggestion_adopt,
            actor=request.user,
            suggestion=row,
            adopted_on=form.cleaned_data["adopted_on"],
            note=form.cleaned_data["note"],
        ):
            messages.success(request, "已标记为采纳。")
            return redirect("masses:suggestion_detail", row.pk)
    return render(
        request,
        "masses/suggestion_detail.html",
        {"row": row, "form": form if may_write and not row.adopted else None},
    )


# --- import -----------------------------------------------------------------------------------

FLOW = REGISTRY_IMPORT.flow(
    upload_template="masses/import.html", result_template="masses/import_result.html", urls="masses:import"
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


SUGGESTION_FLOW = SUGGESTION_IMPORT.flow(
    upload_template="masses/suggestion_import.html",
    result_template="masses/suggestion_import_result.html",
    urls="masses:suggestion_import",
)


def suggestion_import_page(request):
    return import_views.upload_page(request, SUGGESTION_FLOW)


def suggestion_import_template(request):
    return import_views.template_download(request, SUGGESTION_FLOW)


def suggestion_import_result(request, job_id):
    return import_views.result_page(request, SUGGESTION_FLOW, job_id)


@require_POST
def suggestion_import_commit(request, job_id):
    return import_views.commit(request, SUGGESTION_FLOW, job_id)
