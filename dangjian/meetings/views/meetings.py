"""Meeting pages: the list, the create/edit form, the detail page (quorum, votes, appraisal,
attachments, documents), the attendance roster and the member's own attendance. Thin: reads
through selectors, writes through services; outside scope is 404, visible-but-read-only 403."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dangjian.core import audit
from dangjian.core.errors import ApplicationError, get_or_404
from dangjian.core.excel import content_disposition
from dangjian.core.forms import apply_error, run_service_message
from dangjian.meetings import documents
from dangjian.meetings import errors as meeting_errors
from dangjian.meetings.enums import AttendanceStatus, MeetingKind
from dangjian.meetings.forms import meetings as forms
from dangjian.meetings.models import Attendance, MeetingAttachment
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.services import meetings as services
from dangjian.organizations import scoping
from dangjian.people.enums import MembershipStatus
from dangjian.people.models import Person

PAGE_SIZE = 30


# --- list ----------------------------------------------------------------------------------


@require_GET
def meeting_list(request):
    user = request.user
    form = forms.MeetingFilterForm(request.GET or None, user=user)
    filters = form.filters() if request.GET else {}
    qs = selectors.meeting_list(actor=user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    meetings = list(page.object_list)
    counts: dict[int, dict] = {m.pk: {"present": 0, "total": 0} for m in meetings}
    rows = (
        Attendance.objects.filter(meeting_id__in=list(counts))
        .values("meeting_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for r in rows:
        counts[r["meeting_id"]]["total"] += r["n"]
        if r["status"] == AttendanceStatus.PRESENT:
            counts[r["meeting_id"]]["present"] += r["n"]
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "rows": [(m, counts[m.pk]) for m in meetings],
            "form": form,
            "can_create": bool(scoping.scope_of(user).write_paths),
        },
    )


# --- create / edit -------------------------------------------------------------------------


def _read(upload) -> bytes:
    """At most one byte over the limit: enough for the service to refuse a big file without
    holding all of it in memory."""
    return upload.read(services.ATTACHMENT_MAX_BYTES + 1)


def _save_attachment(user, meeting, form) -> None:
    upload = form.cleaned_data.get("file")
    if upload:
        services.attachment_add(actor=user, meeting=meeting, name=upload.name, data=_read(upload))


def meeting_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    pick = forms.OrgPickForm(request.GET if "org" in request.GET else None, user=user)
    kind = request.GET.get("kind", "")  # e.g. ?kind=central_group from the central-group list
    if not pick.is_bound or not pick.is_valid():
        return render(request, "meetings/meeting_pick_org.html", {"form": pick, "kind": kind})
    org = pick.cleaned_data["org"]
    form = forms.MeetingForm(
        request.POST or None,
        request.FILES or None,
        organization=org,
        initial={"kind": kind} if kind else None,
    )
    agenda = forms.agenda_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        try:
            with transaction.atomic():
                meeting = services.meeting_create(
                    actor=user, organization=org, agenda=agenda.items(), **form.meeting_fields()
                )
                _save_attachment(user, meeting, form)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已登记“{meeting.title}”，应到人员名单已按当日党员生成。")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "agenda": agenda, "org": org, "title": "登记会议", "back": reverse("meetings:list")},
    )


def meeting_edit(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=True)
    org = meeting.organization
    form = forms.MeetingForm(
        request.POST or None,
        request.FILES or None,
        organization=org,
        current_kind=meeting.kind,
        initial=forms.meeting_initial(meeting),
    )
    agenda = forms.agenda_formset(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        try:
            with transaction.atomic():
                services.meeting_update(
                    actor=user, meeting=meeting, agenda=agenda.items(), **form.meeting_fields()
                )
                _save_attachment(user, meeting, form)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, "已保存会议信息。")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {
            "form": form,
            "agenda": agenda,
            "org": org,
            "meeting": meeting,
            "title": f"编辑会议：{meeting.title}",
            "back": reverse("meetings:detail", args=[meeting.pk]),
        },
    )


# --- detail --------------------------------------------------------------------------------


def _signin_screen_url(meeting) -> str:
    return reverse("meetings:signin_screen", args=[meeting.pk])


def _appraisal_rows(meeting, posted=None) -> list[dict]:
    grades = dict(meeting.appraisals.values_list("person_id", "grade"))
    rows = []
    for att in selectors.roster(meeting=meeting):
        grade = (
            posted.get(f"grade-{att.person_id}", "") if posted is not None else grades.get(att.person_id, "")
        )
        rows.append({"att": att, "grade": grade})
    return rows


def _detail(
    request,
    meeting,
    *,
    vote_form=None,
    attachment_form=None,
    appraisal_errors=None,
    appraisal_posted=None,
    status=200,
):
    user = request.user
    can_write = scoping.can_write_path(user, meeting.organization.path)
    roster = list(selectors.roster(meeting=meeting))
    by_status = {s: [a for a in roster if a.status == s] for s in AttendanceStatus.values}
    context = {
        "meeting": meeting,
        "can_write": can_write,
        "agenda": list(meeting.agenda.all()),
        "summary": selectors.attendance_summary(meeting=meeting),
        "present": by_status[AttendanceStatus.PRESENT],
        "leave": by_status[AttendanceStatus.LEAVE],
        "absent": by_status[AttendanceStatus.ABSENT],
        "quorum": services.quorum(meeting),
        "votes": list(meeting.votes.all()),
        "vote_form": vote_form or forms.VoteForm(),
        "attachments": list(meeting.attachments.order_by("created_at", "id")),
        "attachment_form": attachment_form or forms.AttachmentForm(),
        "observers": list(meeting.observers.all()) if meeting.kind == MeetingKind.CENTRAL_GROUP else [],
        "is_appraisal": meeting.kind == MeetingKind.APPRAISAL,
        "signin_screen_url": _signin_screen_url(meeting) if can_write else None,
        "started": services.has_started(meeting),
        "not_started": services.not_started_message(meeting),
    }
    if context["is_appraisal"]:
        context["appraisal_rows"] = _appraisal_rows(meeting, appraisal_posted)
        context["grade_choices"] = forms.GRADE_CHOICES
        context["appraisal_errors"] = appraisal_errors or []
    return render(request, "meetings/meeting_detail.html", context, status=status)


@require_GET
def meeting_detail(request, meeting_id):
    meeting = selectors.access_meeting(request.user, meeting_id)
    return _detail(request, meeting)


@require_POST
def vote_create(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=True)
    form = forms.VoteForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.vote_record(
                actor=user,
                meeting=meeting,
                subject=d["subject"],
                votes_for=d["votes_for"],
                votes_against=d["votes_against"] or 0,
                abstentions=d["abstentions"] or 0,
            )
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, "已记录表决结果。")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return _detail(request, meeting, vote_form=form)


@require_POST
def appraisal_save(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=True)
    if meeting.kind != MeetingKind.APPRAISAL:
        raise Http404("该会议不是民主评议党员。")
    grades = {}
    for key, value in request.POST.items():
        if key.startswith("grade-") and value:
            try:
                grades[int(key.removeprefix("grade-"))] = value
            except ValueError:
                continue
    _, error = run_service_message(services.appraisal_record, actor=user, meeting=meeting, grades=grades)
    if error:
        return _detail(request, meeting, appraisal_errors=[error], appraisal_posted=request.POST)
    messages.success(request, f"已保存评议等次（{len(grades)}人）。")
    return redirect("meetings:detail", meeting_id=meeting.pk)


# --- attachments ---------------------------------------------------------------------------


@require_POST
def attachment_upload(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(actor=user, meeting=meeting, name=upload.name, data=_read(upload))
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已上传附件“{upload.name}”。")
            return redirect("meetings:detail", meeting_id=meeting.pk)
    return _detail(request, meeting, attachment_form=form)


def _attachment(user, meeting_id, attachment_id, *, write: bool = False) -> MeetingAttachment:
    meeting = selectors.access_meeting(user, meeting_id, write=write)
    return get_or_404(
        MeetingAttachment.objects.select_related("meeting__organization").filter(meeting=meeting),
        attachment_id,
    )


@require_GET
def attachment_download(request, meeting_id, attachment_id):
    att = _attachment(request.user, meeting_id, attachment_id)
    path = services.attachment_path(att)
    if not path.is_file():
        raise Http404("附件文件已丢失，请联系管理员。")
    response = FileResponse(path.open("rb"), content_type=att.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(att.name)
    return response


@require_POST
def attachment_delete(request, meeting_id, attachment_id):
    att = _attachment(request.user, meeting_id, attachment_id, write=True)
    services.attachment_delete(actor=request.user, attachment=att)
    messages.success(request, f"已删除附件“{att.name}”。")
    return redirect("meetings:detail", meeting_id=meeting_id)


# --- documents -----------------------------------------------------------------------------


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_GET
def record_docx(request, meeting_id):
    meeting = selectors.access_meeting(request.user, meeting_id)
    return _docx(*documents.meeting_record_docx(actor=request.user, meeting=meeting))


@require_GET
def signin_sheet_docx(request, meeting_id):
    meeting = selectors.access_meeting(request.user, meeting_id)
    return _docx(*documents.signin_sheet_docx(actor=request.user, meeting=meeting))


# --- attendance ----------------------------------------------------------------------------


def _missing_candidates(meeting, roster_ids: set[int]) -> list[Person]:
    """Members of the organisation on the meeting's date who are not on the roster (yet)."""
    day = services._local_day(meeting.held_at)
    eligible = services.roster_for(
        organization=meeting.organization, kind=meeting.kind, day=day, youth_group=meeting.youth_group
    )
    ids = [pid for pid, _v in eligible if pid not in roster_ids]
    return list(Person.objects.filter(pk__in=ids).order_by("name_pinyin", "id")) if ids else []


