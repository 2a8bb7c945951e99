"""Pages of assessments (党建工作实绩考核) and secretary appraisals (述职评议考核). Thin: reads
through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.accounts.models import User
from dangjian.assessments import selectors as sx
from dangjian.assessments import services
from dangjian.assessments.enums import AppraisalStatus, AssessmentStatus
from dangjian.assessments.forms import (
    AssessmentForm,
    FindingForm,
    IndicatorForm,
    ProblemForm,
    ReportForm,
    RoundForm,
)
from dangjian.assessments.models import Indicator
from dangjian.assessments.workflows import APPRAISAL, ASSESSMENT
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError
from dangjian.core.forms import run_service, run_service_message
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit


def _flash(request, result, error: str, ok: str) -> None:
    if error:
        messages.error(request, error)
    elif result is not None:
        messages.success(request, ok)


def index(request):
    user = request.user
    return render(
        request,
        "assessments/index.html",
        {
            "assessments": sx.assessment_list(actor=user),
            "rounds": sx.round_list(actor=user),
            "committee": scoping.is_committee(user),
            "may_run_rounds": scoping.may_run_appraisals(user),
        },
    )


def assessment_create(request):
    user = request.user
    scoping.require(scoping.is_committee(user))
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        a = run_service(form, services.assessment_create, actor=user, **form.cleaned_data)
        if a is not None:
            return redirect("assessments:detail", a.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "新建党建工作实绩考核"})


def assessment_detail(request, assessment_id):
    user = request.user
    a = sx.assessment_get(actor=user, assessment_id=assessment_id)
    manage = scoping.may_manage_assessment(user, a)
    form = IndicatorForm() if manage and a.status == AssessmentStatus.DRAFT else None
    tree = sx.indicator_tree(a)
    if form is not None:
        form.fields["parent"].widget.choices = [("", "（一级指标）")] + [
            (i.pk, "　" * i.depth + i.name) for i in tree
        ]
    units = list(sx.assessed_units(actor=user, assessment=a))
    return render(
        request,
        "assessments/detail.html",
        {
            "a": a,
            "tree": tree,
            "top_total": sum((i.max_score for i in tree if i.depth == 0), Decimal(0)),
            "units": units,
            "manage": manage,
            "form": form,
            "grades": sx.grade_counts(a) if a.status == AssessmentStatus.PUBLISHED else [],
            "wf": workflow.panel(
                a, user, workflow=ASSESSMENT, action_url=reverse("assessments:step", args=[a.pk])
            ),
            "assessors": User.objects.filter(is_active=True, grants__role="committee_staff")
            .distinct()
            .order_by("username")[:200]
            if manage
            else [],
        },
    )


@require_POST
def assessment_action(request, assessment_id):
    user = request.user
    a = sx.assessment_get(actor=user, assessment_id=assessment_id)
    action = request.POST.get("action", "")
    result, error = None, ""
    if action == "indicator":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            parent = (
                Indicator.objects.filter(assessment=a, pk=d.pop("parent")).first()
                if d.get("parent")
                else None
            )
            d.pop("parent", None)
            result, error = run_service_message(
                services.indicator_add, actor=user, assessment=a, parent=parent, **d
            )
        else:
            error = "；".join(str(m) for errs in form.errors.values() for m in errs)
    elif action == "units":
        assessor = User.objects.filter(pk=request.POST.get("assessor") or 0).first()
        have = a.units.values_list("unit_id", flat=True)
        units = list(
            Unit.objects.filter(is_active=True, parent__isnull=True)
            .exclude(category="committee")
            .exclude(pk__in=have)
        )
        result, error = run_service_message(
            services.units_add, actor=user, assessment=a, units=units, assessor=assessor
        )
    _flash(request, result, error, "已保存。")
    return redirect("assessments:detail", a.pk)


def _step(request, service, label: str, **kwargs) -> None:
    """Apply a step posted from a `core/_workflow.html` panel; the outcome (a refusal with the rule
    it cites) goes to the page's messages, as core.workflow.transition_post does."""
    try:
        service(actor=request.user, note=request.POST.get("note", "").strip()[:1000], **kwargs)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=label))


