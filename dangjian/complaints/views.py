"""Pages of conduct complaints.

Public (no login): the report form, which answers with the query code once, and the tracking page,
which opens a complaint by its code (wrong codes are counted per address and then refused). Both are
rate-limited (complaints/throttle.py) and send `Cache-Control: no-store`.

Staff: the list with its queues, a complaint with its steps and timeline, the reporter's identity
(the assigned inspector only, logged) and the attachments (discipline staff, logged)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from dangjian.complaints import errors, selectors, services, throttle, uploads
from dangjian.complaints.enums import ComplaintCategory, ComplaintStatus
from dangjian.complaints.forms import ReportForm, TrackForm
from dangjian.complaints.workflows import COMPLAINT
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, NotFound, get_or_404
from dangjian.core.excel import content_disposition
from dangjian.core.forms import apply_error
from dangjian.organizations import scoping

PAGE_SIZE = 50


def _private(response):
    add_never_cache_headers(response)
    # same-origin, not no-referrer: with no-referrer the browser posts the next form with
    # "Origin: null" and the CSRF check refuses it.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
def report(request):
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > uploads.max_request_bytes():
            form.add_error(
                None, errors.ERR_REQUEST_TOO_BIG.format(mb=uploads.max_request_bytes() // (1024 * 1024))
            )
            status = 413
        elif form.is_valid():
            try:
                throttle.submit_allowed(throttle.client_ip(request))
                done = services.complaint_submit(
                    **form.cleaned_data, attachments=request.FILES.getlist("attachments")
                )
            except throttle.RateLimited as e:
                form.add_error(None, e.message)
                status = 429
            except ApplicationError as e:
                apply_error(form, e)
                if e.field == "attachments":
                    form.add_error(None, e.message)
                status = 400
            else:
                return _private(render(request, "complaints/public_done.html", {"done": done}))
        else:
            status = 400
    return _private(render(request, "complaints/public_report.html", {"form": form}, status=status))


@login_not_required
def track(request):
    form = TrackForm(request.POST or None)
    complaint, status = None, 200
    if request.method == "POST" and form.is_valid():
        ip = throttle.client_ip(request)
        try:
            throttle.track_allowed(ip)
            complaint = services.complaint_track(code=form.cleaned_data["code"])
        except throttle.RateLimited as e:
            form.add_error("code", e.message)
            status = 429
        except NotFound:
            throttle.track_failed(ip)
            form.add_error("code", errors.ERR_CODE)
            status = 404
    context = {
        "form": form,
        "complaint": complaint,
        "steps": selectors.public_steps(complaint) if complaint else [],
    }
    return _private(render(request, "complaints/public_track.html", context, status=status))


# --- staff ------------------------------------------------------------------------------------


def complaint_list(request):
    user = request.user
    scoping.require(scoping.handles_complaints(user))
    status = request.GET.get("status", "")
    status = status if status in ComplaintStatus.values else ""
    queue = request.GET.get("queue", "")
    qs = selectors.complaint_list(actor=user, status=status, queue=queue)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "page": page,
            "status": status,
            "queue": queue,
            "statuses": ComplaintStatus.choices,
            "discipline": scoping.is_discipline(user),
        },
    )


def complaint_detail(request, complaint_id):
    user = request.user
    complaint = selectors.complaint_get(actor=user, complaint_id=complaint_id)
    panel = workflow.panel(
        complaint, user, workflow=COMPLAINT, action_url=reverse("complaints:step", args=[complaint.pk])
    )
    discipline = scoping.discipline_over(user, complaint)
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "c": complaint,
            "panel": panel,
            "discipline": discipline,
            "may_see_reporter": scoping.may_see_reporter(user, complaint),
            "attachments": list(complaint.attachments.all()) if discipline else [],
            "categories": ComplaintCategory.choices,
            "handlers": selectors.handler_choices(actor=user) if discipline else [],
        },
    )


@require_POST
def complaint_step(request, complaint_id):
    user = request.user
    complaint = selectors.complaint_get(actor=user, complaint_id=complaint_id)
    name = request.POST.get("transition", "")
    handler = None
    if request.POST.get("handler"):
        try:
            handler = get_or_404(selectors.handler_choices(actor=user), int(request.POST["handler"]))
        except (ValueError, NotFound):
            handler = None
    try:
        services.complaint_step(
            actor=user,
            complaint=complaint,
            name=name,
            note=request.POST.get("note", "")[:1000],
            category=request.POST.get("category", ""),
            handler=handler,
            text=request.POST.get("text", "")[:5000],
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=COMPLAINT.transition(name).label))
    return redirect("complaints:detail", complaint.pk)


@require_POST
def reporter(request, complaint_id):
    user = request.user
    complaint = selectors.complaint_get(actor=user, complaint_id=complaint_id)
    identity = services.reporter_reveal(actor=user, complaint=complaint)
    return _private(render(request, "complaints/reporter.html", {"c": complaint, "identity": identity}))


def attachment(request, complaint_id, attachment_id):
    user = request.user
    complaint = selectors.complaint_get(actor=user, complaint_id=complaint_id)
    row = services.attachment_open(actor=user, complaint=complaint, attachment_id=attachment_id)
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["Content-Disposition"] = content_disposition(row.name)
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