def _attendance_page(request, meeting, *, errors=(), posted=None, add_form=None, status=200):
    user = request.user
    can_write = scoping.can_write_path(user, meeting.organization.path)
    rows = []
    for att in selectors.roster(meeting=meeting):
        membership = getattr(att.person, "membership", None)
        value, reason = att.status, att.leave_reason
        if posted is not None:
            value = posted.get(f"status-{att.person_id}", value)
            reason = posted.get(f"reason-{att.person_id}", reason)
        rows.append(
            {
                "att": att,
                "status": value,
                "reason": reason,
                "probationary": membership is not None and membership.status == MembershipStatus.PROBATIONARY,
            }
        )
    roster_ids = {r["att"].person_id for r in rows}
    started = services.has_started(meeting)
    return render(
        request,
        "meetings/meeting_attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "errors": list(errors),
            "can_write": can_write,
            "can_record": can_write and started,
            "started": started,
            "not_started": services.not_started_message(meeting),
            "statuses": list(AttendanceStatus.choices),
            "add_form": add_form or forms.AddPersonForm(),
            "candidates": _missing_candidates(meeting, roster_ids) if can_write else [],
            "summary": selectors.attendance_summary(meeting=meeting),
        },
        status=status,
    )


def meeting_attendance(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=request.method == "POST")
    if request.method != "POST":
        return _attendance_page(request, meeting)
    rows = []
    for raw in request.POST.getlist("person"):
        try:
            pid = int(raw)
        except ValueError:
            continue
        rows.append(
            {
                "person_id": pid,
                "status": request.POST.get(f"status-{pid}", ""),
                "leave_reason": request.POST.get(f"reason-{pid}", ""),
            }
        )
    changed, error = run_service_message(services.attendance_record, actor=user, meeting=meeting, rows=rows)
    if error:
        return _attendance_page(request, meeting, errors=[error], posted=request.POST)
    messages.success(request, f"已保存出勤情况（{changed}人有变动）。")
    return redirect("meetings:attendance", meeting_id=meeting.pk)


