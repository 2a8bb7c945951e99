"""Pages of the development of members: the pipeline board, the application form, a record with
its next steps and timeline, the steps' forms, the exports. Reads through selectors, writes
through services (refusals shown with the rule they cite)."""

from __future__ import annotations

import datetime as dt

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


def _step_form(name, a, user, data):
    if name in ("assign_contacts", "assign_sponsors"):
        return forms.PeopleForm(data, people=selectors.full_members_of(a))
    if name == "political_review":
        return forms.PoliticalReviewForm(data)
    if name == "training":
        return forms.TrainingForm(data)
    if name == "committee_talk":
        return forms.TalkForm(data, people=selectors.talkers_for(user, a))
    if name == "extend":
        return forms.ExtendForm(data)
    if name in ("vote", "conversion_vote"):
        return forms.VoteForm(data, meetings=selectors.general_meetings_of(a))
    return None


def _run(name, form, a, user):
    d = form.cleaned_data
    if name == "assign_contacts":
        return run_service(
            form,
            services.contacts_assign,
            actor=user,
            applicant=a,
            people=list(d["people"]),
            date=d["date"],
            note=d["note"],
        )
    if name == "assign_sponsors":
        return run_service(
            form,
            services.sponsors_assign,
            actor=user,
            applicant=a,
            people=list(d["people"]),
            date=d["date"],
            note=d["note"],
        )
    if name == "political_review":
        return run_service(
            form,
            services.political_review_record,
            actor=user,
            applicant=a,
            date=d["date"],
            passed=d["passed"],
            conclusion=d["conclusion"],
            documents=d["documents"],
        )
    if name == "training":
        return run_service(
            form,
            services.training_record,
            field_map={"training_days": "days"},
            actor=user,
            applicant=a,
            date=d["date"],
            days=d["days"],
            hours=d["hours"],
            note=d["note"],
        )
    if name == "committee_talk":
        return run_service(
            form,
            services.committee_talk_record,
            actor=user,
            applicant=a,
            talker=d["talker"],
            date=d["date"],
            note=d["note"],
        )
    if name == "extend":
        return run_service(
            form,
            services.extension_record,
            actor=user,
            applicant=a,
            date=d["date"],
            months=d["months"],
            note=d["note"],
        )
    return run_service(
        form,
        services.vote_for_applicant,
        actor=user,
        applicant=a,
        meeting=d["meeting"],
        votes_for=d["votes_for"],
        votes_against=d["votes_against"],
        abstentions=d["abstentions"],
        written_for=d["written_for"],
        written_against=d["written_against"],
        written_abstentions=d["written_abstentions"],
        note=d["note"],
    )


def form_step(request, applicant_id, name):
    user = request.user
    a = selectors.access_applicant(user, applicant_id)
    if name not in dict(_form_steps(a, user)):
        messages.error(request, f"当前不能登记“{STEPS.get(name, (0, name))[1]}”。")
        return redirect("development:detail", a.pk)
    form = _step_form(name, a, user, request.POST or None)
    assert form is not None
    if request.method == "POST" and form.is_valid():
        if _run(name, form, a, user):
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