@require_POST
def assessment_step(request, assessment_id):
    a = sx.assessment_get(actor=request.user, assessment_id=assessment_id)
    name = request.POST.get("transition", "")
    try:
        label = ASSESSMENT.transition(name).label
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        _step(request, services.assessment_transition, label, assessment=a, name=name)
    return redirect("assessments:detail", a.pk)


def score_sheet(request, assessment_id, assessed_id):
    user = request.user
    a = sx.assessment_get(actor=user, assessment_id=assessment_id)
    assessed = sx.assessed_get(actor=user, assessment=a, assessed_id=assessed_id)
    may_score = scoping.may_score(user, assessed) and a.status == AssessmentStatus.SCORING
    tree = sx.indicator_tree(a)
    if request.method == "POST":
        scoping.require(scoping.may_score(user, assessed))
        if request.POST.get("action") == "finding":
            finding = FindingForm(request.POST)
            if finding.is_valid():
                d = finding.cleaned_data
                sub = (
                    Unit.objects.filter(pk=d["subordinate"], parent=assessed.unit).first()
                    if d["subordinate"]
                    else None
                )
                p, error = run_service_message(
                    services.finding_create,
                    actor=user,
                    assessed=assessed,
                    description=d["description"],
                    subordinate=sub,
                    measures=d["measures"],
                )
                _flash(request, p, error, "已将问题记入问题清单并交办。")
            else:
                messages.error(request, "；".join(str(m) for errs in finding.errors.values() for m in errs))
            return redirect("assessments:sheet", a.pk, assessed.pk)
        rows, bad = [], ""
        for ind in tree:
            raw = request.POST.get(f"score-{ind.pk}", "").strip()
            if not ind.is_leaf or raw == "":
                continue
            if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
                bad = f"“{ind.name}”得分应为数字。"
                break
            rows.append(
                {
                    "indicator": ind,
                    "score": Decimal(raw),
                    "evidence": request.POST.get(f"evidence-{ind.pk}", ""),
                }
            )
        if bad:
            messages.error(request, bad)
        else:
            result, error = run_service_message(
                services.scores_record, actor=user, assessed=assessed, rows=rows
            )
            _flash(request, result, error, "评分已保存。")
            if not error:
                return redirect("assessments:sheet", a.pk, assessed.pk)
    scores = sx.scores_of(assessed)
    for ind in tree:
        ind.scored = scores.get(ind.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "assessments/sheet.html",
        {
            "a": a,
            "assessed": assessed,
            "tree": tree,
            "may_score": may_score,
            "finding_form": FindingForm() if scoping.may_score(user, assessed) else None,
            "subordinates": assessed.unit.subordinates.filter(is_active=True),
            "findings": sx.findings_of(actor=user, assessed=assessed),
            "values": request.POST if request.method == "POST" else None,
        },
    )


# --- secretary appraisal ------------------------------------------------------------------------


def _users(text: str) -> tuple[list, list[str]]:
    names = [n for n in re.split(r"[\s,，、;；]+", text or "") if n]
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    return list(found.values()), [n for n in names if n not in found]


def round_create(request):
    user = request.user
    scoping.require(scoping.may_run_appraisals(user))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        evaluators, unknown = _users(d["evaluators"])
        if unknown:
            form.add_error("evaluators", f"没有这些用户：{'、'.join(unknown)}")
        else:
            grades = [g for g in re.split(r"[、,，\s]+", d["grades"]) if g]
            r = run_service(
                form,
                services.round_create,
                actor=user,
                name=d["name"],
                year=d["year"],
                grades=grades,
                evaluators=evaluators,
            )
            if r is not None:
                return redirect("assessments:round", r.pk)
    return render(request, "assessments/form.html", {"form": form, "title": "新建述职评议考核"})


