"""Pages of transfers (组织关系转接), the 6-month flag and mobile members (流动党员). Thin: reads
through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, get_or_404
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.enums import PARTY_MEMBER_STATUSES
from dangjian.people.membership import MEMBER_ORG_KINDS
from dangjian.people.models import Person
from dangjian.transfers import documents, selectors, services
from dangjian.transfers.enums import TransferKind, TransferStatus
from dangjian.transfers.forms import (
    CheckForm,
    MobileForm,
    NoteForm,
    ResultForm,
    TransferInForm,
    TransferStartForm,
)
from dangjian.transfers.workflows import TRANSFER

PAGE_SIZE = 50


def _require_subtree(user) -> None:
    scoping.require(scoping.reads_subtree(user))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def transfer_list(request):
    user = request.user
    _require_subtree(user)
    today = timezone.localdate()
    box = request.GET.get("box") or "all"
    if box not in selectors.BOXES:
        box = "all"
    kind = request.GET.get("kind", "") if request.GET.get("kind") in TransferKind.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in TransferStatus.values else ""
    rows = selectors.transfer_list(actor=user, box=box, kind=kind, status=status, today=today)
    if request.GET.get("format") == "xlsx":
        data = documents.transfers_xlsx(
            actor=user, rows=rows[:20000], title=f"组织关系转接（{selectors.BOXES[box]}）"
        )
        return _xlsx(data, f"组织关系转接_{today:%Y%m%d}.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "transfers/transfer_list.html",
        {
            "page": page,
            "box": box,
            "boxes": selectors.BOXES,
            "counts": selectors.transfer_counts(actor=user, today=today),
            "kind": kind,
            "status": status,
            "kinds": TransferKind.choices,
            "statuses": TransferStatus.choices,
            "today": today,
            "can_write": scoping.writes_subtree(user),
        },
    )


def _targets():
    return PartyOrganization.objects.filter(is_active=True, kind__in=MEMBER_ORG_KINDS).order_by("path")


def transfer_start(request):
    """Pick a member (search in the write scope), then fill in the transfer."""
    user = request.user
    scoping.require(scoping.writes_subtree(user))
    person_id = request.GET.get("person") or request.POST.get("person")
    if not person_id:
        q = (request.GET.get("q") or "").strip()[:50]
        found = []
        if q:
            found = list(
                Person.objects.filter(
                    scoping.person_q(user, write=True), membership__status__in=PARTY_MEMBER_STATUSES
                )
                .filter(name__contains=q)
                .select_related("organization")[:30]
            )
        return render(request, "transfers/transfer_pick.html", {"q": q, "found": found})
    person = get_or_404(
        Person.objects.filter(scoping.person_q(user, write=True)).select_related(
            "organization", "membership"
        ),
        person_id if str(person_id).isdigit() else 0,
    )
    form = TransferStartForm(request.POST or None, targets=_targets())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        t = run_service(
            form,
            services.transfer_start,
            actor=user,
            person=person,
            kind=d["kind"],
            to_org_id=d["to_org"],
            external_org=d["external_org"],
            reason=d["reason"],
            started_on=d["started_on"],
            valid_days=d["valid_days"],
        )
        if t is not None:
            messages.success(request, f"已发起{person.name}的组织关系转接（{t.number}）。")
            return redirect("transfers:detail", t.pk)
    return render(request, "transfers/transfer_form.html", {"form": form, "person": person})


def transfer_detail(request, transfer_id):
    user = request.user
    t = selectors.transfer_get(actor=user, transfer_id=transfer_id)
    panel = workflow.panel(t, user, workflow=TRANSFER, action_url=f"/transfers/{t.pk}/action/")
    return render(
        request,
        "transfers/transfer_detail.html",
        {
            "t": t,
            "panel": panel,
            "form": NoteForm(initial={"on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@require_POST
def transfer_action(request, transfer_id):
    """The steps of the detail page: each through its service (accepting moves the membership)."""
    user = request.user
    t = selectors.transfer_get(actor=user, transfer_id=transfer_id)
    name = request.POST.get("transition", "")
    form = NoteForm(request.POST)
    note, on = "", None
    if form.is_valid():
        note, on = form.cleaned_data["note"], form.cleaned_data["on"]
    calls = {
        "accept": lambda: services.transfer_accept(actor=user, transfer=t, on=on, note=note),
        "return": lambda: services.transfer_return(actor=user, transfer=t, note=note, on=on),
        "cancel": lambda: services.transfer_cancel(actor=user, transfer=t, note=note),
        "receipt": lambda: services.transfer_receipt(actor=user, transfer=t, receipt_on=on, note=note),
    }
    try:
        if name not in calls:
            raise ApplicationError(workflow.ERR_UNKNOWN_TRANSITION.format(name=name))
        calls[name]()
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=TRANSFER.transition(name).label))
    return redirect("transfers:detail", t.pk)


def transfer_letter(request, transfer_id):
    user = request.user
    t = selectors.transfer_get(actor=user, transfer_id=transfer_id)
    if t.kind != TransferKind.OUT:
        raise ApplicationError("只有转出系统的组织关系才开具介绍信。")
    scoping.require(
        scoping.may_send_transfer(user, t) or scoping.scope_of(user).auditor or scoping.is_committee(user)
    )
    data = documents.introduction_letter(actor=user, transfer=t)
    response = HttpResponse(data, content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(
        f"组织关系介绍信_{t.letter_no}_{t.person.name}.docx"
    )
    return response


def transfer_in(request):
    """The receiving organisation registers a member coming from outside the system."""
    user = request.user
    scoping.require(scoping.writes_subtree(user))
    orgs = list(
        scoping.orgs_visible(user, write=True)
        .filter(is_active=True, kind__in=MEMBER_ORG_KINDS)
        .order_by("path")[:2000]
    )
    org_id = request.POST.get("organization") or request.GET.get("org")
    form = TransferInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = next((o for o in orgs if str(o.pk) == str(org_id)), None)
        if org is None:
            form.add_error(None, "接收党组织：请选择您管理范围内的党组织。")
        else:
            d = form.cleaned_data
            t = run_service(form, services.transfer_register_in, actor=user, organization=org, **d)
            if t is not None:
                messages.success(request, f"已登记{t.person.name}转入{org.name}。")
                return redirect("transfers:detail", t.pk)
    return render(
        request, "transfers/transfer_in.html", {"form": form, "orgs": orgs, "org_id": str(org_id or "")}
    )


def _as_of(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of") or "")
    except ValueError:
        return timezone.localdate()


def inactive_list(request):
    """The 6-month flag: members with no organisational life or no fee for 6 months."""
    user = request.user
    _require_subtree(user)
    as_of = _as_of(request)
    rows = selectors.inactive_members(actor=user, as_of=as_of)
    if request.GET.get("format") == "xlsx":
        data = documents.inactive_xlsx(
            actor=user, rows=rows[:50000], title=f"连续6个月未参加组织生活或未交纳党费的党员（截至{as_of}）"
        )
        return _xlsx(data, f"六个月未参加组织生活或未交党费_{as_of:%Y%m%d}.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "transfers/inactive_list.html", {"page": page, "as_of": as_of})


def mobile_list(request):
    user = request.user
    _require_subtree(user)
    rows = selectors.mobile_list(actor=user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    checks = selectors.check_list(actor=user)[:20]
    return render(
        request,
        "transfers/mobile_list.html",
        {
            "page": page,
            "checks": checks,
            "can_write": scoping.writes_subtree(user),
            "check_form": CheckForm(),
        },
    )


def mobile_new(request, person_id):
    user = request.user
    person = get_or_404(
        Person.objects.filter(scoping.person_q(user)).select_related("organization"), person_id
    )
    scoping.require(scoping.can_write_path(user, person.organization.path))
    form = MobileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = run_service(form, services.mobile_register, actor=user, person=person, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"已登记{person.name}为流动党员。")
            return redirect("transfers:mobile_list")
    return render(request, "transfers/mobile_form.html", {"form": form, "person": person})


@require_POST
def mobile_end(request, mobile_id):
    user = request.user
    row = selectors.mobile_get(actor=user, mobile_id=mobile_id)
    try:
        services.mobile_end(actor=user, mobile=row)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已结束{row.person.name}的流动党员登记。")
    return redirect("transfers:mobile_list")


@require_POST
def check_start(request):
    user = request.user
    scoping.require(scoping.writes_subtree(user))
    form = CheckForm(request.POST)
    org = PartyOrganization.objects.filter(path=min(scoping.scope_of(user).write_paths, key=len)).first()
    if form.is_valid() and org is not None:
        run = run_service(
            form, services.mobile_check_start, actor=user, organization=org, **form.cleaned_data
        )
        if run is not None:
            messages.success(request, f"已开展排查“{run.title}”，名单{run.entries.count()}人。")
            return redirect("transfers:check_detail", run.pk)
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, str(e))
    return redirect("transfers:mobile_list")


def check_detail(request, check_id):
    user = request.user
    run = selectors.check_get(actor=user, check_id=check_id)
    groups = selectors.check_entries_by_unit(actor=user, run=run)
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            documents.check_xlsx(actor=user, run=run, groups=groups),
            f"流动党员排查名单_{run.checked_on:%Y%m%d}.xlsx",
        )
    return render(
        request, "transfers/check_detail.html", {"run": run, "groups": groups, "result_form": ResultForm()}
    )


@require_POST
def check_result(request, entry_id):
    user = request.user
    entry = selectors.check_entry_get(actor=user, entry_id=entry_id)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.mobile_check_result(actor=user, entry=entry, result=form.cleaned_data["result"])
        except ApplicationError as e:
            messages.error(request, e.message)
    return redirect("transfers:check_detail", entry.check_run_id)