@require_POST
def attendance_add(request, meeting_id):
    user = request.user
    meeting = selectors.access_meeting(user, meeting_id, write=True)
    form = forms.AddPersonForm(request.POST)
    if form.is_valid():
        pid = form.cleaned_data["person"]
        person = Person.objects.filter(scoping.person_q(user), pk=pid).first()
        try:
            if person is None:
                message = meeting_errors.ERR_PERSON_UNKNOWN.format(id=pid)
                audit.denied(actor=user, object_type="people.person", object_id=pid, reason=message)
                raise ApplicationError(message, field="person")
            services.attendance_add(actor=user, meeting=meeting, person=person)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已将{person.name}加入应到人员名单。")
            return redirect("meetings:attendance", meeting_id=meeting.pk)
    return _attendance_page(request, meeting, add_form=form)


# --- my attendance -------------------------------------------------------------------------


@require_GET
def my_attendance(request):
    user = request.user
    person = user.person if user.person_id else None
    years: OrderedDict[int, dict] = OrderedDict()
    if person is not None:
        for att in selectors.attendance_of_person(actor=user, person=person):
            year = timezone.localtime(att.meeting.held_at).year
            bucket = years.setdefault(year, {"year": year, "rows": [], "present": 0, "leave": 0, "absent": 0})
            bucket["rows"].append(att)
            bucket[att.status] = bucket.get(att.status, 0) + 1
    return render(request, "meetings/mine.html", {"person": person, "years": list(years.values())})