def round_detail(request, round_id):
    user = request.user
    r = sx.round_get(actor=user, round_id=round_id)
    manage = scoping.may_manage_round(user, r)
    if request.method == "POST":
        scoping.require(manage)
        org = scoping.orgs_visible(user, write=True).filter(pk=request.POST.get("organization") or 0).first()
        if org is None:
            messages.error(request, "请选择述职的党组织。")
        else:
            a, error = run_service_message(
                services.appraisal_add,
                actor=user,
                round=r,
                organization=org,
                secretary=request.POST.get("secretary", ""),
            )
            _flash(request, a, error, f"已添加：{org.name}。")
        return redirect("assessments:round", r.pk)
    candidates = (
        PartyOrganization.objects.filter(parent=r.organization, is_active=True).order_by("path")[:500]
        if manage
        else []
    )
    return render(
        request,
        "assessments/round.html",
        {
            "r": r,
            "appraisals": sx.appraisals_of(actor=user, round=r),
            "manage": manage,
            "candidates": candidates,
        },
    )


# Steps recorded with their own form on the page rather than as a bare button of the panel.
FORM_STEPS = {"report"}


@require_POST
def appraisal_step(request, appraisal_id):
    ap = sx.appraisal_get(actor=request.user, appraisal_id=appraisal_id)
    name = request.POST.get("transition", "")
    try:
        label = APPRAISAL.transition(name).label
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        _step(request, services.appraisal_transition, label, appraisal=ap, name=name)
    return redirect("assessments:appraisal", ap.pk)


def appraisal_detail(request, appraisal_id):
    user = request.user
    ap = sx.appraisal_get(actor=user, appraisal_id=appraisal_id)
    manage = scoping.may_manage_round(user, ap.round)
    evaluator = ap.round.evaluators.filter(pk=user.pk).exists()
    if request.method == "POST":
        action = request.POST.get("action", "")
        result, error = None, ""
        if action == "report":
            form = ReportForm(request.POST)
            if form.is_valid():
                result, error = run_service_message(
                    services.appraisal_report, actor=user, appraisal=ap, report=form.cleaned_data["report"]
                )
            else:
                error = "；".join(str(m) for errs in form.errors.values() for m in errs)
        elif action == "rate":
            result, error = run_service_message(
                services.appraisal_rate,
                actor=user,
                appraisal=ap,
                grade=request.POST.get("grade", ""),
                comment=request.POST.get("comment", ""),
            )
        elif action == "problem":
            pf = ProblemForm(request.POST)
            if pf.is_valid():
                result, error = run_service_message(
                    services.appraisal_problem_create, actor=user, appraisal=ap, **pf.cleaned_data
                )
            else:
                error = "；".join(str(m) for errs in pf.errors.values() for m in errs)
        else:
            error = "未知的操作。"
        _flash(request, result, error, "已保存。")
        return redirect("assessments:appraisal", ap.pk)
    mine = ap.ratings.filter(evaluator=user).first()
    panel = workflow.panel(
        ap, user, workflow=APPRAISAL, action_url=reverse("assessments:appraisal_step", args=[ap.pk])
    )
    panel["steps"] = [t for t in panel["steps"] if t.name not in FORM_STEPS]
    return render(
        request,
        "assessments/appraisal.html",
        {
            "ap": ap,
            "manage": manage,
            "evaluator": evaluator and ap.status == AppraisalStatus.REPORTED,
            "mine": mine,
            "may_report": scoping.may_report_appraisal(user, ap)
            and any(t.name == "report" for t in workflow.allowed_transitions(ap, user, workflow=APPRAISAL)),
            "wf": panel,
            "summary": sx.rating_summary(ap) if manage else [],
            "problems": sx.appraisal_problems(actor=user, appraisal=ap),
            "report_form": ReportForm(initial={"report": ap.report}),
            "problem_form": ProblemForm() if manage else None,
        },
    )
