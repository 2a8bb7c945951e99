import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import ApplicationError
from dangjian.core.models import AuditAction, AuditEvent
from dangjian.meetings import errors
from dangjian.meetings.enums import AppraisalGrade, AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.models import Appraisal, Attendance, Meeting, MeetingAttachment, MeetingVote
from dangjian.meetings.services import meetings as services
from dangjian.people import services as people_services
from dangjian.tests.personas import make_person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def at(y, m, d, h=9):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def meeting(world, org=None, kind=MeetingKind.GENERAL_MEETING, title=None, held_at=None, **kw):
    return services.meeting_create(
        actor=world.committee,
        organization=org or world.a1,
        kind=kind,
        title=title or f"{(org or world.a1).name}会议",
        held_at=held_at or at(2024, 3, 5),
        status=kw.pop("status", MeetingStatus.HELD),
        **kw,
    )


def upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def form_data(**over):
    data = {
        "kind": MeetingKind.GENERAL_MEETING,
        "title": "三月支部党员大会",
        "held_at_0": "2024-03-05",
        "held_at_1": "09:00",
        "status": MeetingStatus.HELD,
        "place": "三楼会议室",
        "host": "",
        "recorder": "",
        "topics": "讨论发展党员",
        "study_content": "学习党章",
        "minutes": "会议由书记主持。",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-title": "学习重要讲话",
        "agenda-0-is_first_topic": "on",
        "agenda-0-speech": "在某次会议上的重要讲话",
        "agenda-1-title": "讨论议题",
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def events(action=None, **kw):
    qs = AuditEvent.objects.filter(**kw)
    return qs.filter(action=action) if action else qs


# --- scoping -------------------------------------------------------------------------------


def test_b1s_meetings_never_appear_in_the_a1_secretarys_list(world, login):
    meeting(world, title="财政一支部大会")
    meeting(world, org=world.b1, title="教育一支部大会")
    client = login(world.secretary)
    for query in ("", f"?org={world.b1.pk}", f"?org={world.oc_b.pk}", "?kind=general_meeting&year=2024"):
        page = client.get(f"/meetings/{query}").content.decode()
        assert "教育一支部大会" not in page
    assert "财政一支部大会" in client.get("/meetings/").content.decode()


def test_the_secretary_of_a1_gets_404_for_every_page_of_a_b1_meeting(world, login):
    m = meeting(world, org=world.b1)
    att = services.attachment_add(actor=world.committee, meeting=m, name="纪要.pdf", data=PDF)
    client = login(world.secretary)
    for url in (
        f"/meetings/{m.pk}/",
        f"/meetings/{m.pk}/attendance/",
        f"/meetings/{m.pk}/edit/",
        f"/meetings/{m.pk}/record.docx",
        f"/meetings/{m.pk}/signin-sheet.docx",
        f"/meetings/{m.pk}/attachments/{att.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    person = world.people["member_b1"].pk
    for url, data in (
        (f"/meetings/{m.pk}/edit/", form_data()),
        (f"/meetings/{m.pk}/attendance/", {"person": person, f"status-{person}": "present"}),
        (f"/meetings/{m.pk}/attendance/add/", {"person": person}),
        (f"/meetings/{m.pk}/votes/", {"subject": "x", "votes_for": 1}),
        (f"/meetings/{m.pk}/appraisal/", {}),
        (f"/meetings/{m.pk}/attachments/", {"file": upload("a.pdf", PDF)}),
        (f"/meetings/{m.pk}/attachments/{att.pk}/delete/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert Attendance.objects.get(meeting=m, person_id=person).status == AttendanceStatus.ABSENT
    assert MeetingAttachment.objects.filter(meeting=m).count() == 1


def test_an_attachment_of_another_meeting_is_not_reachable_through_my_meeting(world, login):
    mine = meeting(world)
    other = meeting(world, org=world.b1)
    att = services.attachment_add(actor=world.committee, meeting=other, name="纪要.pdf", data=PDF)
    assert login(world.secretary).get(f"/meetings/{mine.pk}/attachments/{att.pk}/").status_code == 404


def test_a_member_without_a_subtree_sees_no_meetings_and_gets_404(world, login):
    m = meeting(world)
    client = login(world.member)
    assert m.title not in client.get("/meetings/").content.decode()
    assert client.get(f"/meetings/{m.pk}/").status_code == 404


def test_the_auditor_reads_everything_but_gets_403_on_writes(world, login):
    m = meeting(world)
    client = login(world.auditor)
    for url in (
        f"/meetings/{m.pk}/",
        f"/meetings/{m.pk}/attendance/",
        f"/meetings/{m.pk}/record.docx",
        "/meetings/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/meetings/new/").status_code == 403
    assert client.get(f"/meetings/{m.pk}/edit/").status_code == 403
    person = world.people["member_a1"].pk
    for url, data in (
        (f"/meetings/{m.pk}/edit/", form_data()),
        (f"/meetings/{m.pk}/attendance/", {"person": person, f"status-{person}": "present"}),
        (f"/meetings/{m.pk}/votes/", {"subject": "x", "votes_for": 1}),
        (f"/meetings/{m.pk}/attachments/", {"file": upload("a.pdf", PDF)}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert not Attendance.objects.filter(meeting=m, status=AttendanceStatus.PRESENT).exists()
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert "记录表决" not in page and f"/meetings/{m.pk}/edit/" not in page


# --- list ----------------------------------------------------------------------------------


def test_the_list_filters_by_subtree_kind_year_and_status(world, login):
    meeting(world, title="一支部大会")
    meeting(world, org=world.a3, kind=MeetingKind.THEMED_DAY, title="三支部主题党日")
    meeting(world, org=world.a2, kind=MeetingKind.LECTURE, title="二支部党课2023", held_at=at(2023, 6, 1))
    meeting(
        world, org=world.a2, kind=MeetingKind.LECTURE, title="二支部计划党课", status=MeetingStatus.PLANNED
    )
    client = login(world.unit_staff)

    def titles(query):
        return {m.title for m, _c in client.get(f"/meetings/{query}").context["rows"]}

    assert titles(f"?org={world.ga.pk}") == {"三支部主题党日"}
    assert titles("?kind=lecture") == {"二支部党课2023", "二支部计划党课"}
    assert titles("?year=2023") == {"二支部党课2023"}
    assert titles("?status=planned") == {"二支部计划党课"}


def test_the_list_makes_the_same_number_of_queries_for_1_and_50_meetings(world, login):
    meeting(world)
    client = login(world.committee)
    client.get("/meetings/")
    with CaptureQueriesContext(connection) as one:
        response = client.get("/meetings/")
    assert len(response.context["rows"]) == 1
    for i in range(49):
        Meeting.objects.create(
            organization=world.a2,
            root=world.root,
            kind=MeetingKind.THEMED_DAY,
            title=f"主题党日{i}",
            held_at=at(2024, 1, 1) + dt.timedelta(hours=i),
            host=world.people["member_a2"],
        )
    with CaptureQueriesContext(connection) as fifty:
        response = client.get("/meetings/?page=1")
    assert len(response.context["rows"]) == 30 and response.context["page"].paginator.count == 50
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


# --- create / edit -------------------------------------------------------------------------


def test_a_secretary_picks_the_branch_then_records_a_meeting_with_its_agenda(world, login):
    client = login(world.secretary)
    assert "下一步" in client.get("/meetings/new/").content.decode()
    page = client.get(f"/meetings/new/?org={world.a1.pk}")
    kinds = dict(page.context["form"].fields["kind"].choices)
    assert MeetingKind.GENERAL_MEETING in kinds and MeetingKind.GROUP_MEETING not in kinds
    assert MeetingKind.CENTRAL_GROUP not in kinds
    host = world.people["member_a1"]
    response = client.post(f"/meetings/new/?org={world.a1.pk}", form_data(host=host.pk, recorder=host.pk))
    assert response.status_code == 302, response.context["form"].errors
    m = Meeting.objects.get(title="三月支部党员大会")
    assert response["Location"] == reverse("meetings:detail", args=[m.pk])
    assert (m.organization, m.status, m.host, m.place) == (world.a1, MeetingStatus.HELD, host, "三楼会议室")
    assert [(a.title, a.is_first_topic) for a in m.agenda.all()] == [
        ("学习重要讲话", True),
        ("讨论议题", False),
    ]
    assert m.attendance.count() == 2
    assert events(AuditAction.CREATE, object_type="meetings.meeting", object_id=str(m.pk)).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "第一议题" in detail and "学习重要讲话" in detail


def test_a_held_meeting_in_the_future_is_refused_on_the_time_field(world, login):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = login(world.secretary).post(f"/meetings/new/?org={world.a1.pk}", form_data(held_at_0=future))
    assert response.status_code == 200
    assert response.context["form"].errors["held_at"] == [errors.ERR_FUTURE_HELD]
    assert errors.ERR_FUTURE_HELD in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_secretary_cannot_pick_a_branch_outside_their_scope(world, login):
    client = login(world.secretary)
    response = client.get(f"/meetings/new/?org={world.b1.pk}")
    assert response.status_code == 200 and "form" in response.context
    assert "不在您的管理范围内" in response.content.decode()
    client.post(f"/meetings/new/?org={world.b1.pk}", form_data())
    assert not Meeting.objects.exists()


def test_a_kind_the_organisation_cannot_hold_and_a_host_from_another_branch_are_refused(world, login):
    client = login(world.secretary)
    response = client.post(
        f"/meetings/new/?org={world.a1.pk}",
        form_data(kind=MeetingKind.GROUP_MEETING, host=world.people["member_b1"].pk),
    )
    form = response.context["form"]
    assert form.errors["kind"] == [errors.ERR_KIND_CHOICE]
    assert form.errors["host"] == [errors.ERR_PERSON_CHOICE]
    assert not Meeting.objects.exists()


def test_two_first_topics_are_refused(world, login):
    response = login(world.secretary).post(
        f"/meetings/new/?org={world.a1.pk}", form_data(**{"agenda-1-is_first_topic": "on"})
    )
    assert errors.ERR_FIRST_TOPIC_ONE in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_central_group_session_records_the_committee_sitting_in(world, login):
    observer = make_person(world.root, "工委干部", seq=60)
    client = login(world.unit_staff)
    page = client.get(f"/meetings/new/?org={world.oc_a.pk}")
    assert MeetingKind.CENTRAL_GROUP in dict(page.context["form"].fields["kind"].choices)
    response = client.post(
        f"/meetings/new/?org={world.oc_a.pk}",
        form_data(
            kind=MeetingKind.CENTRAL_GROUP,
            title="中心组专题学习",
            committee_attended="on",
            observers=observer.pk,
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    m = Meeting.objects.get(title="中心组专题学习")
    assert m.committee_attended and list(m.observers.all()) == [observer] and m.unit == world.unit_a
    assert "工委干部" in client.get(response["Location"]).content.decode()


def test_editing_a_meeting_saves_it_audits_it_and_moves_the_roster_with_the_date(world, login):
    m = meeting(world, status=MeetingStatus.PLANNED)
    people_services.membership_transfer(
        actor=world.committee, person=world.people["member_a2"], target=world.a1, on=dt.date(2024, 4, 1)
    )
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/edit/",
        form_data(title="改期后的大会", held_at_0="2024-05-06", status=MeetingStatus.PLANNED),
    )
    assert response.status_code == 302, response.context["form"].errors
    m.refresh_from_db()
    assert m.title == "改期后的大会" and timezone.localtime(m.held_at).date() == dt.date(2024, 5, 6)
    assert {a.person.name for a in m.attendance.select_related("person")} == {"张三", "李四", "王五"}
    event = events(AuditAction.UPDATE, object_type="meetings.meeting", object_id=str(m.pk)).latest("id")
    assert event.changes["title"] == [f"{world.a1.name}会议", "改期后的大会"]


# --- detail: quorum, votes, appraisal ------------------------------------------------------


def test_the_detail_shows_the_quorum_with_its_rule_and_a_vote_below_quorum_is_refused(world, login):
    m = meeting(world)
    client = login(world.secretary)
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert "第十一条" in page and "未达到法定人数" in page
    response = client.post(f"/meetings/{m.pk}/votes/", {"subject": "接收预备党员", "votes_for": 1})
    assert response.status_code == 200
    assert "第十一条" in response.content.decode() and "不能表决" in response.content.decode()
    assert not MeetingVote.objects.exists()


def test_a_vote_with_the_quorum_is_recorded_and_audited(world, login):
    m = meeting(world)
    services.attendance_record(
        actor=world.secretary,
        meeting=m,
        rows=[{"person_id": world.people["member_a1"].pk, "status": AttendanceStatus.PRESENT}],
    )
    client = login(world.secretary)
    response = client.post(f"/meetings/{m.pk}/votes/", {"subject": "接收预备党员", "votes_for": 1})
    assert response.status_code == 302
    vote = MeetingVote.objects.get(meeting=m)
    assert vote.passed and events(AuditAction.CREATE, object_type="meetings.meetingvote").exists()
    assert "接收预备党员" in client.get(f"/meetings/{m.pk}/").content.decode()


def test_appraisal_refuses_more_than_a_third_excellent_and_does_not_grade_probationers(world, login):
    extra = [make_person(world.a1, f"正式{i}", seq=30 + i) for i in range(2)]
    m = meeting(world, kind=MeetingKind.APPRAISAL)
    client = login(world.secretary)
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert "预备党员·不评定等次" in page
    assert f'name="grade-{world.people["other_a1"].pk}"' not in page
    a, b, c = world.people["member_a1"], extra[0], extra[1]
    response = client.post(
        f"/meetings/{m.pk}/appraisal/",
        {
            f"grade-{a.pk}": AppraisalGrade.EXCELLENT,
            f"grade-{b.pk}": AppraisalGrade.EXCELLENT,
            f"grade-{c.pk}": AppraisalGrade.QUALIFIED,
        },
    )
    assert response.status_code == 200 and "三分之一" in response.content.decode()
    assert not Appraisal.objects.exists()
    response = client.post(
        f"/meetings/{m.pk}/appraisal/",
        {
            f"grade-{a.pk}": AppraisalGrade.EXCELLENT,
            f"grade-{b.pk}": AppraisalGrade.QUALIFIED,
            f"grade-{c.pk}": AppraisalGrade.BASIC,
        },
    )
    assert response.status_code == 302
    assert Appraisal.objects.filter(meeting=m).count() == 3
    assert events(
        AuditAction.UPDATE, object_type="meetings.meeting", object_id=str(m.pk), changes__has_key="appraisal"
    ).exists()


def test_the_sign_in_screen_button_is_there_for_writers_only(world, login):
    m = meeting(world)
    expected = reverse("meetings:signin_screen", args=[m.pk])
    assert login(world.secretary).get(f"/meetings/{m.pk}/").context["signin_screen_url"] == expected
    assert login(world.auditor).get(f"/meetings/{m.pk}/").context["signin_screen_url"] is None


# --- attendance ----------------------------------------------------------------------------


def roster_post(m, overrides: dict, extra_people=()):
    data = {"person": [a.person_id for a in m.attendance.all()] + list(extra_people)}
    for a in m.attendance.all():
        data[f"status-{a.person_id}"] = a.status
    data.update(overrides)
    return data


def test_the_attendance_page_lists_the_roster_and_marks_probationers_and_qr_sign_ins(world, login):
    m = meeting(world)
    services.attendance_sign_in(actor=world.member, meeting=m)
    page = login(world.secretary).get(f"/meetings/{m.pk}/attendance/").content.decode()
    assert "张三" in page and "李四" in page and "预备党员·无表决权" in page
    assert "扫码签到" in page


def test_attendance_is_saved_all_at_once_and_audited(world, login):
    m = meeting(world)
    a, b = world.people["member_a1"], world.people["other_a1"]
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/attendance/",
        roster_post(m, {f"status-{a.pk}": "present", f"status-{b.pk}": "leave", f"reason-{b.pk}": "出差"}),
    )
    assert response.status_code == 302
    rows = {x.person_id: (x.status, x.leave_reason) for x in m.attendance.all()}
    assert rows == {a.pk: ("present", ""), b.pk: ("leave", "出差")}
    assert events(
        AuditAction.UPDATE, object_type="meetings.meeting", object_id=str(m.pk), changes__has_key="attendance"
    ).exists()


def test_a_leave_without_reason_refuses_the_whole_roster(world, login):
    m = meeting(world)
    a, b = world.people["member_a1"], world.people["other_a1"]
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/attendance/",
        roster_post(m, {f"status-{a.pk}": "present", f"status-{b.pk}": "leave"}),
    )
    assert response.status_code == 200
    assert errors.ERR_LEAVE_REASON.format(name="李四") in response.content.decode()
    assert not m.attendance.filter(status="present").exists()


def test_attendance_for_someone_not_in_the_organisation_is_refused(world, login):
    m = meeting(world)
    outsider = world.people["member_b1"]
    a = world.people["member_a1"]
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/attendance/",
        roster_post(
            m, {f"status-{a.pk}": "present", f"status-{outsider.pk}": "present"}, extra_people=[outsider.pk]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200 and errors.ERR_PERSON_UNKNOWN.format(id=outsider.pk) in page
    assert "孙七" not in page  # outside the secretary's scope: named nowhere
    assert not m.attendance.filter(status="present").exists()
    assert not m.attendance.filter(person=outsider).exists()


def test_two_rows_for_one_person_are_refused(world, login):
    m = meeting(world)
    a = world.people["member_a1"]
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/attendance/", roster_post(m, {f"status-{a.pk}": "present"}, extra_people=[a.pk])
    )
    assert errors.ERR_DUPLICATE_PERSON.format(name="张三") in response.content.decode()
    assert not m.attendance.filter(status="present").exists()


def test_someone_missing_can_be_added_only_if_a_member_on_that_date(world, login):
    m = meeting(world)
    late = make_person(world.a1, "补登", seq=40)  # registered after the meeting, a member since 2010
    client = login(world.secretary)
    page = client.get(f"/meetings/{m.pk}/attendance/").content.decode()
    assert f'<option value="{late.pk}">补登</option>' in page
    assert client.post(f"/meetings/{m.pk}/attendance/add/", {"person": late.pk}).status_code == 302
    assert m.attendance.get(person=late).is_voting
    assert events(
        AuditAction.UPDATE,
        object_type="meetings.meeting",
        object_id=str(m.pk),
        changes__has_key="roster_added",
    ).exists()
    outsider = world.people["member_b1"]
    response = client.post(f"/meetings/{m.pk}/attendance/add/", {"person": outsider.pk})
    assert response.status_code == 200 and "孙七" not in response.content.decode()
    assert errors.ERR_PERSON_UNKNOWN.format(id=outsider.pk) in response.content.decode()
    assert not m.attendance.filter(person=outsider).exists()
    response = client.post(f"/meetings/{m.pk}/attendance/add/", {"person": late.pk})
    assert errors.ERR_ALREADY_ON_ROSTER.format(name="补登") in response.content.decode()
    assert m.attendance.filter(person=late).count() == 1


# --- attachments ---------------------------------------------------------------------------


def test_an_attachment_is_stored_under_a_random_name_and_downloaded_by_those_who_see_the_meeting(
    world, login, settings
):
    m = meeting(world)
    client = login(world.secretary)
    response = client.post(f"/meetings/{m.pk}/attachments/", {"file": upload("../../会议纪要.pdf", PDF)})
    assert response.status_code == 302
    att = MeetingAttachment.objects.get(meeting=m)
    assert att.name == "会议纪要.pdf" and "会议纪要" not in att.stored_name
    stored = settings.MEDIA_ROOT / "meetings" / str(m.pk) / att.stored_name
    assert stored.read_bytes() == PDF
    assert events(AuditAction.CREATE, object_type="meetings.meetingattachment").exists()
    download = login(world.auditor).get(f"/meetings/{m.pk}/attachments/{att.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    client = login(world.secretary)
    assert client.post(f"/meetings/{m.pk}/attachments/{att.pk}/delete/").status_code == 302
    assert not MeetingAttachment.objects.exists()
    assert events(AuditAction.DELETE, object_type="meetings.meetingattachment").exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("程序.exe", b"MZ\x90\x00", errors.ERR_ATTACHMENT_TYPE),
        ("无扩展名", PDF, errors.ERR_ATTACHMENT_TYPE),
        ("伪装.pdf", PNG, errors.ERR_ATTACHMENT_MISMATCH.format(ext="pdf")),
        ("伪装.docx", b"PK\x03\x04" + b"\x00" * 40, errors.ERR_ATTACHMENT_MISMATCH.format(ext="docx")),
    ],
)
def test_an_attachment_of_a_wrong_type_is_refused(world, login, name, data, message):
    m = meeting(world)
    response = login(world.secretary).post(f"/meetings/{m.pk}/attachments/", {"file": upload(name, data)})
    assert response.status_code == 200 and message in response.content.decode()
    assert not MeetingAttachment.objects.exists()


def test_an_attachment_over_the_size_limit_is_refused(world, login, settings):
    m = meeting(world)
    big = PDF + b"0" * (services.ATTACHMENT_MAX_BYTES + 1 - len(PDF))
    response = login(world.secretary).post(
        f"/meetings/{m.pk}/attachments/", {"file": upload("大文件.pdf", big)}
    )
    assert errors.ERR_ATTACHMENT_SIZE.format(mb=20) in response.content.decode()
    assert not MeetingAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "meetings" / str(m.pk)).exists()


def test_a_bad_attachment_on_the_create_form_writes_no_meeting(world, login):
    response = login(world.secretary).post(
        f"/meetings/new/?org={world.a1.pk}", form_data(file=upload("x.pdf", PNG))
    )
    assert response.context["form"].errors["file"] == [errors.ERR_ATTACHMENT_MISMATCH.format(ext="pdf")]
    assert not Meeting.objects.exists()


# --- my attendance -------------------------------------------------------------------------


def test_a_member_sees_their_own_attendance_by_year_with_counts(world, login):
    m1 = meeting(world, title="大会一")
    m2 = meeting(world, kind=MeetingKind.THEMED_DAY, title="主题党日二", held_at=at(2024, 4, 1))
    meeting(world, kind=MeetingKind.LECTURE, title="党课三", held_at=at(2023, 11, 1))
    meeting(world, org=world.b1, title="别的支部")
    p = world.people["member_a1"]
    services.attendance_record(
        actor=world.secretary, meeting=m1, rows=[{"person_id": p.pk, "status": "present"}]
    )
    services.attendance_record(
        actor=world.secretary,
        meeting=m2,
        rows=[{"person_id": p.pk, "status": "leave", "leave_reason": "病假"}],
    )
    response = login(world.member).get("/meetings/mine/")
    years = {y["year"]: (y["present"], y["leave"], y["absent"]) for y in response.context["years"]}
    assert years == {2024: (1, 1, 0), 2023: (0, 0, 1)}
    page = response.content.decode()
    assert "病假" in page and "别的支部" not in page


def test_a_user_without_a_person_gets_a_friendly_message(world, login):
    response = login(world.secretary).get("/meetings/mine/")
    assert response.status_code == 200 and "没有关联党员信息" in response.content.decode()


def test_a_kind_asked_for_in_the_link_is_preselected(world, login):
    client = login(world.committee)
    page = client.get("/meetings/new/?kind=central_group").content.decode()
    assert 'name="kind" value="central_group"' in page
    form = client.get(f"/meetings/new/?org={world.oc_a.pk}&kind=central_group").content.decode()
    assert '<option value="central_group" selected>' in form


# --- friction: where the message is, filling in, what is possible when --------------------------


def test_a_refused_vote_returns_to_the_vote_form_with_its_message(world, login):
    m = meeting(world)
    client = login(world.secretary)
    page = client.get(f"/meetings/{m.pk}/").content.decode()
    assert f'action="/meetings/{m.pk}/votes/#vote-form"' in page  # the browser scrolls to the form
    response = client.post(f"/meetings/{m.pk}/votes/", {"subject": "接收预备党员", "votes_for": 1})
    form = response.content.decode().split('id="vote-form"')[1].split("</form>")[0]
    assert "不能表决" in form


def test_the_attendance_page_offers_all_present_in_one_click(world, login):
    m = meeting(world)
    page = login(world.secretary).get(f"/meetings/{m.pk}/attendance/").content.decode()
    assert 'data-fill-status="present"' in page and "全部出席" in page and "js/meetings.js" in page


def test_agenda_rows_are_added_in_the_page_and_all_are_saved(world, login):
    client = login(world.secretary)
    page = client.get(f"/meetings/new/?org={world.a1.pk}").content.decode()
    assert (
        'data-add-row="agenda"' in page
        and 'id="agenda-empty-row"' in page
        and "agenda-__prefix__-title" in page
    )
    data = form_data(**{"agenda-TOTAL_FORMS": "3", "agenda-2-title": "第三项议程"})
    assert client.post(f"/meetings/new/?org={world.a1.pk}", data).status_code == 302
    m = Meeting.objects.get(title="三月支部党员大会")
    assert [a.title for a in m.agenda.all()] == ["学习重要讲话", "讨论议题", "第三项议程"]


def test_a_secretary_finds_their_branch_preselected(world, login):
    form = login(world.secretary).get("/meetings/new/").context["form"]
    assert form["org"].value() == world.a1.pk
    assert login(world.committee).get("/meetings/new/").context["form"]["org"].value() is None


def test_attendance_and_votes_wait_until_the_meeting_has_started(world, login):
    later = meeting(world, held_at=timezone.now() + dt.timedelta(days=7), status=MeetingStatus.PLANNED)
    person = world.people["member_a1"]
    with pytest.raises(ApplicationError) as e:
        services.attendance_record(
            actor=world.secretary,
            meeting=later,
            rows=[{"person_id": person.pk, "status": AttendanceStatus.PRESENT}],
        )
    assert e.value.message == services.not_started_message(later) and "尚未开始" in e.value.message
    with pytest.raises(ApplicationError):
        services.vote_record(actor=world.secretary, meeting=later, subject="接收预备党员", votes_for=1)
    client = login(world.secretary)
    page = client.get(f"/meetings/{later.pk}/attendance/").content.decode()
    assert 'id="attendance-not-started"' in page and "保存出勤" not in page and "全部出席" not in page
    assert 'id="vote-not-started"' in client.get(f"/meetings/{later.pk}/").content.decode()
    response = client.post(
        f"/meetings/{later.pk}/attendance/", {"person": person.pk, f"status-{person.pk}": "present"}
    )
    assert "尚未开始" in response.content.decode()
    assert not Attendance.objects.filter(meeting=later, status=AttendanceStatus.PRESENT).exists()
