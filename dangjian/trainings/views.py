"""Pages of trainings (教育培训): programmes and their classes, enrolment, daily attendance,
completion, the trainee and certificate lists, and members' training hours for a year. Reads
through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.activities.enums import ParticipationStatus
from dangjian.core.errors import get_or_404
from dangjian.core.forms import run_service, run_service_message
from dangjian.core.years import chosen_year, year_options
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.people.selectors import person_list
from dangjian.trainings import exports, selectors, services
from dangjian.trainings.forms import AttendanceForm, ClassForm, EnrolForm, ProgrammeForm, QuotaForm
from dangjian.trainings.models import Programme

PAGE_SIZE = 50
CANDIDATES = 100


def _require_reader(user) -> None:
    scoping.require(bool(scoping.scope_of(user).read_paths))


def _years() -> list[int]:
    return sorted(
        set(
            Programme.objects.annotate(y=ExtractYear("campaign__first_day"))
            .values_list("y", flat=True)
            .distinct()
        )
    )


def programme_list(request):
    user = request.user
    _require_reader(user)
    years = _years()
    year = chosen_year(request.GET.get("year"), years)
    programmes = selectors.programme_list(actor=user, year=year)
    return render(
        request,
        "trainings/programme_list.html",
        {
            "year": year,
            "years": year_options(years, year),
            "programmes": programmes,
            "may_create": bool(scoping.scope_of(user).write_paths),
        },
    )


def programme_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    orgs = scoping.orgs_visible(user, write=True).order_by("path")
    form = ProgrammeForm(request.POST or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        programme = run_service(form, services.programme_create, actor=user, **form.cleaned_data)
        if programme is not None:
            messages.success(request, f"已创建培训项目“{programme}”。")
            return redirect("trainings:programme", programme.pk)
    return render(request, "trainings/programme_form.html", {"form": form})


def programme_detail(request, programme_id):
    user = request.user
    _require_reader(user)
    programme = selectors.access_programme(user, programme_id)
    may_write = scoping.can_write_path(user, programme.campaign.organization.path)
    form = None
    if request.method == "POST":
        scoping.require(may_write)
        form = ClassForm(request.POST)
        if form.is_valid():
            tc = run_service(
                form, services.class_create, actor=user, programme=programme, **form.cleaned_data
            )
            if tc is not None:
                messages.success(request, f"已开设{tc}。")
                return redirect("trainings:class", tc.pk)
    elif may_write:
        form = ClassForm()
    classes = selectors.class_list(actor=user, programme=programme)
    return render(
        request,
        "trainings/programme_detail.html",
        {"programme": programme, "classes": classes, "form": form, "may_write": may_write},
    )


def _candidates(user, request):
    q = (request.GET.get("q") or "").strip()
    org_id = request.GET.get("org")
    people = person_list(actor=user).select_related("organization")
    if org_id:
        org = get_or_404(scoping.orgs_visible(user), org_id)
        people = people.filter(organization__path__under=org.path)
    if q:
        people = people.filter(Q(name__contains=q) | Q(name_pinyin__startswith=q.lower()))
    if not (q or org_id):
        return []
    return list(people.order_by("organization__path", "name_pinyin")[:CANDIDATES])


def class_detail(request, class_id):
    user = request.user
    _require_reader(user)
    tc = selectors.access_class(user, class_id)
    activity = tc.activity
    organiser = scoping.can_write_path(user, activity.organization.path)
    rows = selectors.trainee_rows(actor=user, training_class=tc)
    candidates = _candidates(user, request) if scoping.scope_of(user).write_paths else []
    context = {
        "tc": tc,
        "activity": activity,
        "rows": rows,
        "organiser": organiser,
        "may_enrol": bool(scoping.scope_of(user).write_paths) and (organiser or tc.quotas.exists()),
        "enrol_form": EnrolForm(candidates=candidates) if candidates else None,
        "q": request.GET.get("q", ""),
        "org": request.GET.get("org", ""),
        "orgs": scoping.orgs_visible(user, write=True).order_by("path")[:500],
        "attendance_form": AttendanceForm(trainees=rows, initial={"day": activity.first_day})
        if organiser
        else None,
        "quota_form": QuotaForm(units=scoping.units_visible(user).order_by("sort_order"))
        if organiser
        else None,
        "quotas": tc.quotas.select_related("unit"),
        "completed": sum(1 for r in rows if r.participation.status == ParticipationStatus.COMPLETED),
    }
    return render(request, "trainings/class_detail.html", context)


def _back(tc):
    return redirect("trainings:class", tc.pk)


def _outcome(request, result, error, success: str):
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success.format(result=result))


@require_POST
def class_enrol(request, class_id):
    user = request.user
    tc = selectors.access_class(user, class_id)
    ids = [int(i) for i in request.POST.getlist("person_ids") if i.isdigit()]
    result, error = run_service_message(
        services.trainees_enrol, actor=user, training_class=tc, person_ids=ids
    )
    _outcome(request, len(result or []), error, "已报名{result}人。")
    return _back(tc)


@require_POST
def class_quota(request, class_id):
    user = request.user
    tc = selectors.access_class(user, class_id, write=True)
    form = QuotaForm(request.POST, units=scoping.units_visible(user))
    if not form.is_valid():
        messages.error(request, "请选择单位并填写名额（不小于0的整数）。")
        return _back(tc)
    _, error = run_service_message(services.quota_set, actor=user, training_class=tc, **form.cleaned_data)
    _outcome(request, None, error, f"已设置{form.cleaned_data['unit'].name}的名额。")
    return _back(tc)


@require_POST
def class_attendance(request, class_id):
    user = request.user
    tc = selectors.access_class(user, class_id, write=True)
    rows = selectors.trainee_rows(actor=user, training_class=tc)
    form = AttendanceForm(request.POST, trainees=rows)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
        return _back(tc)
    n, error = run_service_message(
        services.attendance_record,
        actor=user,
        training_class=tc,
        day=form.cleaned_data["day"],
        present_ids=form.cleaned_data["present_ids"],
    )
    day = form.cleaned_data["day"]
    _outcome(request, n, error, f"已记录{day:%Y年%-m月%-d日}出勤{{result}}人。")
    return _back(tc)


@require_POST
def class_complete(request, class_id):
    user = request.user
    tc = selectors.access_class(user, class_id, write=True)
    result, error = run_service_message(services.class_complete, actor=user, training_class=tc)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"已结业{result.completed}人。")
        if result.not_met:
            names = "、".join(result.not_met[:20]) + ("等" if len(result.not_met) > 20 else "")
            messages.warning(request, f"{len(result.not_met)}人未达到结业条件：{names}。")
    return _back(tc)


@require_POST
def trainee_complete(request, class_id):
    user = request.user
    tc = selectors.access_class(user, class_id, write=True)
    row = get_or_404(tc.activity.participation.all(), request.POST.get("participation"))
    _, error = run_service_message(
        services.trainee_complete, actor=user, training_class=tc, participation=row
    )
    _outcome(request, None, error, f"{row.display_name}已结业。")
    return _back(tc)


def class_export(request, class_id, what):
    user = request.user
    _require_reader(user)
    tc = selectors.access_class(user, class_id)
    rows = selectors.trainee_rows(actor=user, training_class=tc)
    if what == "certificates":
        return exports.certificate_list(actor=user, training_class=tc, rows=rows)
    return exports.trainee_list(actor=user, training_class=tc, rows=rows)


def _hours_context(request):
    user = request.user
    _require_reader(user)
    years = _years()
    year = chosen_year(request.GET.get("year"), years)
    org = None
    if request.GET.get("org"):
        org = get_or_404(scoping.orgs_visible(user), request.GET["org"])
    rows = selectors.hours_rows(actor=user, year=year, path=org.path if org else "")
    short_only = request.GET.get("short") == "1"
    shown = [r for r in rows if r.short] if short_only else rows
    return user, year, years, org, rows, shown, short_only


def hours(request):
    user, year, years, org, rows, shown, short_only = _hours_context(request)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/hours.html",
        {
            "year": year,
            "years": year_options(years, year),
            "org": org,
            "orgs": scoping.orgs_visible(user).exclude(kind=OrgKind.PARTY_GROUP).order_by("path")[:500],
            "page": page,
            "total": len(rows),
            "short": sum(1 for r in rows if r.short),
            "short_only": short_only,
            "requirements": selectors.requirements(),
        },
    )


def hours_export(request):
    user, year, _years_, org, _rows, shown, _short = _hours_context(request)
    label = org.name if org else scoping.scope_label(user)
    return exports.hours_list(actor=user, year=year, rows=shown, label=label)
