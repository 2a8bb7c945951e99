"""Pages of the development of members: the pipeline board, the application form, a record with
its next steps and timeline, the steps' forms, the exports. Reads through selectors, writes
through services (refusals shown with the rule they cite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.errors import ApplicationError
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.core.workflow import allowed_transitions
from dangjian.development import exports, forms, selectors, services
from dangjian.development.enums import PHASES, STEPS, Stage
from dangjian.development.workflows import DEVELOPMENT, FORM_STEPS
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind

ORG_SELECT_LIMIT = 300


def org_options(user) -> list[tuple[int, str]]:
    qs = scoping.orgs_visible(user).filter(is_active=True).exclude(kind=OrgKind.PARTY_GROUP).order_by("path")
    if qs.count() > ORG_SELECT_LIMIT:
        qs = qs.exclude(kind=OrgKind.BRANCH)
    return [(pk, "\u3000" * max(d - 1, 0) + n) for pk, n, d in qs.values_list("id", "name", "depth")]


def board(request):
    user = request.user
    f = selectors.BoardFilters.from_params(request.GET)
    data = selectors.board(actor=user, filters=f)
    return render(
        request,
        "development/board.html",
        {
            **data,
            "f": f,
            "org_options": org_options(user),
            "stages": [(s.value, s.label) for s in Stage],
            "params": request.GET.urlencode(),
            "can_create": bool(scoping.scope_of(user).write_paths),
        },
    )


def create(request):
    user = request.user
    people = selectors.candidates_for_applicant(actor=user)
    form = forms.ApplicantForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        applicant = run_service(
            form,
            services.applicant_create,
            actor=user,
            person=d["person"],
            applied_on=d["applied_on"],
            documents=d["documents"],
            note=d["note"],
        )
        if applicant:
            messages.success(request, f"已登记{applicant.person.name}的入党申请。")
            return redirect("development:detail", applicant.pk)
    return render(
        request,
        "development/form.html",
        {"form": form, "title": "登记入党申请", "back": reverse("development:board")},
    )


def _generic_steps(applicant, user):
    return [t for t in allowed_transitions(applicant, user, workflow=DEVELOPMENT) if t.name not in FORM_STEPS]


def _form_steps(applicant, user):
    names = [
        t.name for t in allowed_transitions(applicant, user, workflow=DEVELOPMENT) if t.name in FORM_STEPS
    ]
    # The vote has one form whatever its outcome.
    shown = {n.replace("_failed", "") for n in names}
    return [(n, f"第{STEPS[n][0]}步 {STEPS[n][1]}") for n in sorted(shown, key=lambda n: STEPS[n][0])]


def detail(request, applicant_id):
    user = request.user
    a = selectors.access_applicant(user, applicant_id)
    steps = _generic_steps(a, user)
    return render(
        request,
        "development/detail.html",
        {
            "a": a,
            "phases": PHASES,
            "events": [(e, selectors.step_label(e.transition)) for e in selectors.events(a)],
            "step_form": forms.StepForm(steps=steps) if steps else None,
            "form_steps": _form_steps(a, user),
            "next_label": selectors.next_step_label(a),
            "overdue": bool(a.due_on and a.due_on < dt.date.today()),
            "contacts": a.contacts.all(),
            "sponsors": a.sponsors.all(),
        },
    )


@require_POST
def step(request, applicant_id):
    user = request.user
    a = selectors.access_applicant(user, applicant_id)
    form = forms.StepForm(request.POST, steps=_generic_steps(a, user))
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
    else:
        d = form.cleaned_data
        try:
            services.step_record(
                actor=user,
                applicant=a,
                name=d["step"],
                date=d["date"],
                note=d["note"],
                documents=d["documents"],
            )
        except ApplicationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已登记：{STEPS[d['step']][1]}。")
    return redirect("development:detail", a.pk)


@dataclass(frozen=True)
class _FormStep:
    """A step recorded with a form of its own: the form (given the applicant and the user), the
    service, and the service's arguments from the form's cleaned data."""

    form: Callable[..., Any]  # (data, applicant, user) -> form
    service: Callable[..., Any]
    args: Callable[[dict], dict]
    field_map: dict[str, str] | None = None  # service field -> form field, for errors


def _people_form(data, a, user):
    return forms.PeopleForm(data, people=selectors.full_members_of(a))


def _dated(*keys: str) -> Callable[[dict], dict]:
    return lambda d: {"date": d["date"]} | {k: d[k] for k in keys}


_VOTE_FIELDS = (
    "meeting",
    "votes_for",
    "votes_against",
    "abstentions",
    "written_for",
    "written_against",
    "written_abstentions",
    "note",
)
_FORM_STEP_TABLE: dict[str, _FormStep] = {
    "assign_contacts": _FormStep(
        _people_form, services.contacts_assign, lambda d: _dated("note")(d) | {"people": list(d["people"])}
    ),
    "assign_sponsors": _FormStep(
        _people_form, services.sponsors_assign, lambda d: _dated("note")(d) | {"people": list(d["people"])}
    ),
    "political_review": _FormStep(
        lambda data, a, user: forms.PoliticalReviewForm(data),
        services.political_review_record,
        _dated("passed", "conclusion", "documents"),
    ),
    "training": _FormStep(
        lambda data, a, user: forms.TrainingForm(data),
        services.training_record,
        _dated("days", "hours", "note"),
        field_map={"training_days": "days"},
    ),
    "committee_talk": _FormStep(
        lambda data, a, user: forms.TalkForm(data, people=selectors.talkers_for(user, a)),
        services.committee_talk_record,
        _dated("talker", "note"),
    ),
    "extend": _FormStep(
        lambda data, a, user: forms.ExtendForm(data), services.extension_record, _dated("months", "note")
    ),
    **{
        name: _FormStep(
            lambda data, a, user: forms.VoteForm(data, meetings=selectors.general_meetings_of(a)),
            services.vote_for_applicant,
            lambda d: {k: d[k] for k in _VOTE_FIELDS},
        )
        for name in ("vote", "conversion_vote")
    },
}


def form_step(request, applicant_id, name):
    user = request.user
    a = selectors.access_applicant(user, applicant_id)
    if name not in dict(_form_steps(a, user)):
        messages.error(request, f"当前不能登记“{STEPS.get(name, (0, name))[1]}”。")
        return redirect("development:detail", a.pk)
    step = _FORM_STEP_TABLE[name]
    form = step.form(request.POST or None, a, user)
    if request.method == "POST" and form.is_valid():
        args = step.args(form.cleaned_data)
        if run_service(form, step.service, field_map=step.field_map, actor=user, applicant=a, **args):
            messages.success(request, f"已登记：{STEPS[name][1]}。")
            return redirect("development:detail", a.pk)
    return render(
        request,
        "development/form.html",
        {
            "form": form,
            "title": f"{a.person.name}：第{STEPS[name][0]}步 {STEPS[name][1]}",
            "back": reverse("development:detail", args=[a.pk]),
        },
    )


def _export_scope(request):
    user = request.user
    f = selectors.BoardFilters.from_params(request.GET)
    label = scoping.access_org(user, f.org).name if f.org else scoping.scope_label(user)
    return selectors.applicant_list(actor=user, filters=f), label


def export_xlsx(request):
    qs, label = _export_scope(request)
    data = exports.pipeline_xlsx(actor=request.user, qs=qs, scope=label)
    response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(f"发展党员台账_{label}.xlsx")
    return response


def export_docx(request):
    qs, label = _export_scope(request)
    data = exports.pipeline_docx(actor=request.user, qs=qs, scope=label)
    response = HttpResponse(data, content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(f"发展党员情况表_{label}.docx")
    return response
