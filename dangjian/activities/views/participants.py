"""Who took part, on any activity's page: the participants part (`panel`, rendered by the partial
activities/_participants.html that trainings, campaigns and events pages include), adding people
from the roster (a subtree with a filter, people picked one by one, a saved list), guests who are
not on the roster, marking attendance in bulk, one row's change or removal, the .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangjian.activities import exports, forms, selectors, services
from dangjian.activities.enums import ParticipantRole, ParticipationStatus
from dangjian.activities.models import Activity
from dangjian.core import excel
from dangjian.core.errors import ApplicationError
from dangjian.core.forms import apply_error, run_service, run_service_message
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping

PAGE_SIZE = 50


def can_register(user, activity: Activity) -> bool:
    """Whether to offer the add and mark forms: the organiser's writers, or anyone who writes some
    subtree (a branch registers its own members in an activity open to it; the service decides)."""
    return scoping.can_write_path(user, activity.organization.path) or bool(
        scoping.scope_of(user).write_paths
    )


def panel(request, activity: Activity, *, next_url: str = "") -> dict:
    """The context of activities/_participants.html: counts, one page of rows (filtered by status
    or name), the forms. `next_url`: where the forms' posts return (the including page)."""
    status = request.GET.get("pstatus", "")
    status = status if status in ParticipationStatus.values else ""
    q = (request.GET.get("pq") or "").strip()[:50]
    rows = selectors.participants(actor=request.user, activity=activity, status=status, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("ppage"))
    return {
        "part_activity": activity,
        "part_summary": selectors.activity_summary(activity),
        "part_page": page,
        "part_status": status,
        "part_q": q,
        "part_statuses": ParticipationStatus.choices,
        "part_roles": ParticipantRole.choices,
        "part_can_write": scoping.can_write_path(request.user, activity.organization.path),
        "part_can_register": can_register(request.user, activity),
        "part_next": next_url or request.get_full_path(),
    }


def _back(request, activity: Activity):
    nxt = request.POST.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("activities:detail", activity.pk)


def add(request, activity_id):
    """The add page: a subtree with filters, people picked by name or from a saved list, guests."""
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    scoping.require(can_register(user, activity))
    mode = request.POST.get("mode", "")
    roster = forms.RosterAddForm(request.POST if mode == "roster" else None, user=user)
    pick = forms.PickAddForm(request.POST if mode == "pick" else None)
    guest = forms.GuestForm(request.POST if mode == "guest" else None)
    if request.method == "POST":
        done = None
        if mode == "roster" and roster.is_valid():
            d = roster.cleaned_data
            done = run_service(
                roster,
                services.participants_from_roster,
                field_map={"person_ids": None},
                actor=user,
                activity=activity,
                org=d["org"],
                statuses=d["member_statuses"],
                unit=d["unit"],
                role=d["role"],
                status=d["status"],
            )
        elif mode == "pick" and pick.is_valid():
            done = _add_picked(user, activity, pick)
        elif mode == "guest" and guest.is_valid():
            d = guest.cleaned_data
            row = run_service(guest, services.guest_add, actor=user, activity=activity, **d)
            done = [row] if row is not None else None
        if done is not None:
            messages.success(request, f"已添加{len(done)}名参加人员。")
            return _back(request, activity)
    q = (request.GET.get("q") or "").strip()[:50]
    candidates = selectors.roster_candidates(actor=user, activity=activity, q=q) if q else []
    return render(
        request,
        "activities/participants_add.html",
        {
            "activity": activity,
            "roster": roster,
            "pick": pick,
            "guest": guest,
            "q": q,
            "candidates": candidates,
            "saved_lists": selectors.saved_lists(actor=user),
            "next": request.GET.get("next") or request.POST.get("next") or "",
        },
        status=400 if request.method == "POST" else 200,
    )


def _add_picked(user, activity: Activity, form: forms.PickAddForm):
    d = form.cleaned_data
    ids = list(d["person_ids"])
    if d.get("saved_list"):
        ids += [i for i in selectors.access_saved_list(user, d["saved_list"]).person_ids if i not in ids]
    if not ids:
        form.add_error(None, "请选择参加人员。")
        return None
    try:
        rows = services.participants_add(
            actor=user,
            activity=activity,
            person_ids=ids,
            role=d["role"],
            status=d["status"],
            added_by="roster",
        )
        if d.get("list_name"):
            services.saved_list_save(actor=user, name=d["list_name"], person_ids=ids)
    except ApplicationError as e:
        apply_error(form, e, {"person_ids": None})
        return None
    return rows


@require_POST
def mark(request, activity_id):
    """Bulk attendance: the ticked rows get one status."""
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    ids = [int(i) for i in request.POST.getlist("rows") if i.isdigit()]
    n, error = run_service_message(
        services.attendance_mark,
        actor=user,
        activity=activity,
        status=request.POST.get("status", ""),
        participation_ids=ids,
    )
    if error:
        messages.error(request, error)
    else:
        label = dict(ParticipationStatus.choices).get(request.POST.get("status", ""), "")
        messages.success(request, f"已将{n}人登记为“{label}”。")
    return _back(request, activity)


@require_POST
def row_update(request, activity_id, row_id):
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    row = selectors.access_participation(user, row_id)
    if row.activity_id != activity.pk:
        return render(request, "404.html", status=404)
    form = forms.RowForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return _back(request, activity)
    _r, error = run_service_message(
        services.participation_update, actor=user, participation=row, **form.cleaned_data
    )
    messages.error(request, error) if error else messages.success(
        request, f"已更新{row.display_name}的参加情况。"
    )
    return _back(request, activity)


@require_POST
def row_remove(request, activity_id, row_id):
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    row = selectors.access_participation(user, row_id)
    if row.activity_id != activity.pk:
        return render(request, "404.html", status=404)
    _r, error = run_service_message(services.participation_remove, actor=user, participation=row)
    messages.error(request, error) if error else messages.success(request, f"已移除{row.display_name}。")
    return _back(request, activity)


@require_GET
def export(request, activity_id):
    """The participants of an activity as .xlsx (ID numbers masked)."""
    activity = selectors.access_activity(request.user, activity_id)
    rows = selectors.participants(actor=request.user, activity=activity)
    response = HttpResponse(exports.participants_workbook(activity, rows), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(f"{activity.title[:60]}-参加人员.xlsx")
    return response


# --- saved lists ---------------------------------------------------------------------------


@require_GET
def saved_list_page(request):
    return render(
        request, "activities/saved_lists.html", {"lists": selectors.saved_lists(actor=request.user)}
    )


@require_POST
def saved_list_delete(request, list_id):
    saved = selectors.access_saved_list(request.user, list_id)
    services.saved_list_delete(actor=request.user, saved=saved)
    messages.success(request, f"已删除名单“{saved.name}”。")
    return redirect(reverse("activities:saved_lists"))


@require_POST
def save_as_list(request, activity_id):
    """Save the roster people of an activity as one of the user's lists."""
    user = request.user
    activity = selectors.access_activity(user, activity_id)
    ids = list(
        selectors.participants(actor=user, activity=activity, guests=False).values_list(
            "person_id", flat=True
        )
    )
    saved, error = run_service_message(
        services.saved_list_save, actor=user, name=request.POST.get("list_name", ""), person_ids=ids
    )
    messages.error(request, error) if error else messages.success(
        request, f"已保存名单“{saved.name}”（{len(ids)}人）。"
    )
    return _back(request, activity)
