"""Pages of elections and cadre changes: committee terms with alerts, elections, mid-term
adjustments, pre-appointment tests, and the term ledger export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import ApplicationError
from dangjian.core.excel import Column, SheetSpec, content_disposition, write_workbook
from dangjian.core.forms import run_service
from dangjian.core.models import AuditAction
from dangjian.core.workflow import allowed_transitions
from dangjian.elections import forms, selectors, services
from dangjian.elections.enums import TERM_KINDS, ApprovalStatus, TermStatus
from dangjian.elections.workflows import ADJUSTMENT, ELECTION
from dangjian.organizations import scoping
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import CadrePost, Person

PAGE = 50


def _writable_orgs(user):
    return scoping.orgs_visible(user, write=True).filter(is_active=True, kind__in=TERM_KINDS).order_by("path")


def _full_members(user):
    return (
        Person.objects.filter(scoping.person_q(user), membership__status=MembershipStatus.FULL)
        .select_related("organization")
        .order_by("organization__path", "name_pinyin")
    )


def terms(request):
    user = request.user
    today = dt.date.today()
    status = request.GET.get("status", "")
    status = status if status in TermStatus.values else ""
    qs = selectors.terms(actor=user, status=status, today=today)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    for org in page.object_list:
        org.term_status = selectors.term_status(org, today)
    return render(
        request,
        "elections/terms.html",
        {
            "page": page,
            "status": status,
            "statuses": TermStatus.choices,
            "counts": selectors.term_counts(actor=user, today=today),
            "params": {"status": status} if status else {},
        },
    )


def terms_export(request):
    user = request.user
    today = dt.date.today()
    status = request.GET.get("status", "")
    qs = selectors.terms(actor=user, status=status if status in TermStatus.values else "", today=today)
    rows = (
        [
            o.name,
            o.get_kind_display(),
            o.unit.name,
            o.term_started_on,
            o.term_ends_on,
            TermStatus(selectors.term_status(o, today)).label,
        ]
        for o in qs.iterator(chunk_size=2000)
    )
    data = write_workbook(
        [
            SheetSpec(
                name="任期",
                title=f"党组织任期台账（{today:%Y-%m-%d}）",
                columns=[
                    Column("党组织", 30),
                    Column("类别", 10),
                    Column("单位", 24),
                    Column("本届开始", 12),
                    Column("本届届满", 12),
                    Column("状态", 12),
                ],
                rows=rows,
            )
        ]
    )
    audit.record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="organizations.partyorganization",
        object_repr="党组织任期台账",
        changes={"status": [None, status]},
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition(f"党组织任期台账_{today:%Y%m%d}.xlsx")
    return response


def election_list(request):
    user = request.user
    status = request.GET.get("status", "")
    qs = selectors.election_list(actor=user, status=status if status in ApprovalStatus.values else "")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "elections/election_list.html",
        {
            "page": page,
            "statuses": ApprovalStatus.choices,
            "status": status,
            "can_create": bool(scoping.scope_of(user).write_paths),
            "params": {},
        },
    )


def election_create(request):
    user = request.user
    form = forms.ElectionForm(request.POST or None, orgs=_writable_orgs(user), people=_full_members(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        election = run_service(
            form,
            services.election_create,
            actor=user,
            organization=d["organization"],
            held_on=d["held_on"],
            method=d["method"],
            members=form.members(),
            candidates=d["candidates"] or 0,
            voters_expected=d["voters_expected"],
            voters_present=d["voters_present"],
            note=d["note"],
        )
        if election:
            messages.success(request, "已登记换届选举并报上级党组织审批。")
            return redirect("elections:election_detail", election.pk)
    return render(
        request,
        "elections/form.html",
        {"form": form, "title": "登记换届选举", "back": reverse("elections:election_list")},
    )


def _decision_steps(obj, user, wf):
    return [(t.name, t.label, t.style) for t in allowed_transitions(obj, user, workflow=wf)]


def election_detail(request, election_id):
    user = request.user
    e = selectors.access_election(user, election_id)
    return render(
        request,
        "elections/election_detail.html",
        {
            "e": e,
            "members": e.members.select_related("person"),
            "events": e.events.select_related("actor"),
            "steps": _decision_steps(e, user, ELECTION),
            "form": forms.DecisionForm(),
        },
    )


def _decide(request, obj, wf, approve, step, redirect_to):
    form = forms.DecisionForm(request.POST)
    name = request.POST.get("transition", "")
    if not form.is_valid():
        messages.error(request, "请填写批复日期。")
        return redirect(redirect_to)
    d = form.cleaned_data
    try:
        if name == "approve":
            approve(actor=request.user, approved_on=d["date"], note=d["note"])
        else:
            step(actor=request.user, name=name, note=d["note"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已{wf.transition(name).label}。")
    return redirect(redirect_to)


@require_POST
def election_decide(request, election_id):
    e = selectors.access_election(request.user, election_id)
    return _decide(
        request,
        e,
        ELECTION,
        lambda **kw: services.election_approve(election=e, **kw),
        lambda **kw: services.election_step(election=e, **kw),
        reverse("elections:election_detail", args=[e.pk]),
    )


def adjustment_list(request):
    user = request.user
    status = request.GET.get("status", "")
    year = request.GET.get("year", "")
    qs = selectors.adjustment_list(
        actor=user,
        status=status if status in ApprovalStatus.values else "",
        year=int(year) if year.isdigit() else None,
    )
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "elections/adjustment_list.html",
        {
            "page": page,
            "statuses": ApprovalStatus.choices,
            "status": status,
            "year": year,
            "orgs": _writable_orgs(user)[:500],
            "params": {},
        },
    )


def adjustment_create(request, org_id):
    user = request.user
    org = scoping.access_org(user, org_id, write=True)
    posts = CadrePost.objects.filter(organization=org, ended_on__isnull=True).select_related("person")
    form = forms.AdjustmentForm(request.POST or None, posts=posts, people=_full_members(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        adj = run_service(
            form,
            services.adjustment_create,
            actor=user,
            organization=org,
            post=d["post"],
            adjusted_on=d["adjusted_on"],
            reason=d["reason"],
            left_post=d["left_post"],
            came_person=d["came_person"],
        )
        if adj:
            messages.success(request, "已登记届中调整并报上级党组织审批。")
            return redirect("elections:adjustment_detail", adj.pk)
    return render(
        request,
        "elections/form.html",
        {"form": form, "title": f"{org.name}：届中调整", "back": reverse("elections:adjustment_list")},
    )


def adjustment_detail(request, adjustment_id):
    user = request.user
    a = selectors.access_adjustment(user, adjustment_id)
    return render(
        request,
        "elections/adjustment_detail.html",
        {
            "a": a,
            "events": a.events.select_related("actor"),
            "steps": _decision_steps(a, user, ADJUSTMENT),
            "form": forms.DecisionForm(),
        },
    )


@require_POST
def adjustment_decide(request, adjustment_id):
    a = selectors.access_adjustment(request.user, adjustment_id)
    return _decide(
        request,
        a,
        ADJUSTMENT,
        lambda **kw: services.adjustment_approve(adjustment=a, **kw),
        lambda **kw: services.adjustment_step(adjustment=a, **kw),
        reverse("elections:adjustment_detail", args=[a.pk]),
    )


def pretest_list(request):
    user = request.user
    page = Paginator(selectors.pretest_list(actor=user), PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "elections/pretest_list.html",
        {"page": page, "params": {}, "can_create": bool(scoping.scope_of(user).write_paths)},
    )


def pretest_create(request):
    user = request.user
    form = forms.PreTestForm(request.POST or None, orgs=_writable_orgs(user), people=_full_members(user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        test = run_service(form, services.pretest_create, actor=user, **d)
        if test:
            messages.success(request, "已登记任前测试结果。")
            return redirect("elections:pretest_list")
    return render(
        request,
        "elections/form.html",
        {"form": form, "title": "登记任前测试", "back": reverse("elections:pretest_list")},
    )
